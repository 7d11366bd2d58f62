package dev.mmlake.catalog;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.InvalidArgumentException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a lakehouse lives (the Iceberg catalog URI, the warehouse location and the content store)
 * and every other setting ({@link Settings}).
 *
 * <p>Each key resolves the same way, highest first: explicit overrides (CLI flags), the
 * environment variable {@code MMLAKE_<KEY>} (dots and dashes as underscores: {@code
 * catalog.warehouse} is {@code MMLAKE_CATALOG_WAREHOUSE}), the properties file ({@code --config},
 * {@code MMLAKE_CONFIG}, or {@code <home>/mmlake.properties}), then defaults: an embedded SQLite
 * catalog at {@code <home>/catalog.db}, warehouse {@code <home>/warehouse} and content store
 * {@code <home>/cas}, with {@code <home>} = {@code ./lakehouse}. Unknown keys and variables are
 * kept but listed in {@link #warnings()} with the closest known name.
 */
public final class LakehouseConfig {
  public static final String HOME = "home";
  public static final String CATALOG_URI = "catalog.uri";
  public static final String CATALOG_NAME = "catalog.name";
  public static final String WAREHOUSE = "catalog.warehouse";
  public static final String CATALOG_USER = "catalog.jdbc.user";
  public static final String CATALOG_PASSWORD = "catalog.jdbc.password";
  public static final String CAS_ROOT = "cas.root";
  /** The source of a value given by a flag or set in code. */
  public static final String FLAG = "flag";
  /** The source of a value nobody set. */
  public static final String DEFAULT = "default";

  private final Map<String, String> properties;
  private final Map<String, String> sources;
  private final List<String> warnings;

  private LakehouseConfig(Map<String, String> properties, Map<String, String> sources,
      List<String> warnings) {
    this.properties = Map.copyOf(properties);
    this.sources = Map.copyOf(sources);
    this.warnings = List.copyOf(warnings);
  }

  /**
   * The embedded default rooted at {@code home}: SQLite catalog, local warehouse and CAS; the
   * process environment's {@code MMLAKE_*} settings apply, no properties file is read.
   */
  public static LakehouseConfig embedded(Path home) {
    Objects.requireNonNull(home, "home is null");
    return layered(null, Map.of(), System.getenv(), Map.of(HOME, home.toString()));
  }

  /**
   * Resolves configuration from overrides, environment and an optional properties file.
   *
   * @param configFile explicit properties file, or null to use {@code MMLAKE_CONFIG} or
   *     {@code <home>/mmlake.properties} when present
   * @param env the process environment (pass {@code System.getenv()})
   * @param overrides values from command-line flags, keyed by setting name
   */
  public static LakehouseConfig resolve(Path configFile, Map<String, String> env,
      Map<String, String> overrides) {
    Map<String, String> fromEnv = SettingLayers.fromEnv(env, new ArrayList<>());
    String home = firstNonNull(overrides.get(HOME), fromEnv.get(HOME), "lakehouse");
    Path file = configFile;
    if (file == null && env.get("MMLAKE_CONFIG") != null) {
      file = Path.of(env.get("MMLAKE_CONFIG"));
    }
    if (file == null && Files.isRegularFile(Path.of(home, "mmlake.properties"))) {
      file = Path.of(home, "mmlake.properties");
    }
    return layered(file, file == null ? Map.of() : readProperties(file), env, overrides);
  }

  /** The settings {@code env} gives as {@code MMLAKE_<KEY>} variables (or deprecated names). */
  public static Map<String, String> fromEnvironment(Map<String, String> env) {
    return SettingLayers.fromEnv(env, new ArrayList<>());
  }

  private static LakehouseConfig layered(Path file, Map<String, String> fileProps,
      Map<String, String> env, Map<String, String> overrides) {
    List<String> warnings = new ArrayList<>();
    Map<String, String> merged = new LinkedHashMap<>();
    Map<String, String> sources = new HashMap<>();
    String fileSource = file == null ? null : "file " + file;
    fileProps.forEach((k, v) -> {
      merged.put(k, v);
      sources.put(k, fileSource);
    });
    SettingLayers.unknownKeys(fileProps.keySet(), String.valueOf(file), warnings);
    SettingLayers.fromEnv(env, warnings).forEach((k, v) -> {
      merged.put(k, v);
      sources.put(k, "env " + SettingLayers.envSource(k, env));
    });
    overrides.forEach((k, v) -> {
      if (v != null) {
        merged.put(k, v);
        sources.put(k, FLAG);
      }
    });
    merged.putIfAbsent(HOME, "lakehouse");
    merged.put(HOME, Path.of(merged.get(HOME)).toAbsolutePath().normalize().toString());
    return new LakehouseConfig(merged, sources, warnings);
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

  /**
   * Where the value of {@code key} came from: {@value #FLAG}, {@code env MMLAKE_...},
   * {@code file <path>} or {@value #DEFAULT}.
   */
  public String source(String key) {
    return sources.getOrDefault(key, DEFAULT);
  }

  /** Unknown keys and environment variables, and deprecated names, one message each. */
  public List<String> warnings() {
    return warnings;
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

  /**
   * A true/false setting, {@code fallback} when unset.
   *
   * @throws InvalidArgumentException when it is set to anything else
   */
  public boolean flag(String key, boolean fallback) {
    String v = properties.getOrDefault(key, Boolean.toString(fallback)).strip();
    InvalidArgumentException.check(v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"),
        "The setting %s must be true or false, got '%s'", key, v);
    return Boolean.parseBoolean(v);
  }

  public Map<String, String> properties() {
    return properties;
  }

  /** A copy with one property changed, as a flag would (it outranks every other layer). */
  public LakehouseConfig with(String key, String value) {
    Map<String, String> copy = new HashMap<>(properties);
    copy.put(key, value);
    Map<String, String> src = new HashMap<>(sources);
    src.put(key, FLAG);
    return new LakehouseConfig(copy, src, warnings);
  }

  @Override
  public String toString() {
    return "LakehouseConfig{catalog=" + catalogUri() + ", warehouse=" + warehouse()
        + ", cas=" + casRoot() + "}";
  }
}
