package dev.mmlake.engine;

import dev.mmlake.connectors.ConnectorSpec;
import dev.mmlake.connectors.Connectors;
import dev.mmlake.engine.ingest.ConnectorTableFunction;
import dev.mmlake.engine.plan.CursorTableFunction;
import dev.mmlake.functions.FunctionCatalog;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import org.apache.calcite.schema.QueryableTable;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.SchemaPlus;

/**
 * Adds the table functions to a session's root schema: each one registered with
 * {@link FunctionCatalog} (a public static method returning a Calcite table, which reaches its
 * statement through {@link dev.mmlake.engine.exec.StatementScopes#of}; parameters of type
 * {@code Enumerable} take {@code CURSOR(query)} arguments), and one per registered
 * source connector, derived from its {@link ConnectorSpec}.
 */
final class TableFunctions {
  private TableFunctions() {
  }

  static void register(SchemaPlus root) {
    for (Map.Entry<String, FunctionCatalog.TableMethod> e : FunctionCatalog.tables().entrySet()) {
      root.add(e.getKey(), CursorTableFunction.of(method(e.getKey(), e.getValue())));
    }
    for (ConnectorSpec spec : Connectors.specs().values()) {
      root.add(spec.sqlName(), ConnectorTableFunction.of(spec));
    }
  }

  private static Method method(String sqlName, FunctionCatalog.TableMethod t) {
    for (Method m : t.owner().getMethods()) {
      if (m.getName().equals(t.methodName()) && Modifier.isStatic(m.getModifiers())
          && (ScannableTable.class.isAssignableFrom(m.getReturnType())
              || QueryableTable.class.isAssignableFrom(m.getReturnType()))) {
        return m;
      }
    }
    throw new IllegalStateException("Table function " + sqlName + ": " + t.owner().getName()
        + " has no public static method " + t.methodName() + " that returns a Calcite "
        + "ScannableTable or QueryableTable");
  }
}
