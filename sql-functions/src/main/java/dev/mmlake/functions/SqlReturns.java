package dev.mmlake.functions;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the SQL result type of an {@code eval} method when the Java type alone does not say it,
 * e.g. {@code @SqlReturns("REAL ARRAY")} on a method returning {@code List<Float>}.
 * Supported: a base type name (VARCHAR, DOUBLE, REAL, BIGINT, INTEGER, BOOLEAN, VARBINARY)
 * optionally followed by {@code ARRAY}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SqlReturns {
  String value();
}
