package dev.mmlake.catalog;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Every mmlake setting, by its one name. A setting {@code a.b-c} is set, highest first, by its
 * command-line flag (where one exists), the environment variable {@code MMLAKE_A_B_C}, the
 * lakehouse's {@code mmlake.properties}, then its default. docs/configuration.md lists the same
 * keys; a test keeps the two in step.
 */
public final class Settings {
  /** Keys below this prefix are passed to the catalog's JDBC driver and are never unknown. */
  public static final String JDBC_PREFIX = "catalog.jdbc.";

  /** Environment variables that are not settings but are read by the launcher or a command. */
  public static final Set<String> OTHER_ENV = Set.of("MMLAKE_CONFIG", "MMLAKE_JAVA_OPTS",
      "MMLAKE_SKIP_BUILD", "MMLAKE_DEMO_CLIP_DIR", "MMLAKE_PASSWORD", "MMLAKE_HISTORY");

  /** Old environment names, still read for one release with a warning naming the new one. */
  public static final Map<String, String> DEPRECATED_ENV = Map.of(
      "MMLAKE_WAREHOUSE", "catalog.warehouse",
      "MMLAKE_CATALOG_USER", "catalog.jdbc.user",
      "MMLAKE_CATALOG_PASSWORD", "catalog.jdbc.password",
      "MMLAKE_MODELS_DIR", "embed.models-dir",
      "MMLAKE_CLIP_MODEL_DIR", "embed.clip.model-dir");

  /**
   * One setting.
   *
   * @param key its name in {@code mmlake.properties}
   * @param flag its command-line flag, or empty where none exists
   * @param defaultText the default, as documented ({@code <home>} is the lakehouse folder)
   * @param meaning what it controls
   * @param secret true when {@code mmlake config} must not print its value
   */
  public record Setting(String key, String flag, String defaultText, String meaning,
      boolean secret) {
    /** The environment variable of this setting. */
    public String env() {
      return envName(key);
    }
  }

  private static final Map<String, Setting> ALL = new LinkedHashMap<>();

  static {
    add("home", "--home", "./lakehouse", "lakehouse folder");
    add("catalog.uri", "--catalog-uri", "jdbc:sqlite:<home>/catalog.db",
        "JDBC URI of the Iceberg catalog");
    add("catalog.name", "", "mmlake", "catalog name stored in the catalog tables");
    add("catalog.warehouse", "--warehouse", "<home>/warehouse",
        "where table data and metadata files go");
    add("catalog.jdbc.user", "", "", "catalog database user");
    ALL.put("catalog.jdbc.password", new Setting("catalog.jdbc.password", "", "",
        "catalog database password", true));
    add("catalog.jdbc.journal_mode", "", "WAL", "SQLite journal mode of the embedded catalog");
    add("catalog.jdbc.busy_timeout", "", "5000",
        "ms a SQLite catalog connection waits for another process's lock");
    add("cas.root", "", "<home>/cas", "content-addressed store folder");
    add("connectors.data-roots", "serve --data-root", "",
        "comma-separated folders source connectors may read below");
    add("maintain.snapshot-retention", "", "7d", "mmlake maintain expires older snapshots");
    add("maintain.retain-last", "", "1", "newest snapshots per branch always kept");
    add("maintain.orphan-grace", "", "1d", "unreferenced data files younger than this are kept");
    add("maintain.blob-grace", "", "1d", "unreferenced CAS blobs younger than this are kept");
    add("maintain.runs-retention", "", "30d", "obs.runs rows older than this are deleted");
    add("obs.retention", "", "", "obs.metrics, obs.lineage_events and obs.failures rows older "
        + "than this are deleted by EXPIRE_OBS and mmlake maintain; unset: kept forever");
    add("ingest.checkpoint-items", "", "10000", "rows per checkpoint of a connector INSERT");
    add("ingest.checkpoint-seconds", "", "60", "seconds per checkpoint of a connector INSERT");
    add("ingest.max-text-bytes", "", "16777216", "largest text item in UTF-8 bytes");
    add("media.max-bytes", "", "1073741824", "largest media file in bytes");
    add("media.max-pixels", "", "40000000", "largest image in pixels");
    add("media.max-duration-s", "", "3600", "longest audio or video in seconds");
    add("media.decode-timeout-ms", "", "120000", "wall-clock budget to decode one item");
    add("exec.batch-size", "embed --batch-size", "256",
        "rows the SQL engine buffers per call of a model function");
    add("scan.threads", "", "<cores>", "data files (or row-group splits) one scan reads at once");
    add("scan.reader", "", "columnar",
        "columnar (batches of primitive buffers) or generic (Iceberg's row reader)");
    add("sql.plan-cache.size", "", "64", "query plans a session keeps for SQL it runs again "
        + "(0: none)");
    add("flight.arrow-scan", "", "true", "the Flight SQL server streams plain scans straight "
        + "from column batches (false: through JDBC row objects, like every other query)");
    add("embed.models-dir", "", "<home>/models",
        "where the built-in model files are copied once");
    add("embed.batch-size", "", "32", "most inputs per model invocation");
    add("embed.device", "embed --device", "cpu", "cpu or gpu");
    add("embed.predictors", "", "1", "concurrent predictors per loaded model");
    add("embed.clip.model-dir", "", "", "the two-tower CLIP export EMBED_CLIP uses");
    add("embed.clip.video-frames", "", "8", "keyframes EMBED_CLIP averages for a video");
    add("shards.verify-blobs", "", "true",
        "WRITE_SHARDS re-hashes every CAS blob it copies (false: size check only)");
    add("lineage.url", "", "", "OpenLineage endpoint run events are POSTed to");
    add("lineage.namespace", "", "mmlake://<home folder>", "OpenLineage namespace");
    ALL.put("lineage.api-key", new Setting("lineage.api-key", "", "",
        "bearer token sent to lineage.url", true));
    add("lineage.retries", "", "3", "delivery attempts per OpenLineage event");
    add("lineage.timeout-ms", "", "5000", "timeout per OpenLineage POST");
    add("lineage.backoff-ms", "", "200", "first OpenLineage retry delay (doubles)");
    add("cost.cpu-second", "", "0.0000133", "price of one CPU second");
    add("cost.gpu-second", "", "0.000833", "price of one GPU second");
    add("cost.memory-gb-second", "", "0.0000015", "price of one GB-second of heap");
    add("cost.storage-gb-month", "", "0.023", "price of one GB stored for a month");
    add("cost.egress-gb", "", "0.09", "price of one GB sent out");
    add("cost.currency", "", "USD", "currency of the prices");
  }

  private Settings() {
  }

  private static void add(String key, String flag, String defaultText, String meaning) {
    ALL.put(key, new Setting(key, flag, defaultText, meaning, false));
  }

  /** Every setting, in documentation order. */
  public static List<Setting> all() {
    return List.copyOf(ALL.values());
  }

  /** The setting named {@code key}, if it is one. */
  public static Optional<Setting> find(String key) {
    return Optional.ofNullable(ALL.get(key));
  }

  /** True for a setting's name and for any {@code catalog.jdbc.*} driver property. */
  public static boolean isKnown(String key) {
    return ALL.containsKey(key) || key.startsWith(JDBC_PREFIX);
  }

  /** {@code MMLAKE_} and the key in upper case, dots and dashes as underscores. */
  public static String envName(String key) {
    return "MMLAKE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The known key nearest to {@code name} by edit distance (keys or environment names). */
  public static String closest(String name, boolean env) {
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    return ALL.keySet().stream()
        .map(k -> env ? envName(k) : k)
        .min(Comparator.comparingInt((String k) -> distance.apply(k, name)))
        .orElseThrow();
  }
}
