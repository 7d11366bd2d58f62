package dev.mmlake.functions;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the {@link Effect}s of a function class, for functions added without a
 * {@link FunctionRegistry} call (e.g. {@link FunctionCatalog#register}). Effects given at
 * registration are added to these.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Effects {
  Effect[] value();
}
