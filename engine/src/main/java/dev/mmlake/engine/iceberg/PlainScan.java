package dev.mmlake.engine.iceberg;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.iceberg.expressions.Expression;

/**
 * A query whose optimized plan only reads one lakehouse table: an
 * {@link IcebergToEnumerableConverter} over an {@link IcebergTableScan} (projection and pushed
 * filter, no aggregate), with at most a projection of plain columns, a WHERE condition right
 * above the scan that {@link ScanCondition} evaluates exactly, and a constant
 * {@code LIMIT/OFFSET}. Its rows are exactly the plan's, so a caller can take them as
 * {@link ScanBatches} ({@link #open()}) instead of Calcite's row objects.
 *
 * <p>Columns must have a scalar SQL type or be an array of REAL, DOUBLE, INTEGER, BIGINT or
 * VARCHAR; anything else is not a plain scan.
 */
public final class PlainScan {
  private static final Set<SqlTypeName> SCALARS = EnumSet.of(SqlTypeName.BOOLEAN,
      SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.REAL, SqlTypeName.FLOAT,
      SqlTypeName.DOUBLE, SqlTypeName.DECIMAL, SqlTypeName.DATE, SqlTypeName.TIMESTAMP,
      SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, SqlTypeName.CHAR, SqlTypeName.VARCHAR,
      SqlTypeName.BINARY, SqlTypeName.VARBINARY);
  private static final Set<SqlTypeName> ELEMENTS = EnumSet.of(SqlTypeName.REAL,
      SqlTypeName.DOUBLE, SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.VARCHAR);

  private final IcebergTable table;
  private final List<String> columns;
  private final Expression filter;
  private final ScanCondition condition;
  private final int[] outputs;
  private final long offset;
  private final long fetch;

  private PlainScan(IcebergTable table, List<String> columns, Expression filter,
      ScanCondition condition, int[] outputs, long offset, long fetch) {
    this.table = table;
    this.columns = List.copyOf(columns);
    this.filter = filter;
    this.condition = condition;
    this.outputs = outputs;
    this.offset = offset;
    this.fetch = fetch;
  }

  /** The plain scan {@code root} is, or null when it is anything else. */
  public static PlainScan of(RelRoot root) {
    if (root == null || !root.collation.getFieldCollations().isEmpty()) {
      return null;
    }
    int[] outputs = new int[root.fields.size()];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = root.fields.get(i).getKey();
    }
    RelNode rel = root.rel;
    long offset = 0;
    long fetch = -1;
    boolean limited = false;
    ScanCondition condition = null;
    while (!(rel instanceof IcebergToEnumerableConverter)) {
      if (rel instanceof EnumerableCalc calc) {
        RexProgram program = calc.getProgram();
        if (program.getCondition() != null) {
          // only right above the scan, so it filters before any LIMIT above it
          if (!(calc.getInput() instanceof IcebergToEnumerableConverter)) {
            return null;
          }
          condition = ScanCondition.compile(program.expandLocalRef(program.getCondition()),
              calc.getInput().getRowType(), calc.getCluster().getRexBuilder());
          if (condition == null) {
            return null;
          }
        }
        if (!projectInputs(program, outputs)) {
          return null;
        }
      } else if (rel instanceof EnumerableLimit limit && !limited) {
        limited = true;
        Long o = constant(limit.offset);
        Long f = limit.fetch == null ? Long.valueOf(-1) : constant(limit.fetch);
        if (o == null || f == null) {
          return null;
        }
        offset = o;
        fetch = f;
      } else {
        return null;
      }
      rel = rel.getInput(0);
    }
    if (!(rel.getInput(0) instanceof IcebergTableScan scan) || scan.aggregate() != null
        || !supported(root.validatedRowType)) {
      return null;
    }
    IcebergTable table = scan.icebergTable();
    Expression filter = scan.icebergFilter();
    return new PlainScan(table, scan.columnNames(), filter, condition, outputs, offset, fetch);
  }

  /** Rewrites {@code outputs} through a projection of plain columns; false otherwise. */
  private static boolean projectInputs(RexProgram program, int[] outputs) {
    List<RexLocalRef> projects = program.getProjectList();
    for (int i = 0; i < outputs.length; i++) {
      RexNode e = program.expandLocalRef(projects.get(outputs[i]));
      if (!(e instanceof RexInputRef ref)) {
        return false;
      }
      outputs[i] = ref.getIndex();
    }
    return true;
  }

  /** A literal OFFSET/FETCH (0 when absent), or null for a parameter. */
  private static Long constant(RexNode n) {
    if (n == null) {
      return 0L;
    }
    return n instanceof RexLiteral lit && lit.getValueAs(Long.class) != null
        ? lit.getValueAs(Long.class) : null;
  }

  private static boolean supported(RelDataType rowType) {
    for (RelDataTypeField f : rowType.getFieldList()) {
      RelDataType t = f.getType();
      boolean ok = t.getSqlTypeName() == SqlTypeName.ARRAY
          ? t.getComponentType() != null && ELEMENTS.contains(t.getComponentType().getSqlTypeName())
          : SCALARS.contains(t.getSqlTypeName());
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The table read. */
  public IcebergTable table() {
    return table;
  }

  /**
   * Starts reading: the table's current rows (as the statement's plan would read them), result
   * columns in order, {@code OFFSET/LIMIT} applied. Call within the statement's run, so reads
   * and scan counters are recorded in it.
   */
  public ScanBatches open() {
    return table.newScan(columns, filter).batches(condition, outputs, offset, fetch);
  }
}
