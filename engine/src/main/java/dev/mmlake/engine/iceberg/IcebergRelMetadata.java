package dev.mmlake.engine.iceberg;

import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.iceberg.types.Types;

/**
 * Planner metadata of lakehouse scans from Iceberg's column statistics
 * ({@link IcebergColumnStatistics}): distinct values of a column (Puffin {@code ndv}, plus one for
 * NULL), and the selectivity of {@code IS [NOT] NULL} (manifest null counts) and of
 * {@code col = literal} (one over the distinct values). Anything else gets Calcite's default
 * guesses. A scan's row count already applies its pushed conjuncts
 * ({@link IcebergTableScan#estimateRowCount}), so they have selectivity 1 on the scan and the
 * Filter kept above it is not counted twice. Scans with a pushed aggregate are left to Calcite.
 */
public final class IcebergRelMetadata {
  /** mmlake's metadata provider: these handlers first, then Calcite's defaults. */
  public static final RelMetadataProvider PROVIDER = ChainedRelMetadataProvider.of(List.of(
      ReflectiveRelMetadataProvider.reflectiveSource(new DistinctRowCount(),
          BuiltInMetadata.DistinctRowCount.Handler.class),
      ReflectiveRelMetadataProvider.reflectiveSource(new Selectivity(),
          BuiltInMetadata.Selectivity.Handler.class),
      DefaultRelMetadataProvider.INSTANCE));

  private IcebergRelMetadata() {
  }

  /** Distinct values of scan columns. */
  public static final class DistinctRowCount
      implements MetadataHandler<BuiltInMetadata.DistinctRowCount> {
    @Override
    public MetadataDef<BuiltInMetadata.DistinctRowCount> getDef() {
      return BuiltInMetadata.DistinctRowCount.DEF;
    }

    /** Distinct rows of {@code groupKey} (scan columns) among those meeting {@code predicate}. */
    public Double getDistinctRowCount(IcebergTableScan scan, RelMetadataQuery mq,
        ImmutableBitSet groupKey, RexNode predicate) {
      return distinctRowCount(scan, mq, groupKey, predicate);
    }

    /** The scan's, which the converter passes through unchanged. */
    public Double getDistinctRowCount(IcebergToEnumerableConverter converter,
        RelMetadataQuery mq, ImmutableBitSet groupKey, RexNode predicate) {
      return mq.getDistinctRowCount(converter.getInput(), groupKey, predicate);
    }
  }

  /** Selectivity of predicates over scans. */
  public static final class Selectivity implements MetadataHandler<BuiltInMetadata.Selectivity> {
    @Override
    public MetadataDef<BuiltInMetadata.Selectivity> getDef() {
      return BuiltInMetadata.Selectivity.DEF;
    }

    /** The fraction of the scan's rows that meet {@code predicate}. */
    public Double getSelectivity(IcebergTableScan scan, RelMetadataQuery mq, RexNode predicate) {
      return selectivity(scan, mq, predicate);
    }

    /** The scan's, which the converter passes through unchanged. */
    public Double getSelectivity(IcebergToEnumerableConverter converter, RelMetadataQuery mq,
        RexNode predicate) {
      return mq.getSelectivity(converter.getInput(), predicate);
    }
  }

  static Double distinctRowCount(IcebergTableScan scan, RelMetadataQuery mq,
      ImmutableBitSet groupKey, RexNode predicate) {
    if (groupKey.isEmpty()) {
      return 1.0;
    }
    Double rows = mq.getRowCount(scan);
    if (scan.aggregate() != null || rows == null) {
      return null;
    }
    if (predicate != null && !predicate.isAlwaysTrue()) {
      Double selectivity = mq.getSelectivity(scan, predicate);
      rows = rows * (selectivity == null ? RelMdUtil.guessSelectivity(predicate) : selectivity);
    }
    double product = 1;
    for (int column : groupKey) {
      Long distinct = distinctWithNull(scan, column);
      if (distinct == null) {
        return null;
      }
      product *= distinct;
    }
    return Math.max(1, Math.min(product, rows));
  }

  static Double selectivity(IcebergTableScan scan, RelMetadataQuery mq, RexNode predicate) {
    if (predicate == null || predicate.isAlwaysTrue()) {
      return 1.0;
    }
    if (scan.aggregate() != null) {
      return RelMdUtil.guessSelectivity(predicate);
    }
    double selectivity = 1;
    for (RexNode conjunct : RelOptUtil.conjunctions(predicate)) {
      RexNode overTable = overTable(scan, conjunct);
      // the scan's row count already counts the conjuncts pushed into it
      if (!scan.filters().contains(overTable)) {
        selectivity *= conjunctSelectivity(scan.icebergTable(), overTable);
      }
    }
    return selectivity;
  }

  /**
   * The fraction of the table's rows that meet all of {@code conjuncts} (over the table's
   * columns), as if they were independent.
   */
  static double selectivity(IcebergTable table, List<RexNode> conjuncts) {
    double selectivity = 1;
    for (RexNode c : conjuncts) {
      selectivity *= conjunctSelectivity(table, c);
    }
    return selectivity;
  }

  private static double conjunctSelectivity(IcebergTable table, RexNode conjunct) {
    Double known = known(table, conjunct, table.getStatistic().getRowCount());
    return known != null ? known : RelMdUtil.guessSelectivity(conjunct);
  }

  /** {@code conjunct} over the scan's columns rewritten over the table's columns. */
  private static RexNode overTable(IcebergTableScan scan, RexNode conjunct) {
    int[] projects = scan.projects();
    if (projects == null) {
      return conjunct;
    }
    return conjunct.accept(new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(projects[ref.getIndex()], ref.getType());
      }
    });
  }

  private static Double known(IcebergTable table, RexNode conjunct, double total) {
    if (!(conjunct instanceof RexCall call) || call.getOperands().isEmpty()
        || !(call.getOperands().get(0) instanceof RexInputRef ref)
        || ref.getIndex() >= table.schema().columns().size()) {
      return null;
    }
    Types.NestedField field = table.schema().columns().get(ref.getIndex());
    IcebergColumnStatistics stats = table.columnStatistics();
    SqlKind kind = call.getKind();
    if ((kind == SqlKind.IS_NULL || kind == SqlKind.IS_NOT_NULL) && total > 0) {
      Long nulls = field.isRequired() ? Long.valueOf(0) : stats.nulls(field.fieldId());
      if (nulls == null) {
        return null;
      }
      double share = Math.min(1, nulls / total);
      return kind == SqlKind.IS_NULL ? share : 1 - share;
    }
    if (kind == SqlKind.EQUALS && call.getOperands().get(1) instanceof RexLiteral lit
        && !lit.isNull()) {
      Long distinct = stats.distinctValues(field.fieldId());
      return distinct == null || distinct == 0 ? null : 1.0 / distinct;
    }
    return null;
  }

  /**
   * Distinct value combinations of the table columns {@code tableColumns} (each column's distinct
   * values plus one for NULL, multiplied), or null when a column's are unknown.
   */
  static Double distinctRows(IcebergTable table, int[] tableColumns) {
    double product = 1;
    for (int c : tableColumns) {
      Long distinct = distinctWithNull(table, c);
      if (distinct == null) {
        return null;
      }
      product *= distinct;
    }
    return product;
  }

  private static Long distinctWithNull(IcebergTableScan scan, int column) {
    return distinctWithNull(scan.icebergTable(),
        scan.projects() == null ? column : scan.projects()[column]);
  }

  private static Long distinctWithNull(IcebergTable table, int tableColumn) {
    List<Types.NestedField> columns = table.schema().columns();
    if (tableColumn >= columns.size()) {
      return null;
    }
    Types.NestedField field = columns.get(tableColumn);
    IcebergColumnStatistics stats = table.columnStatistics();
    Long distinct = stats.distinctValues(field.fieldId());
    if (distinct == null) {
      return null;
    }
    Long nulls = field.isRequired() ? Long.valueOf(0) : stats.nulls(field.fieldId());
    return distinct + (nulls == null || nulls > 0 ? 1 : 0);
  }
}
