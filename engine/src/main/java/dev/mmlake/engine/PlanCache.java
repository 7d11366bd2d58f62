package dev.mmlake.engine;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.iceberg.TableRef;
import dev.mmlake.engine.iceberg.ViewExpansions;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.iceberg.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's query plans by SQL text ({@code sql.plan-cache.size} of them, least recently used
 * first out), so that a query run again skips Calcite's preparation (parse, validation, planning,
 * code generation). A hit runs the kept JDBC prepared statement, exactly as {@link PreparedSql}
 * does, and a {@link PreparedSql} of a query the cache accepts takes its plan from here; each
 * execution is still a run of its own. A plan serves one open result or prepared statement at a
 * time ({@link CachedPlan}).
 *
 * <p>Only plain reads are kept: queries without parameters over current lakehouse tables that call
 * SQL's built-in functions only (no mmlake function, which may read tables or have effects, no
 * table function, no view, system table, time travel or {@code obs} table). A kept plan runs again
 * only while the tables it reads are unchanged ({@link PlanReads}); new snapshots do not count, as
 * the plan reads each table's current snapshot when it runs. DDL in the session and new
 * namespaces empty the cache.
 */
public final class PlanCache implements AutoCloseable {
  /** The setting that bounds a session's cached plans; 0 disables the cache. */
  public static final String SIZE = "sql.plan-cache.size";
  static final int DEFAULT_SIZE = 64;
  private static final Logger LOG = LoggerFactory.getLogger(PlanCache.class);

  /** What a plan depends on besides the tables it reads. */
  private record Key(String sql, String defaultSchema, boolean readOnly) {
  }

  private final int capacity;
  private final ViewExpansions views;
  private final PlanCacheTotals totals;
  private final Map<Key, CachedPlan> plans = new LinkedHashMap<>(16, 0.75f, true);
  private long hits;
  private long misses;
  private long replans;

  PlanCache(int capacity, ViewExpansions views, PlanCacheTotals totals) {
    this.capacity = capacity;
    this.views = views;
    this.totals = totals;
  }

  /** {@value #SIZE} from {@code config}: a whole number >= 0, {@value #DEFAULT_SIZE} if unset. */
  static int capacity(LakehouseConfig config) {
    String v = config.get(SIZE, "");
    if (v.isBlank()) {
      return DEFAULT_SIZE;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new MmlakeException(ErrorCode.INVALID_ARGUMENT, "%s must be a whole number >= 0, got "
        + "'%s'; 0 disables the plan cache, unset it for %d plans", SIZE, v, DEFAULT_SIZE);
  }

  /** Plans a session keeps at most; 0 when the cache is disabled. */
  public int capacity() {
    return capacity;
  }

  /** Executions that ran a kept plan. */
  public synchronized long hits() {
    return hits;
  }

  /** Cacheable queries that were prepared (first run, busy or changed plan). */
  public synchronized long misses() {
    return misses;
  }

  /** Kept plans dropped because a table they read changed (then counted as a miss too). */
  public synchronized long replans() {
    return replans;
  }

  /** Plans kept now. */
  public synchronized int size() {
    return plans.size();
  }

  /**
   * True when {@code node}, a query, may be kept: no parameter, no suffixed table name, no
   * time travel, no table function and no function registered in {@code root} (mmlake's).
   */
  boolean accepts(SqlNode node, SchemaPlus root) {
    if (capacity == 0) {
      return false;
    }
    CalciteSchema functions = CalciteSchema.from(root);
    boolean[] refused = {false};
    node.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        SqlKind kind = call.getKind();
        if (kind == SqlKind.COLLECTION_TABLE || kind == SqlKind.SNAPSHOT
            || kind == SqlKind.EXPLAIN || call.getOperator() instanceof SqlFunction f
            && !functions.getFunctions(f.getName(), false).isEmpty()) {
          refused[0] = true;
          return null;
        }
        return super.visit(call);
      }

      @Override
      public Void visit(SqlDynamicParam param) {
        refused[0] = true;
        return null;
      }

      @Override
      public Void visit(SqlIdentifier id) {
        String last = id.names.get(id.names.size() - 1);
        if (!last.isEmpty() && !TableRef.parse(last).isPlain()) {
          refused[0] = true;
        }
        return null;
      }
    });
    return !refused[0];
  }

  /**
   * Runs the query {@code node} (the parse of {@code sql}, {@link #accepts accepted}) in
   * {@code run} on its plan ({@link #checkout}), which the result releases when closed.
   */
  StatementResult execute(Session session, String sql, SqlNode node, RunTracker run)
      throws SQLException {
    CachedPlan plan = checkout(session, sql, node);
    try {
      session.running(plan.statement());
      ResultSet rs = plan.statement().executeQuery();
      return StatementResult.cached(run, plan, rs);
    } catch (SQLException | RuntimeException | Error e) {
      discard(plan);
      plan.close();
      throw e;
    }
  }

  /**
   * The plan of the query {@code node} (the parse of {@code sql}, {@link #accepts accepted}),
   * marked busy until its {@link CachedPlan#close()}: the kept one when it is still valid, else
   * prepared now, and kept when its plan reads lakehouse tables only (if not, it is closed when
   * released). The session's last row type and plan are this plan's.
   */
  CachedPlan checkout(Session session, String sql, SqlNode node) throws SQLException {
    Key key = new Key(sql, session.defaultSchema(), session.access().isReadOnly());
    Catalog catalog = session.lakehouse().catalog();
    CachedPlan plan = kept(key, catalog);
    if (plan != null) {
      session.reused(plan.rowType(), plan.plan());
      return plan;
    }
    long viewsBefore = views.count();
    PreparedStatement statement = session.prepareStatement(sql, node);
    Optional<PlanReads> reads;
    try {
      reads = views.count() == viewsBefore
          ? PlanReads.of(session.lastPlan(), catalog) : Optional.empty();
    } catch (RuntimeException e) {
      statement.close();
      throw e;
    }
    plan = new CachedPlan(this, statement, reads.orElse(null), session.lastRowType(),
        session.lastPlan());
    keep(key, plan);
    return plan;
  }

  /** The valid kept plan for {@code key}, marked busy, or null. */
  private synchronized CachedPlan kept(Key key, Catalog catalog) {
    CachedPlan plan = plans.get(key);
    if (plan == null || plan.busy) {
      missed();
      return null;
    }
    if (!plan.reads().unchanged(catalog)) {
      LOG.debug("Planning again, a table changed: {}", key.sql());
      drop(key);
      replans++;
      missed();
      return null;
    }
    plan.busy = true;
    hits++;
    totals.hit();
    return plan;
  }

  private void missed() {
    misses++;
    totals.miss();
  }

  /** Keeps {@code plan}, busy, when it reads lakehouse tables only; else marks it for closing. */
  private synchronized void keep(Key key, CachedPlan plan) {
    plan.busy = true;
    if (plan.reads() == null) {
      plan.discarded = true;
      return;
    }
    drop(key);
    plans.put(key, plan);
    Iterator<CachedPlan> eldest = plans.values().iterator();
    while (plans.size() > capacity) {
      CachedPlan p = eldest.next();
      eldest.remove();
      discarded(p);
    }
  }

  /** Ends an execution of {@code plan}. */
  synchronized void release(CachedPlan plan) {
    plan.busy = false;
    if (plan.discarded) {
      closeQuietly(plan);
    }
  }

  /** Drops {@code plan} from the cache; it is closed once its running execution ends. */
  synchronized void discard(CachedPlan plan) {
    plans.values().remove(plan);
    discarded(plan);
  }

  /** Drops the kept plan whose statement is {@code statement}, if any (it is being cancelled). */
  synchronized void cancelling(Statement statement) {
    for (CachedPlan p : new ArrayList<>(plans.values())) {
      if (p.statement() == statement) {
        discard(p);
      }
    }
  }

  /** Drops every kept plan (DDL, a new namespace). */
  synchronized void clear() {
    List<CachedPlan> all = new ArrayList<>(plans.values());
    plans.clear();
    all.forEach(this::discarded);
  }

  private void drop(Key key) {
    CachedPlan old = plans.remove(key);
    if (old != null) {
      discarded(old);
    }
  }

  private void discarded(CachedPlan plan) {
    plan.discarded = true;
    if (!plan.busy) {
      closeQuietly(plan);
    }
  }

  private static void closeQuietly(CachedPlan plan) {
    try {
      plan.statement().close();
    } catch (SQLException e) {
      LOG.debug("Could not close a dropped plan: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    clear();
  }
}
