package dev.mmlake.engine;

import dev.mmlake.functions.FunctionCatalog;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import org.apache.calcite.schema.SchemaPlus;

/** Registers mmlake's SQL functions in a session's root schema. */
final class SqlFunctions {
  private SqlFunctions() {
  }

  static void register(SchemaPlus root, Engine engine) {
    for (Map.Entry<String, Class<?>> e : FunctionCatalog.scalars().entrySet()) {
      int n = 0;
      for (Method m : e.getValue().getMethods()) {
        if (m.getName().equals("eval") && Modifier.isPublic(m.getModifiers())) {
          root.add(e.getKey(), TypedScalarFunction.of(m));
          n++;
        }
      }
      if (n == 0) {
        throw new IllegalStateException("Function class " + e.getValue().getName()
            + " for " + e.getKey() + " has no public eval method");
      }
    }
  }
}
