package dev.mmlake.connectors;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The registered source connectors by SQL table function name, e.g. {@code read_coco}: every
 * {@link ConnectorProvider} on the class path (found with {@link ServiceLoader} on first use), in
 * provider order, plus those added with {@link #register}.
 */
public final class Connectors {
  private static Map<String, ConnectorSpec> specs;

  private Connectors() {
  }

  private static synchronized Map<String, ConnectorSpec> loaded() {
    if (specs == null) {
      Map<String, ConnectorSpec> found = new LinkedHashMap<>();
      for (ConnectorProvider p : ServiceLoader.load(ConnectorProvider.class,
          Connectors.class.getClassLoader())) {
        for (ConnectorSpec spec : p.connectors()) {
          ConnectorSpec before = found.putIfAbsent(spec.sqlName(), spec);
          if (before != null) {
            throw new IllegalStateException("Connector " + spec.sqlName()
                + " is registered twice (the second time by " + p.getClass().getName() + ")");
          }
        }
      }
      specs = found;
    }
    return specs;
  }

  /** Every connector, by SQL name, in a fixed order. */
  public static synchronized Map<String, ConnectorSpec> specs() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(loaded()));
  }

  /**
   * Adds or replaces a connector (one from a plugin that has no services file, or a test's).
   * Sessions opened afterwards see its table function.
   */
  public static synchronized void register(ConnectorSpec spec) {
    loaded().put(spec.sqlName(), spec);
  }

  /**
   * The connector for a SQL call such as {@code read_coco('/data/captions_val2017.json',
   * '/data/val2017')}. Names are case-insensitive. Paths are not checked here: a missing source
   * fails at {@link SourceConnector#read}.
   */
  public static SourceConnector create(String sqlName, List<String> args) {
    return create(sqlName, args, DataRoots.unrestricted());
  }

  /**
   * As {@link #create(String, List)}, with each path argument checked against {@code roots} and
   * replaced by the path to read (its canonical form when {@code roots} is restricted).
   *
   * @throws ConnectorException with PERMISSION_DENIED for a path outside {@code roots}
   */
  public static SourceConnector create(String sqlName, List<String> args, DataRoots roots) {
    ConnectorSpec spec;
    synchronized (Connectors.class) {
      spec = sqlName == null ? null : loaded().get(sqlName.toLowerCase(Locale.ROOT));
      if (spec == null) {
        throw new ConnectorException("Unknown source connector '%s'; known: %s", sqlName,
            String.join(", ", loaded().keySet()));
      }
    }
    if (args == null || args.size() != spec.parameters().size()
        || args.stream().anyMatch(a -> a == null || a.isBlank())) {
      throw new ConnectorException("%s takes %d path argument(s): %s", spec.sqlName(),
          spec.parameters().size(), spec.signature());
    }
    String reader = spec.sqlName();
    return spec.factory().apply(args.stream().map(a -> roots.check(Path.of(a), reader)).toList());
  }
}
