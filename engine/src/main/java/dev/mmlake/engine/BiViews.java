package dev.mmlake.engine;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.engine.sql.SqlTypeMapping;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.apache.iceberg.view.View;
import org.apache.iceberg.view.ViewRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chart-ready views of namespace {@code bi} (docs/bi.md), defined by the files
 * {@code sql/views/<name>.sql} (on the classpath as {@code mmlake/sql/views/}) and stored as
 * Iceberg views in the catalog, SQL dialect {@value #DIALECT}, so that every session and every
 * Flight SQL client sees them. {@link #install} creates missing views and replaces those whose
 * stored SQL differs from the bundled file; a view's schema is the row type Calcite derives
 * for its query.
 */
public final class BiViews {
  public static final Namespace BI = Namespace.of("bi");
  public static final String DIALECT = "calcite";
  /** The bundled view files, by view name. */
  public static final List<String> NAMES = List.of("ingest_per_day", "failures_by_type",
      "quality_pass_rate_per_version", "cost_per_version", "version_sizes", "cost_per_day");
  private static final Logger LOG = LoggerFactory.getLogger(BiViews.class);

  private BiViews() {
  }

  /** The SQL of a bundled view: the file's text without its trailing semicolon. */
  public static String sql(String name) {
    String path = "/mmlake/sql/views/" + name + ".sql";
    try (InputStream in = BiViews.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new SqlStatementException(ErrorCode.INTERNAL, "The view file " + path
            + " is missing from the build; rebuild mmlake (sql/views/ is bundled by engine/pom.xml)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().replaceAll(";$", "");
    } catch (IOException e) {
      throw new SqlStatementException(ErrorCode.INTERNAL, "Cannot read " + path + ": "
          + e.getMessage());
    }
  }

  /** Creates or updates the {@code bi} views; returns how many it wrote. */
  public static int install(Engine engine) {
    Lakehouse lakehouse = engine.lakehouse();
    if (!lakehouse.catalog().namespaceExists(BI)) {
      try {
        lakehouse.catalog().createNamespace(BI, Map.of());
      } catch (AlreadyExistsException race) {
        // created by another process meanwhile
      }
    }
    int written = 0;
    try (Session session = engine.newSession("mmlake")) {
      for (String name : NAMES) {
        TableIdentifier id = TableIdentifier.of(BI, name);
        String sql = sql(name);
        boolean exists = lakehouse.catalog().viewExists(id);
        if (exists && sql.equals(storedSql(lakehouse.catalog().loadView(id)))) {
          continue;
        }
        Schema schema = schemaOf(session, sql);
        var builder = lakehouse.catalog().buildView(id).withSchema(schema)
            .withDefaultNamespace(Namespace.of("lake")).withQuery(DIALECT, sql)
            .withProperty("comment", "mmlake bi view from sql/views/" + name + ".sql");
        try {
          if (exists) {
            builder.createOrReplace();
          } else {
            builder.create();
          }
          written++;
        } catch (AlreadyExistsException race) {
          LOG.debug("View {} was created by another process meanwhile", id);
        }
      }
    }
    return written;
  }

  /** Like {@link #install} but logs a warning instead of failing (engine start). */
  static void installQuietly(Engine engine) {
    try {
      install(engine);
    } catch (RuntimeException e) {
      LOG.warn("The bi views could not be installed ({}); run `mmlake init` to retry",
          e.getMessage());
    }
  }

  private static String storedSql(View view) {
    for (ViewRepresentation r : view.currentVersion().representations()) {
      if (r instanceof SQLViewRepresentation s && DIALECT.equals(s.dialect())) {
        return s.sql();
      }
    }
    return null;
  }

  private static Schema schemaOf(Session session, String sql) {
    try (StatementResult r = session.execute("SELECT * FROM (" + sql + ") AS v WHERE 1 = 0")) {
      RelDataType rowType = session.lastRowType();
      AtomicInteger ids = new AtomicInteger(0);
      List<Types.NestedField> fields = new ArrayList<>();
      for (RelDataTypeField f : rowType.getFieldList()) {
        fields.add(Types.NestedField.of(ids.incrementAndGet(), true, f.getName(),
            SqlTypeMapping.fromRelType(f.getType(), ids)));
      }
      return new Schema(fields);
    }
  }
}
