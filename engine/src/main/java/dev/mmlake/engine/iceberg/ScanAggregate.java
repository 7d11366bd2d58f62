package dev.mmlake.engine.iceberg;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * An aggregate pushed into an {@link IcebergTableScan}: GROUP BY columns and aggregate calls over
 * the columns the scan reads. Immutable; the generated code hands it to
 * {@link IcebergTable#aggregate}. Only shapes whose Calcite semantics {@link ScanAggregation}
 * reproduces exactly are accepted ({@link #of} returns null otherwise).
 */
public final class ScanAggregate {
  /** The aggregate functions a scan computes. */
  public enum Kind { COUNT_STAR, COUNT, SUM, SUM0, MIN, MAX, AVG }

  /**
   * One aggregate call: {@code arg} is a position in the scan's read columns (-1 for
   * {@code COUNT(*)}), {@code argType} and {@code resultType} are the Calcite types.
   */
  public record Call(Kind kind, int arg, SqlTypeName argType, SqlTypeName resultType) {
    @Override
    public String toString() {
      String name = kind == Kind.COUNT_STAR ? "COUNT" : kind.name();
      return name + (arg < 0 ? "()" : "($" + arg + ")");
    }
  }

  private static final Set<SqlTypeName> SUMMABLE = Set.of(SqlTypeName.TINYINT,
      SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.REAL,
      SqlTypeName.FLOAT, SqlTypeName.DOUBLE);
  private static final Set<SqlTypeName> ORDERED = Set.of(SqlTypeName.TINYINT,
      SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.REAL,
      SqlTypeName.FLOAT, SqlTypeName.DOUBLE, SqlTypeName.DATE, SqlTypeName.TIMESTAMP,
      SqlTypeName.VARCHAR);
  private static final Set<SqlTypeName> GROUPABLE = Set.of(SqlTypeName.BOOLEAN,
      SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT,
      SqlTypeName.REAL, SqlTypeName.FLOAT, SqlTypeName.DOUBLE, SqlTypeName.DECIMAL,
      SqlTypeName.DATE, SqlTypeName.TIMESTAMP, SqlTypeName.VARCHAR, SqlTypeName.CHAR);

  private final int[] groups;
  private final List<Call> calls;
  private final int[] filterColumns;

  ScanAggregate(int[] groups, List<Call> calls) {
    this(groups, calls, new int[0]);
  }

  private ScanAggregate(int[] groups, List<Call> calls, int[] filterColumns) {
    this.groups = groups.clone();
    this.calls = List.copyOf(calls);
    this.filterColumns = filterColumns.clone();
  }

  /**
   * Positions of the read columns that the scan's row condition uses (empty without one); the
   * metadata answer needs each of them to be an identity partition column.
   */
  public int[] filterColumns() {
    return filterColumns.clone();
  }

  ScanAggregate withFilterColumns(int[] columns) {
    return new ScanAggregate(groups, calls, columns);
  }

  /** Positions of the GROUP BY columns in the scan's read columns. */
  public int[] groups() {
    return groups.clone();
  }

  public List<Call> calls() {
    return calls;
  }

  /**
   * True when every call can be answered from manifest statistics (no GROUP BY; only COUNT, MIN,
   * MAX); whether the statistics are exact is decided when the query runs.
   */
  public boolean answerableFromMetadata() {
    if (groups.length > 0) {
      return false;
    }
    for (Call c : calls) {
      if (c.kind() != Kind.COUNT_STAR && c.kind() != Kind.COUNT && c.kind() != Kind.MIN
          && c.kind() != Kind.MAX) {
        return false;
      }
    }
    return true;
  }

  /**
   * The pushed form of {@code agg}, whose input column {@code i} is scan column
   * {@code inputToScan[i]} (-1: not a plain column), or null when a call, a type or the grouping
   * is one a scan does not compute. Positions refer to the scan's columns; {@link #remap} moves
   * them to the columns actually read.
   */
  static ScanAggregate of(Aggregate agg, int[] inputToScan, RelDataType scanRowType) {
    if (agg.getGroupType() != Aggregate.Group.SIMPLE) {
      return null;
    }
    List<Integer> groupCols = new ArrayList<>();
    for (int g : agg.getGroupSet()) {
      int s = inputToScan[g];
      if (s < 0 || !GROUPABLE.contains(typeOf(scanRowType, s))) {
        return null;
      }
      groupCols.add(s);
    }
    List<Call> calls = new ArrayList<>();
    for (AggregateCall c : agg.getAggCallList()) {
      Call call = call(c, inputToScan, scanRowType);
      if (call == null) {
        return null;
      }
      calls.add(call);
    }
    return new ScanAggregate(groupCols.stream().mapToInt(Integer::intValue).toArray(), calls);
  }

  private static Call call(AggregateCall c, int[] inputToScan, RelDataType scanRowType) {
    if (c.isDistinct() || c.isApproximate() || c.filterArg >= 0 || c.getArgList().size() > 1
        || !c.collation.getFieldCollations().isEmpty() || c.ignoreNulls()) {
      return null;
    }
    SqlTypeName result = c.getType().getSqlTypeName();
    if (c.getArgList().isEmpty()) {
      return c.getAggregation().getKind() == SqlKind.COUNT
          ? new Call(Kind.COUNT_STAR, -1, null, result) : null;
    }
    int arg = inputToScan[c.getArgList().get(0)];
    if (arg < 0) {
      return null;
    }
    SqlTypeName argType = typeOf(scanRowType, arg);
    Kind kind = switch (c.getAggregation().getKind()) {
      case COUNT -> Kind.COUNT;
      case SUM -> Kind.SUM;
      case SUM0 -> Kind.SUM0;
      case MIN -> Kind.MIN;
      case MAX -> Kind.MAX;
      case AVG -> Kind.AVG;
      default -> null;
    };
    if (kind == null) {
      return null;
    }
    boolean typesOk = switch (kind) {
      case COUNT_STAR, COUNT -> result == SqlTypeName.BIGINT;
      case SUM, SUM0, AVG -> SUMMABLE.contains(argType) && SUMMABLE.contains(result);
      case MIN, MAX -> ORDERED.contains(argType) && result == argType;
    };
    return typesOk ? new Call(kind, arg, argType, result) : null;
  }

  private static SqlTypeName typeOf(RelDataType rowType, int i) {
    return rowType.getFieldList().get(i).getType().getSqlTypeName();
  }

  /** The scan columns the calls and groups of this aggregate read, ascending. */
  int[] usedColumns() {
    Set<Integer> used = new TreeSet<>();
    for (int g : groups) {
      used.add(g);
    }
    for (Call c : calls) {
      if (c.arg() >= 0) {
        used.add(c.arg());
      }
    }
    return used.stream().mapToInt(Integer::intValue).toArray();
  }

  /** This aggregate over the columns {@code read} (scan positions): position i is read[i]. */
  ScanAggregate remap(int[] read) {
    int[] g = new int[groups.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = indexOf(read, groups[i]);
    }
    List<Call> cs = new ArrayList<>();
    for (Call c : calls) {
      cs.add(c.arg() < 0 ? c : new Call(c.kind(), indexOf(read, c.arg()), c.argType(),
          c.resultType()));
    }
    return new ScanAggregate(g, cs);
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    throw new IllegalArgumentException("column " + v + " is not read");
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (groups.length > 0) {
      b.append("group={");
      for (int i = 0; i < groups.length; i++) {
        b.append(i > 0 ? ", " : "").append('$').append(groups[i]);
      }
      b.append("}, ");
    }
    b.append(calls);
    return b.toString();
  }
}
