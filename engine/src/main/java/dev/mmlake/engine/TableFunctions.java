package dev.mmlake.engine;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.SchemaPlus;
import dev.mmlake.engine.plan.CursorTableFunction;

/**
 * The table functions mmlake registers in every session, by SQL name. Each is a public static
 * method returning a Calcite table; it reads its lakehouse from
 * {@link dev.mmlake.catalog.StatementContext#current()}.
 */
final class TableFunctions {
  private static final Map<String, Method> FUNCTIONS = new LinkedHashMap<>();

  static {
    define("read_fineweb", dev.mmlake.engine.ingest.ConnectorFunctions.class, "readFineweb");
    define("read_coco", dev.mmlake.engine.ingest.ConnectorFunctions.class, "readCoco");
    define("read_librispeech", dev.mmlake.engine.ingest.ConnectorFunctions.class, "readLibrispeech");
    define("read_msrvtt", dev.mmlake.engine.ingest.ConnectorFunctions.class, "readMsrvtt");
    define("read_finevideo", dev.mmlake.engine.ingest.ConnectorFunctions.class, "readFinevideo");
    define("ANN_DEDUP", dev.mmlake.engine.dedup.DedupFunctions.class, "annDedup");
    define("EXACT_DEDUP", dev.mmlake.engine.dedup.DedupFunctions.class, "exactDedup");
    define("VERSION_DIFF", dev.mmlake.versions.VersionDiffFunction.class, "versionDiff");
  }

  private TableFunctions() {
  }

  /** Adds a table function; {@code method} must be public static and return a Calcite table. */
  static synchronized void define(String sqlName, Class<?> owner, String methodName) {
    for (Method m : owner.getMethods()) {
      if (m.getName().equals(methodName)) {
        FUNCTIONS.put(sqlName, m);
        return;
      }
    }
    throw new IllegalStateException(owner.getName() + " has no public method " + methodName);
  }

  static synchronized void register(SchemaPlus root) {
    FUNCTIONS.forEach((name, method) -> root.add(name, CursorTableFunction.of(method)));
  }
}
