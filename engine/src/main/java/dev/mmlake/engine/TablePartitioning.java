package dev.mmlake.engine;

import dev.mmlake.engine.sql.PartitionField;
import dev.mmlake.error.ErrorCode;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.transforms.Transforms;
import org.apache.iceberg.types.Types;

/**
 * Turns the entries of {@code PARTITIONED BY} into the Iceberg {@link PartitionSpec} of a new
 * table: identity, year, month, day, hour, bucket and truncate, checked against the table's
 * columns and their types. Errors name the entry, the column and what would work.
 */
final class TablePartitioning {
  /** The transforms {@code PARTITIONED BY} accepts, as listed in error messages. */
  static final String TRANSFORMS = "a column name (identity), identity(c), year(c), month(c), "
      + "day(c), hour(c), bucket(N, c), truncate(N, c)";

  private TablePartitioning() {
  }

  /** The spec of table {@code id} with {@code schema}; unpartitioned when {@code fields} is empty. */
  static PartitionSpec spec(TableIdentifier id, Schema schema, List<PartitionField> fields) {
    PartitionSpec.Builder b = PartitionSpec.builderFor(schema);
    for (PartitionField f : fields) {
      Types.NestedField column = schema.findField(f.column());
      if (column == null) {
        column = schema.caseInsensitiveFindField(f.column());
      }
      if (column == null) {
        throw error(f, "PARTITIONED BY " + f.sql() + " names column " + f.column() + ", which "
            + id + " does not have; its columns are " + schema.columns().stream()
            .map(Types.NestedField::name).collect(Collectors.joining(", ")));
      }
      Transform<?, ?> transform = transform(f);
      if (!transform.canTransform(column.type())) {
        throw error(f, "PARTITIONED BY " + f.sql() + ": " + f.transform() + " cannot partition "
            + "column " + column.name() + " of type " + column.type() + "; " + f.transform()
            + " takes " + takes(f.transform()));
      }
      try {
        add(b, f, column.name());
      } catch (IllegalArgumentException e) {
        // e.g. the same transform of a column twice
        throw error(f, "PARTITIONED BY " + f.sql() + " is not valid here: " + e.getMessage());
      }
    }
    return b.build();
  }

  private static Transform<?, ?> transform(PartitionField f) {
    boolean widthTaking = f.transform().equals("bucket") || f.transform().equals("truncate");
    if (widthTaking && (f.width() == null || f.width() <= 0)) {
      throw error(f, "PARTITIONED BY " + f.sql() + ": " + f.transform() + " needs a positive "
          + "width, e.g. " + f.transform() + "(16, " + f.column() + ")");
    }
    if (!widthTaking && f.width() != null && isKnown(f.transform())) {
      throw error(f, "PARTITIONED BY " + f.sql() + ": " + f.transform() + " takes only a column, "
          + "e.g. " + f.transform() + "(" + f.column() + ")");
    }
    return switch (f.transform()) {
      case "identity" -> Transforms.identity();
      case "year", "years" -> Transforms.year();
      case "month", "months" -> Transforms.month();
      case "day", "days" -> Transforms.day();
      case "hour", "hours" -> Transforms.hour();
      case "bucket" -> Transforms.bucket(f.width());
      case "truncate" -> Transforms.truncate(f.width());
      default -> throw error(f, "Unknown partition transform " + f.transform() + "(...) on column "
          + f.column() + "; PARTITIONED BY takes " + TRANSFORMS);
    };
  }

  private static boolean isKnown(String transform) {
    return List.of("identity", "year", "years", "month", "months", "day", "days", "hour",
        "hours").contains(transform);
  }

  private static void add(PartitionSpec.Builder b, PartitionField f, String column) {
    switch (f.transform()) {
      case "identity" -> b.identity(column);
      case "year", "years" -> b.year(column);
      case "month", "months" -> b.month(column);
      case "day", "days" -> b.day(column);
      case "hour", "hours" -> b.hour(column);
      case "bucket" -> b.bucket(column, f.width());
      case "truncate" -> b.truncate(column, f.width());
      default -> throw new IllegalStateException("transform() accepted " + f.transform());
    }
  }

  private static String takes(String transform) {
    return switch (transform) {
      case "year", "years", "month", "months", "day", "days" -> "a DATE or TIMESTAMP column";
      case "hour", "hours" -> "a TIMESTAMP column";
      case "truncate" -> "an INTEGER, BIGINT, DECIMAL, VARCHAR or VARBINARY column";
      case "bucket" -> "an INTEGER, BIGINT, DECIMAL, DATE, TIME, TIMESTAMP, VARCHAR or VARBINARY "
          + "column";
      default -> "a column of a primitive type";
    };
  }

  private static SqlStatementException error(PartitionField f, String message) {
    return new SqlStatementException(ErrorCode.VALIDATION_ERROR, message,
        f.pos().getLineNum(), f.pos().getColumnNum(), null);
  }
}
