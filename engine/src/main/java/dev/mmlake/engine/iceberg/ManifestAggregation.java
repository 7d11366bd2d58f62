package dev.mmlake.engine.iceberg;

import dev.mmlake.engine.iceberg.ScanAggregate.Call;
import dev.mmlake.engine.iceberg.ScanAggregate.Kind;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.linq4j.function.Predicate1;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.MetricsModes;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Answers {@code COUNT(*)}, {@code COUNT(col)}, {@code MIN(col)} and {@code MAX(col)} without a
 * GROUP BY from the data files' manifest statistics (record, value and null counts, lower and
 * upper bounds) at one snapshot, without opening a data file, optionally with a condition on
 * identity partition columns.
 *
 * <p>The answer is given only when it is exact; otherwise {@link #answer} is empty and the caller
 * reads the rows. It is not exact, and so not given, when: the snapshot has delete files; a file
 * lacks a count or bound the call needs (metrics mode {@code none}, {@code counts} for MIN/MAX, a
 * column added after the file was written); a floating column has NaN values, a bound of
 * &plusmn;0 or &plusmn;infinity (Parquet and Calcite disagree on their order); a string bound
 * may be truncated (16 characters or more, or the column's {@code truncate(n)} length); the type
 * was promoted since the file was written; or the column is not a top-level primitive.
 */
final class ManifestAggregation {
  /** Iceberg's default string bound truncation; longer bounds are never trusted. */
  private static final int TRUNCATE_DEFAULT = 16;

  private final Table table;
  private final Schema schema;

  ManifestAggregation(Table table, Schema schema) {
    this.table = table;
    this.schema = schema;
  }

  /**
   * The one result row of {@code aggregate} over {@code columns}, when statistics give it
   * exactly. {@code files}: the scan's planned files, with column statistics (pruned by its
   * filter; {@link IcebergScan#withColumnStats()}); {@code condition} (null: none), over the read
   * columns,
   * must depend only on identity partition columns ({@link ScanAggregate#filterColumns}): it is
   * evaluated on each file's partition values, which every row of the file holds, so the file
   * counts whole or not at all.
   */
  Optional<Object[]> answer(List<String> columns, ScanAggregate aggregate,
      List<FileScanTask> files, Predicate1<Object[]> condition) {
    if (!aggregate.answerableFromMetadata()) {
      return Optional.empty();
    }
    List<Call> calls = aggregate.calls();
    Types.NestedField[] fields = new Types.NestedField[calls.size()];
    MetricsConfig metrics = MetricsConfig.forTable(table);
    for (int i = 0; i < fields.length; i++) {
      Call c = calls.get(i);
      if (c.arg() < 0) {
        continue;
      }
      fields[i] = topLevel(columns.get(c.arg()));
      if (fields[i] == null || (c.kind() == Kind.MIN || c.kind() == Kind.MAX)
          && boundLimit(metrics.columnMode(fields[i].name())) == 0) {
        return Optional.empty();
      }
    }
    int[] conditionColumns = aggregate.filterColumns();
    Types.NestedField[] conditionFields = new Types.NestedField[conditionColumns.length];
    for (int i = 0; i < conditionColumns.length; i++) {
      conditionFields[i] = topLevel(columns.get(conditionColumns[i]));
      if (conditionFields[i] == null) {
        return Optional.empty();
      }
    }
    Accumulator acc = new Accumulator(calls, fields, metrics);
    for (FileScanTask task : files) {
      if (!task.deletes().isEmpty()) {
        return Optional.empty();
      }
      if (condition != null) {
        Object[] row = partitionRow(task, columns.size(), conditionColumns, conditionFields);
        if (row == null) {
          return Optional.empty();
        }
        if (!condition.apply(row)) {
          continue;
        }
      }
      if (!acc.add(task.file())) {
        return Optional.empty();
      }
    }
    return Optional.of(acc.row());
  }

  private Types.NestedField topLevel(String column) {
    Types.NestedField f = schema.findField(column);
    return f != null && f.type().isPrimitiveType() && schema.asStruct().field(f.fieldId()) != null
        ? f : null;
  }

  /**
   * A read row holding the file's identity partition values in the condition's columns (in
   * Calcite's representation), or null when one of them is not an identity partition of the
   * file's spec or has a type this does not convert.
   */
  private static Object[] partitionRow(FileScanTask task, int width, int[] positions,
      Types.NestedField[] fields) {
    Object[] row = new Object[width];
    PartitionSpec spec = task.spec();
    for (int i = 0; i < positions.length; i++) {
      int p = partitionPosition(spec, fields[i].fieldId());
      if (p < 0) {
        return null;
      }
      Object v = task.file().partition().get(p, Object.class);
      switch (fields[i].type().typeId()) {
        case BOOLEAN, INTEGER, LONG, FLOAT, DOUBLE, DATE, DECIMAL -> row[positions[i]] = v;
        case STRING -> row[positions[i]] = v == null ? null : v.toString();
        case TIMESTAMP -> row[positions[i]] = v == null ? null : Math.floorDiv((Long) v, 1000L);
        default -> {
          return null;
        }
      }
    }
    return row;
  }

  private static int partitionPosition(PartitionSpec spec, int sourceId) {
    List<PartitionField> partitionFields = spec.fields();
    for (int j = 0; j < partitionFields.size(); j++) {
      PartitionField f = partitionFields.get(j);
      if (f.sourceId() == sourceId && f.transform().isIdentity()) {
        return j;
      }
    }
    return -1;
  }

  /** Longest string bound that is exact under {@code mode}, 0 when bounds are not kept. */
  private static int boundLimit(MetricsModes.MetricsMode mode) {
    if (mode instanceof MetricsModes.Full) {
      return TRUNCATE_DEFAULT;
    }
    if (mode instanceof MetricsModes.Truncate t) {
      return Math.min(TRUNCATE_DEFAULT, t.length());
    }
    return 0;
  }

  /** Per-call running results over the files seen so far. */
  private static final class Accumulator {
    private final List<Call> calls;
    private final Types.NestedField[] fields;
    private final MetricsConfig metrics;
    private final long[] counts;
    private final Object[] extremes;

    Accumulator(List<Call> calls, Types.NestedField[] fields, MetricsConfig metrics) {
      this.calls = calls;
      this.fields = fields;
      this.metrics = metrics;
      this.counts = new long[calls.size()];
      this.extremes = new Object[calls.size()];
    }

    /** Adds one file's statistics; false when they cannot give an exact answer. */
    boolean add(DataFile file) {
      for (int i = 0; i < counts.length; i++) {
        Call c = calls.get(i);
        if (c.kind() == Kind.COUNT_STAR) {
          counts[i] += file.recordCount();
          continue;
        }
        int id = fields[i].fieldId();
        Long values = get(file.valueCounts(), id);
        Long nulls = get(file.nullValueCounts(), id);
        if (values == null || nulls == null) {
          return false;
        }
        long nonNull = values - nulls;
        counts[i] += nonNull;
        if (c.kind() == Kind.COUNT || nonNull == 0) {
          continue;
        }
        boolean min = c.kind() == Kind.MIN;
        Object bound = bound(file, fields[i], min);
        if (bound == null) {
          return false;
        }
        @SuppressWarnings("unchecked")
        Comparable<Object> current = (Comparable<Object>) extremes[i];
        if (current == null || (min ? current.compareTo(bound) > 0 : current.compareTo(bound) < 0)) {
          extremes[i] = bound;
        }
      }
      return true;
    }

    /** The file's exact lower or upper bound of {@code field} in Calcite's representation. */
    private Object bound(DataFile file, Types.NestedField field, boolean lower) {
      ByteBuffer buffer = get(lower ? file.lowerBounds() : file.upperBounds(), field.fieldId());
      if (buffer == null) {
        return null;
      }
      Type type = field.type();
      int width = buffer.remaining();
      switch (type.typeId()) {
        case INTEGER:
        case DATE:
          return width == 4 ? Conversions.fromByteBuffer(type, buffer.duplicate()) : null;
        case LONG:
          return width == 8 ? Conversions.fromByteBuffer(type, buffer.duplicate()) : null;
        case TIMESTAMP: {
          if (width != 8) {
            return null;
          }
          long micros = Conversions.fromByteBuffer(type, buffer.duplicate());
          return Math.floorDiv(micros, 1000L);
        }
        case FLOAT:
        case DOUBLE: {
          Long nans = get(file.nanValueCounts(), field.fieldId());
          if (nans == null || nans > 0 || width != (type.typeId() == Type.TypeID.FLOAT ? 4 : 8)) {
            return null;
          }
          Number n = Conversions.fromByteBuffer(type, buffer.duplicate());
          double d = n.doubleValue();
          return d == 0 || Double.isInfinite(d) || Double.isNaN(d) ? null : n;
        }
        case STRING: {
          String s = Conversions.fromByteBuffer(type, buffer.duplicate()).toString();
          int limit = boundLimit(metrics.columnMode(field.name()));
          return s.codePointCount(0, s.length()) < limit ? s : null;
        }
        default:
          return null;
      }
    }

    Object[] row() {
      Object[] row = new Object[counts.length];
      for (int i = 0; i < row.length; i++) {
        Kind k = calls.get(i).kind();
        row[i] = k == Kind.COUNT_STAR || k == Kind.COUNT ? (Object) counts[i] : extremes[i];
      }
      return row;
    }

    private static <T> T get(Map<Integer, T> map, int id) {
      return map == null ? null : map.get(id);
    }
  }
}
