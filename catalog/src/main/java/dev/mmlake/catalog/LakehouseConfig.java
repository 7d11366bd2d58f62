package dev.mmlake.catalog;

import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a lakehouse lives: the Iceberg catalog URI, the warehouse location and the content store.
 *
 * <p>Resolution order, highest first: explicit overrides (CLI flags), environment variables
 * ({@code MMLAKE_HOME}, {@code MMLAKE_CATALOG_URI}, {@code MMLAKE_WAREHOUSE}, {@code MMLAKE_CAS_ROOT},
 * {@code MMLAKE_CATALOG_USER}, {@code MMLAKE_CATALOG_PASSWORD}), the properties file
 * ({@code --config}, {@code MMLAKE_CONFIG}, or {@code <home>/mmlake.properties}), then defaults: an
 * embedded SQLite catalog at {@code <home>/catalog.db}, warehouse {@code <home>/warehouse} and
 * content store {@code <home>/cas}, with {@code <home>} = {@code ./lakehouse}.
 */
public final class LakehouseConfig {
  public static final String HOME = "mmlake.home";
  public static final String CATALOG_URI = "catalog.uri";
  public static final String CATALOG_NAME = "catalog.name";
  public static final String WAREHOUSE = "catalog.warehouse";
  public static final String CATALOG_USER = "catalog.jdbc.user";
  public static final String CATALOG_PASSWORD = "catalog.jdbc.password";
  public static final String CAS_ROOT = "cas.root";

  private static final Map<String, String> ENV_KEYS = Map.of(
      "MMLAKE_HOME", HOME,
      "MMLAKE_CATALOG_URI", CATALOG_URI,
      "MMLAKE_WAREHOUSE", WAREHOUSE,
      "MMLAKE_CAS_ROOT", CAS_ROOT,
      "MMLAKE_CATALOG_USER", CATALOG_USER,
      "MMLAKE_CATALOG_PASSWORD", CATALOG_PASSWORD);

  private final Map<String, String> properties;

  private LakehouseConfig(Map<String, String> properties) {
    this.properties = Map.copyOf(properties);
  }

  /** The embedded default rooted at {@code home}: SQLite catalog, local warehouse and CAS. */
  public static LakehouseConfig embedded(Path home) {
    Objects.requireNonNull(home, "home is null");
    return new LakehouseConfig(Map.of(HOME, home.toAbsolutePath().normalize().toString()));
  }

  /**
   * Resolves configuration from overrides, environment and an optional properties file.
   *
   * @param configFile explicit properties file, or null to use {@code MMLAKE_CONFIG} or
   *     {@code <home>/mmlake.properties} when present
   * @param env the process environment (pass {@code System.getenv()})
   * @param overrides values from command-line flags, keyed by the property names of this class
   */
  public static LakehouseConfig resolve(Path configFile, Map<String, String> env,
      Map<String, String> overrides) {
    Map<String, String> fromEnv = new HashMap<>();
    ENV_KEYS.forEach((envKey, key) -> {
      String v = env.get(envKey);
      if (v != null && !v.isBlank()) {
        fromEnv.put(key, v);
      }
    });
    String home = firstNonNull(overrides.get(HOME), fromEnv.get(HOME), "lakehouse");
    Path file = configFile;
    if (file == null && env.get("MMLAKE_CONFIG") != null) {
      file = Path.of(env.get("MMLAKE_CONFIG"));
    }
    if (file == null && Files.isRegularFile(Path.of(home, "mmlake.properties"))) {
      file = Path.of(home, "mmlake.properties");
    }
    Map<String, String> merged = new LinkedHashMap<>();
    if (file != null) {
      merged.putAll(readProperties(file));
    }
    merged.putAll(fromEnv);
    overrides.forEach((k, v) -> {
      if (v != null) {
        merged.put(k, v);
      }
    });
    merged.putIfAbsent(HOME, home);
    merged.put(HOME, Path.of(merged.get(HOME)).toAbsolutePath().normalize().toString());
    return new LakehouseConfig(merged);
  }

  private static Map<String, String> readProperties(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new LakehouseException(ErrorCode.INVALID_ARGUMENT,
          "Cannot read config file %s: it does not exist", file);
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new LakehouseException(ErrorCode.INVALID_ARGUMENT,
          e, "Cannot read config file %s: %s", file, e.getMessage());
    }
    Map<String, String> out = new HashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
    return out;
  }

  private static String firstNonNull(String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  public Path home() {
    return Path.of(properties.get(HOME));
  }

  /** True when the catalog is the embedded SQLite file under {@link #home()}. */
  public boolean isEmbedded() {
    return !properties.containsKey(CATALOG_URI);
  }

  public String catalogUri() {
    return properties.getOrDefault(CATALOG_URI,
        "jdbc:sqlite:" + home().resolve("catalog.db"));
  }

  public String catalogName() {
    return properties.getOrDefault(CATALOG_NAME, "mmlake");
  }

  public String warehouse() {
    return properties.getOrDefault(WAREHOUSE, home().resolve("warehouse").toString());
  }

  public Path casRoot() {
    return Path.of(properties.getOrDefault(CAS_ROOT, home().resolve("cas").toString()));
  }

  /** A raw property, or {@code fallback} when unset. */
  public String get(String key, String fallback) {
    return properties.getOrDefault(key, fallback);
  }

  public Map<String, String> properties() {
    return properties;
  }

  /** A copy with one property changed. */
  public LakehouseConfig with(String key, String value) {
    Map<String, String> copy = new HashMap<>(properties);
    copy.put(key, value);
    return new LakehouseConfig(copy);
  }

  @Override
  public String toString() {
    return "LakehouseConfig{catalog=" + catalogUri() + ", warehouse=" + warehouse()
        + ", cas=" + casRoot() + "}";
  }
}
