package dev.mmlake.cli;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the lakehouse is: flags shared by every command that opens one. */
public final class LakehouseOptions {
  @Option(names = "--home", paramLabel = "DIR",
      description = "Lakehouse folder (default: ./lakehouse, or $MMLAKE_HOME)")
  Path home;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file (default: $MMLAKE_CONFIG or <home>/mmlake.properties)")
  Path config;

  @Option(names = "--catalog-uri", paramLabel = "JDBC_URI",
      description = "Iceberg JDBC catalog, e.g. jdbc:postgresql://host/db "
          + "(default: SQLite file <home>/catalog.db, or $MMLAKE_CATALOG_URI)")
  String catalogUri;

  @Option(names = "--warehouse", paramLabel = "LOCATION",
      description = "Warehouse location for table data "
          + "(default: $MMLAKE_CATALOG_WAREHOUSE, catalog.warehouse, else <home>/warehouse)")
  String warehouse;

  /**
   * The resolved configuration: flags over environment over config file over defaults. Unknown
   * and deprecated setting names are reported on stderr.
   */
  public LakehouseConfig config() {
    LakehouseConfig resolved = resolve();
    resolved.warnings().forEach(w -> System.err.println("Warning: " + w));
    return resolved;
  }

  /** The resolved configuration without reporting its warnings. */
  LakehouseConfig resolve() {
    Map<String, String> overrides = new HashMap<>();
    if (home != null) {
      overrides.put(LakehouseConfig.HOME, home.toString());
    }
    if (catalogUri != null) {
      overrides.put(LakehouseConfig.CATALOG_URI, catalogUri);
    }
    if (warehouse != null) {
      overrides.put(LakehouseConfig.WAREHOUSE, warehouse);
    }
    return LakehouseConfig.resolve(config, System.getenv(), overrides);
  }

  /** Opens the engine (creating the core tables when missing). */
  public Engine openEngine() {
    return Engine.open(config());
  }
}
