package dev.mmlake.connectors;

import static java.util.Objects.requireNonNull;

import dev.mmlake.catalog.Check;
import dev.mmlake.functions.Effect;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * What SQL knows of a source connector: its table function name (e.g. {@code read_coco}), the
 * names of its VARCHAR path parameters in call order, the {@code lake.items.source} and
 * {@code connector_version} of its rows, and how to make a connector from the call's paths.
 * Each connector class keeps its spec as a constant; registering the spec (see
 * {@link ConnectorProvider}) is what makes the SQL table function exist.
 *
 * <p>The license of the rows is data, not part of the spec: it is looked up by {@code source} in
 * {@link Licenses}.
 *
 * @param sqlName lower_snake SQL table function name, e.g. {@code read_coco}
 * @param source the {@code lake.items.source} of every row, e.g. {@code coco}
 * @param version the connector's version, stored in {@code lake.items.connector_version}
 * @param parameters the path parameter names in call order, e.g. {@code captions_json}
 * @param factory makes the connector from exactly {@code parameters.size()} paths
 */
public record ConnectorSpec(String sqlName, String source, String version,
    List<String> parameters, Function<List<Path>, SourceConnector> factory) {

  /**
   * The effects of every connector's table function: it reads the server files its arguments
   * name, and stores their bytes in the content store.
   */
  public static final Set<Effect> EFFECTS =
      Collections.unmodifiableSet(EnumSet.of(Effect.READS_SERVER_FILES, Effect.WRITES_CAS));

  /** Checks the fields; the parameter list is copied. */
  public ConnectorSpec {
    requireNonNull(sqlName, "sqlName is null");
    requireNonNull(source, "source is null");
    requireNonNull(version, "version is null");
    requireNonNull(factory, "factory is null");
    parameters = List.copyOf(parameters);
    Check.argument(sqlName.equals(sqlName.toLowerCase(Locale.ROOT)) && !sqlName.isBlank(),
        "Connector name '%s' must be lower_snake, e.g. read_coco", sqlName);
  }

  /** The call as the user writes it, e.g. {@code read_coco(captions_json, images_dir)}. */
  public String signature() {
    return sqlName + "(" + String.join(", ", parameters) + ")";
  }
}
