package dev.mmlake.engine;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.engine.access.AccessGuard;
import dev.mmlake.engine.access.FunctionEffects;
import dev.mmlake.engine.access.SessionAccess;
import dev.mmlake.engine.exec.StatementScopes;
import dev.mmlake.engine.iceberg.IcebergNamespaceSchema;
import dev.mmlake.engine.iceberg.ViewExpansions;
import dev.mmlake.engine.obs.LineageJob;
import dev.mmlake.engine.plan.ParsedStatements;
import dev.mmlake.engine.plan.SessionConnections;
import dev.mmlake.engine.sql.SqlParsing;
import dev.mmlake.engine.sql.StatementKind;
import dev.mmlake.error.ErrorCode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.ddl.SqlCreateSchema;
import org.apache.calcite.sql.ddl.SqlCreateTable;
import org.apache.calcite.sql.ddl.SqlDropSchema;
import org.apache.calcite.sql.ddl.SqlDropTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A SQL session over the lakehouse: one Calcite connection whose root schema holds every Iceberg
 * namespace and mmlake's functions. Every statement goes through {@link #execute}, which commits
 * its writes as one snapshot per table and records one {@code obs.runs} row.
 *
 * <p>What the session may do is its {@link SessionAccess}: read-write with the engine's data roots
 * unless set otherwise; a read-only session refuses statements by what they can do
 * ({@link AccessGuard}).
 *
 * <p>Not thread-safe: use one session per thread or client.
 */
public final class Session implements AutoCloseable {
  private final Engine engine;
  private final String user;
  private final CalciteConnection connection;
  private final Set<String> mountedSchemas = new HashSet<>();
  private final DdlStatements ddl;
  private final StatementScopes scopes = new StatementScopes();
  private final ParsedStatements parsed = new ParsedStatements();
  private final AccessGuard guard;
  private final ViewExpansions views = new ViewExpansions();
  private final PlanCache planCache;
  private SessionAccess access;
  private StatementContext.Progress progress = StatementContext.Progress.NONE;
  private String defaultSchema = "lake";
  private volatile Statement running;
  private volatile LineageJob lineageParent;

  private static final Pattern READS_OBS = Pattern.compile("(?i)(\\bobs\\s*\\.|\"obs\"\\s*\\.)");

  Session(Engine engine, String user) {
    this.engine = engine;
    this.user = Objects.requireNonNull(user, "user is null");
    this.planCache = new PlanCache(PlanCache.capacity(engine.lakehouse().config()), views,
        engine.planCacheTotals());
    try {
      Properties info = new Properties();
      info.setProperty("unquotedCasing", "UNCHANGED");
      info.setProperty("quotedCasing", "UNCHANGED");
      info.setProperty("caseSensitive", "false");
      info.setProperty("conformance", "LENIENT");
      info.setProperty("fun", "standard,postgresql");
      info.setProperty("timeZone", "UTC");
      scopes.install(info);
      this.connection = SessionConnections.open(info, parsed);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot open a Calcite connection: " + e.getMessage(), e);
    }
    SqlFunctions.register(connection.getRootSchema(), engine);
    TableFunctions.register(connection.getRootSchema());
    this.guard = new AccessGuard(FunctionEffects.registered(), engine.lakehouse().cas().root());
    access(engine.localAccess());
    refreshSchemas();
    this.ddl = new DdlStatements(this);
  }

  public String user() {
    return user;
  }

  public Lakehouse lakehouse() {
    return engine.lakehouse();
  }

  public Engine engine() {
    return engine;
  }

  /** The underlying JDBC connection, for metadata (catalogs, schemas, tables, columns). */
  public CalciteConnection connection() {
    return connection;
  }

  /** Where unqualified table names are created and resolved; {@code lake} by default. */
  public String defaultSchema() {
    return defaultSchema;
  }

  /** What this session may do: write or not, and which server folders connectors may read. */
  public SessionAccess access() {
    return access;
  }

  /**
   * Sets what this session may do from its next statement on; the Flight server makes the
   * sessions of read-only users read-only.
   */
  public void access(SessionAccess access) {
    this.access = Objects.requireNonNull(access, "access is null");
    scopes.dataRoots(access.dataRoots());
  }

  /**
   * Refuses {@code node} when this session's access does not allow it (PERMISSION_DENIED with
   * the position of the offending function call).
   */
  void checkAccess(SqlNode node, StatementKind kind) {
    guard.check(node, kind, access, user).ifPresent(r -> {
      throw new SqlStatementException(ErrorCode.PERMISSION_DENIED, r.message(), r.line(),
          r.column(), null);
    });
  }

  /** Sets where progress of long statements is reported. */
  public void progress(StatementContext.Progress progress) {
    this.progress = progress == null ? StatementContext.Progress.NONE : progress;
  }

  /** The run (a recipe's) that this session's statements belong to, or null. */
  public LineageJob lineageParent() {
    return lineageParent;
  }

  /** Sets the run this session's next statements belong to; null: none. */
  public void lineageParent(LineageJob parent) {
    this.lineageParent = parent;
  }

  RunLog runLog() {
    return engine.runLog();
  }

  /** The query plans this session keeps for repeated SQL ({@value PlanCache#SIZE}). */
  public PlanCache planCache() {
    return planCache;
  }

  /** True when {@code node}, the parse of {@code sql}, takes its plan from the plan cache. */
  boolean usesPlanCache(String sql, SqlNode node, StatementKind kind) {
    return kind == StatementKind.QUERY && !READS_OBS.matcher(sql).find()
        && planCache.accepts(node, connection.getRootSchema());
  }

  /** The handle through which this session's tables find the running statement. */
  StatementScopes scopes() {
    return scopes;
  }

  /** A table name from SQL; an unqualified name is in the default schema. */
  TableIdentifier tableIdentifier(SqlIdentifier name) {
    return ddl.identifier(name);
  }

  /** A statement that reads the {@code obs} namespace first commits buffered run rows. */
  void flushRunLogIfReadingObs(String sql) {
    if (READS_OBS.matcher(sql).find()) {
      engine.flushRunLog();
    }
  }

  /** Mounts namespaces created since the session opened (by this or another process). */
  void refreshSchemas() {
    SchemaPlus root = connection.getRootSchema();
    SchemaPlus catalogRoot = CatalogSchema.mount(root, catalogName());
    for (Namespace ns : lakehouse().catalog().listNamespaces()) {
      String name = ns.toString();
      if (mountedSchemas.add(name)) {
        planCache.clear(); // a new namespace can change what a name resolves to
        IcebergNamespaceSchema schema = new IcebergNamespaceSchema(lakehouse(), ns, scopes, views);
        uncached(root.add(name, schema));
        uncached(catalogRoot.add(name, schema));
      }
    }
    try {
      if (mountedSchemas.contains(defaultSchema)) {
        connection.setSchema(defaultSchema);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Disables Calcite's name cache on a mounted namespace so new tables are seen at once. */
  private static void uncached(SchemaPlus sub) {
    // Create the lookups first: disabling the cache only affects lookups that exist.
    CalciteSchema cs = CalciteSchema.from(sub);
    cs.tables();
    cs.subSchemas();
    sub.setCacheEnabled(false);
  }

  /**
   * The catalog name ({@code catalog.name}, {@code mmlake} by default): a root schema of that name
   * holds every namespace again, so three-part names such as {@code mmlake.lake.items} resolve.
   */
  public String catalogName() {
    return lakehouse().config().catalogName();
  }

  /**
   * Runs one statement. Queries return an open result (close it to finish the run); other
   * statements are committed before this returns.
   *
   * @throws SqlStatementException with a code and the SQL position when the statement fails
   */
  public StatementResult execute(String sql) {
    Objects.requireNonNull(sql, "sql is null");
    RunTracker run = new RunTracker(this, sql, progress);
    SqlNode node;
    try {
      node = SqlParsing.parse(sql);
    } catch (SqlParseException e) {
      throw run.fail(e);
    }
    run.kind(SqlParsing.kindOf(node));
    try {
      checkAccess(node, run.kind());
      refreshSchemas();
      flushRunLogIfReadingObs(sql);
      run.mounts().mount(node);
      return dispatch(sql, node, run);
    } catch (Throwable t) {
      throw run.fail(t);
    }
  }

  private StatementResult dispatch(String sql, SqlNode node, RunTracker run) throws SQLException {
    if (run.kind().isDdl()) {
      planCache.clear(); // what names resolve to may change; kept plans also check their tables
    }
    if (usesPlanCache(sql, node, run.kind())) {
      return planCache.execute(this, sql, node, run);
    }
    switch (run.kind()) {
      case QUERY:
      case EXPLAIN: {
        Statement st = connection.createStatement();
        ResultSet rs = executeQuery(st, sql, node);
        return StatementResult.query(run, st, rs);
      }
      case INSERT: {
        executeUpdate(sql, node);
        long n = run.commitWrites(); // rows committed to the target: after commit-time key checks
        long skipped = run.rowsSkipped();
        String msg = "Inserted " + n + " row" + (n == 1 ? "" : "s") + snapshotNote(run)
            + (skipped > 0 ? "; " + skipped + " already present (same id), skipped" : "")
            + sideNote(run);
        run.succeed();
        return StatementResult.update(run, n, msg);
      }
      case CREATE_TABLE_AS: {
        long n = ddl.createTableAs((SqlCreateTable) node, sql, run);
        String msg = "Created table " + ddl.identifier(((SqlCreateTable) node).name) + " with " + n
            + " rows" + snapshotNote(run) + sideNote(run);
        run.succeed();
        return StatementResult.update(run, n, msg);
      }
      case CREATE_TABLE:
        return done(run, ddl.createTable((SqlCreateTable) node));
      case DROP_TABLE:
        return done(run, ddl.dropTable((SqlDropTable) node));
      case CREATE_SCHEMA:
        return done(run, ddl.createSchema((SqlCreateSchema) node));
      case DROP_SCHEMA:
        return done(run, ddl.dropSchema((SqlDropSchema) node));
      case DELETE: {
        long n = new DeleteStatement(this).execute((SqlDelete) node, sql, run);
        String msg = "Deleted " + n + " row" + (n == 1 ? "" : "s") + snapshotNote(run);
        run.succeed();
        return StatementResult.update(run, n, msg);
      }
      case UPDATE:
      case MERGE:
        throw new SqlStatementException(ErrorCode.UNSUPPORTED, run.kind()
            + " is not supported; Iceberg tables in mmlake are append-and-snapshot: write a new "
            + "table with CREATE TABLE ... AS SELECT, or DELETE ... WHERE and INSERT");
      case OTHER:
      default:
        throw new SqlStatementException(ErrorCode.UNSUPPORTED,
            "Statement " + node.getKind() + " is not supported; see docs/sql.md");
    }
  }

  private static StatementResult done(RunTracker run, String message) {
    run.succeed();
    return StatementResult.update(run, 0, message);
  }

  /** Rows the statement wrote to other tables than its target, e.g. the embedding cache. */
  private static String sideNote(RunTracker run) {
    var side = run.sideWrites();
    if (side.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("; side writes:");
    new TreeMap<>(side).forEach((t, rows) -> b.append(' ').append(t).append(" +")
        .append(rows));
    return b.toString();
  }

  private static String snapshotNote(RunTracker run) {
    var s = run.snapshots();
    if (s.isEmpty()) {
      return "";
    }
    return s.size() == 1 ? " (snapshot " + s.get(0) + ")" : " (snapshots " + s + ")";
  }

  /**
   * Runs {@code node}, the parse of {@code sql} (or a statement derived from it), as a query on
   * {@code st}. Calcite validates and plans the tree itself; the text is not parsed again.
   */
  ResultSet executeQuery(Statement st, String sql, SqlNode node) throws SQLException {
    parsed.offer(sql, node);
    running = st;
    try {
      return st.executeQuery(sql);
    } finally {
      parsed.clear();
    }
  }

  /** Row type of the statement this session prepared last (the query just run). */
  RelDataType lastRowType() {
    return parsed.lastRowType();
  }

  /** Makes a kept plan the one prepared last ({@link #lastRowType()}, {@link #lastPlan()}). */
  void reused(RelDataType rowType, RelRoot plan) {
    parsed.reused(rowType, plan);
  }

  /** Optimized plan of the statement this session prepared last, or null (DDL, EXPLAIN). */
  RelRoot lastPlan() {
    return parsed.lastPlan();
  }

  /** Makes {@code st} the statement {@link #cancel()} cancels. */
  void running(Statement st) {
    running = st;
  }

  private long executeUpdate(String sql, SqlNode node) throws SQLException {
    parsed.offer(sql, node);
    try (Statement st = connection.createStatement()) {
      running = st;
      return st.executeLargeUpdate(sql);
    } finally {
      running = null;
      parsed.clear();
    }
  }

  /**
   * Cancels the query or INSERT this session is running, from another thread (the shell's Ctrl-C):
   * the statement fails with a "cancelled" error at its next row and commits nothing. Does
   * nothing when no statement runs.
   */
  public void cancel() {
    Statement st = running;
    if (st == null) {
      return;
    }
    planCache.cancelling(st); // a cancelled statement stays cancelled: its plan is not kept
    try {
      if (!st.isClosed()) {
        st.cancel();
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e);
    }
  }

  /**
   * Plans a statement for repeated execution with {@code ?} parameters. DDL is only parsed here
   * and runs once per execution.
   */
  public PreparedSql prepare(String sql) {
    return new PreparedSql(this, Objects.requireNonNull(sql, "sql is null"));
  }

  /** Prepares {@code node}, the parse of {@code sql}, without parsing the text again. */
  PreparedStatement prepareStatement(String sql, SqlNode node) throws SQLException {
    parsed.offer(sql, node);
    try {
      return connection.prepareStatement(sql);
    } finally {
      parsed.clear();
    }
  }

  @Override
  public void close() {
    planCache.close();
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
