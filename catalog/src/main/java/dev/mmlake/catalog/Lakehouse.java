package dev.mmlake.catalog;

import dev.mmlake.cas.ContentStore;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * An open lakehouse: the Iceberg catalog, its warehouse and the content store.
 *
 * <p>Thread-safe. One instance per process and lakehouse is the intended use; commits to a table
 * from this process are serialized by a per-table lock, and Iceberg's optimistic retries handle
 * writers in other processes. A SQLite catalog is opened in WAL mode with a busy timeout
 * ({@link #SQLITE_BUSY_TIMEOUT_MS}; {@code catalog.jdbc.journal_mode} and
 * {@code catalog.jdbc.busy_timeout} override them), so several processes can share one lakehouse;
 * see docs/architecture.md, "Concurrency".
 */
public final class Lakehouse implements AutoCloseable {
  /** How long a SQLite catalog connection waits for another process's lock before failing. */
  public static final int SQLITE_BUSY_TIMEOUT_MS = 5000;

  private final LakehouseConfig config;
  private final DecoratedJdbcCatalog catalog;
  private final ContentStore cas;
  private final Map<TableIdentifier, ReentrantLock> commitLocks = new ConcurrentHashMap<>();
  private final TableCommitter committer = new TableCommitter(this);

  private Lakehouse(LakehouseConfig config, DecoratedJdbcCatalog catalog, ContentStore cas) {
    this.config = config;
    this.catalog = catalog;
    this.cas = cas;
  }

  /** Opens (and for the embedded default, creates) the lakehouse described by {@code config}. */
  public static Lakehouse open(LakehouseConfig config) {
    return open(config, TableOpsDecorator.identity());
  }

  /**
   * Opens the lakehouse described by {@code config} with the table operations of every table
   * passed through {@code tableOps}, so that all of its commits go through the wrapper. For tests
   * (fault injection, observing commits); {@link #open(LakehouseConfig)} uses the identity.
   */
  public static Lakehouse open(LakehouseConfig config, TableOpsDecorator tableOps) {
    Objects.requireNonNull(config, "config is null");
    Objects.requireNonNull(tableOps, "tableOps is null");
    try {
      if (config.isEmbedded()) {
        Files.createDirectories(config.home());
      }
      if (!config.warehouse().contains("://")) {
        Files.createDirectories(Path.of(config.warehouse()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create lakehouse folders under " + config.home(), e);
    }
    Configuration hadoop = new Configuration();
    // Plain local files: no .crc side files next to data and metadata.
    hadoop.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    hadoop.setBoolean("fs.file.impl.disable.cache", true);
    DecoratedJdbcCatalog catalog = new DecoratedJdbcCatalog(tableOps);
    catalog.setConf(hadoop);
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.URI, config.catalogUri());
    props.put(CatalogProperties.WAREHOUSE_LOCATION, config.warehouse());
    props.put("jdbc.schema-version", "V1");
    String user = config.get(LakehouseConfig.CATALOG_USER, null);
    if (user != null) {
      props.put("jdbc.user", user);
    }
    String password = config.get(LakehouseConfig.CATALOG_PASSWORD, null);
    if (password != null) {
      props.put("jdbc.password", password);
    }
    config.properties().forEach((k, v) -> {
      if (k.startsWith("catalog.jdbc.") && !k.equals(LakehouseConfig.CATALOG_USER)
          && !k.equals(LakehouseConfig.CATALOG_PASSWORD)) {
        props.put("jdbc." + k.substring("catalog.jdbc.".length()), v);
      }
    });
    if (config.catalogUri().startsWith("jdbc:sqlite:")) {
      // Many processes, one file: readers never block writers (WAL), and a writer waits for the
      // lock instead of failing at once; what still fails is retried by TableCommitter.
      props.putIfAbsent("jdbc.journal_mode", "WAL");
      props.putIfAbsent("jdbc.busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MS));
    }
    try {
      catalog.initialize(config.catalogName(), props);
    } catch (RuntimeException e) {
      throw new LakehouseException(ErrorCode.STORAGE_UNAVAILABLE,
          e, "Cannot open the Iceberg catalog at %s: %s. "
          + "Check catalog.uri (or --catalog-uri / MMLAKE_CATALOG_URI) and that the JDBC driver "
          + "is on the classpath", config.catalogUri(), rootMessage(e));
    }
    return new Lakehouse(config, catalog, new ContentStore(config.casRoot()));
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage();
  }

  public LakehouseConfig config() {
    return config;
  }

  public JdbcCatalog catalog() {
    return catalog;
  }

  public ContentStore cas() {
    return cas;
  }

  /**
   * Creates the core namespaces and tables of {@link LakeTables#all()} when missing. Idempotent:
   * existing tables are left untouched.
   *
   * @return the number of tables created
   */
  public int init() {
    int created = 0;
    for (Map.Entry<TableIdentifier, Schema> e : LakeTables.all().entrySet()) {
      TableIdentifier id = e.getKey();
      ensureNamespace(id.namespace());
      if (!catalog.tableExists(id)) {
        try {
          Map<String, String> props = defaultProperties();
          props.putAll(LakeTables.properties(id));
          catalog.createTable(id, e.getValue(), PartitionSpec.unpartitioned(), props);
          created++;
          continue;
        } catch (AlreadyExistsException race) {
          // another process created it between the check and the create: fine
        }
      }
      CoreTableMigration.migrate(table(id), e.getValue(), LakeTables.properties(id));
    }
    return created;
  }

  /** Creates a namespace if it does not exist. */
  public void ensureNamespace(Namespace ns) {
    if (!catalog.namespaceExists(ns)) {
      try {
        catalog.createNamespace(ns);
      } catch (AlreadyExistsException race) {
        // created concurrently
      }
    }
  }

  /** Creates an unpartitioned table with mmlake's default table properties. */
  public Table createTable(TableIdentifier id, Schema schema) {
    return createTable(id, schema, PartitionSpec.unpartitioned());
  }

  /**
   * Creates a table partitioned by {@code spec} (bound to {@code schema}) with mmlake's default
   * table properties. Iceberg assigns fresh column ids; the spec follows them by name.
   */
  public Table createTable(TableIdentifier id, Schema schema, PartitionSpec spec) {
    ensureNamespace(id.namespace());
    return catalog.createTable(id, schema, spec, defaultProperties());
  }

  /** Table properties every mmlake table gets. */
  public static Map<String, String> defaultProperties() {
    Map<String, String> p = new HashMap<>();
    p.put(TableProperties.PARQUET_COMPRESSION, "zstd");
    p.put(TableProperties.FORMAT_VERSION, "2");
    p.put(TableProperties.COMMIT_NUM_RETRIES, "20");
    p.put(TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "20");
    p.put(TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "2000");
    return p;
  }

  /** Loads a table, with a clear error when it does not exist. */
  public Table table(TableIdentifier id) {
    try {
      return catalog.loadTable(id);
    } catch (NoSuchTableException e) {
      throw new LakehouseException(ErrorCode.NOT_FOUND,
          e, "Table %s does not exist; run `mmlake init` or create it", id);
    }
  }

  /** Loads a table by dotted name, e.g. {@code lake.items}. */
  public Table table(String dottedName) {
    return table(TableIdentifier.parse(dottedName));
  }

  /** Starts an append of new rows to {@code table}; nothing is visible until commit. */
  public TableAppender appender(Table table) {
    return new TableAppender(this, table);
  }

  /** The one commit path for data written to this lakehouse's tables. */
  public TableCommitter committer() {
    return committer;
  }

  /**
   * Commit attempts that failed and were retried in this process so far: optimistic conflicts
   * with another writer and refusals of a busy catalog. For benchmarks and diagnostics.
   */
  public long commitRetries() {
    return catalog.commitRetries();
  }

  /** The lock that serializes this process's commits to one table. */
  ReentrantLock commitLock(TableIdentifier id) {
    return commitLocks.computeIfAbsent(id, k -> new ReentrantLock());
  }

  @Override
  public void close() {
    catalog.close();
  }
}
