package dev.mmlake.connectors;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The source connectors by SQL table function name, e.g. {@code read_coco}. */
public final class Connectors {
  /** One table function: its parameter names (all VARCHAR paths) and how to make it. */
  public record Spec(String sqlName, List<String> parameters,
      Function<List<Path>, SourceConnector> factory) {
  }

  private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

  static {
    add(FineWebConnector.NAME, List.of("path"), a -> new FineWebConnector(a.get(0)));
    add(CocoConnector.NAME, List.of("captions_json", "images_dir"),
        a -> new CocoConnector(a.get(0), a.get(1)));
    add(LibriSpeechConnector.NAME, List.of("root"), a -> new LibriSpeechConnector(a.get(0)));
    add(MsrVttConnector.NAME, List.of("videodatainfo_json", "videos_dir"),
        a -> new MsrVttConnector(a.get(0), a.get(1)));
    add(FineVideoConnector.NAME, List.of("root"), a -> new FineVideoConnector(a.get(0)));
  }

  private Connectors() {
  }

  private static void add(String name, List<String> params,
      Function<List<Path>, SourceConnector> factory) {
    SPECS.put(name, new Spec(name, params, factory));
  }

  /** Every connector, by SQL name, in a fixed order. */
  public static Map<String, Spec> specs() {
    return Collections.unmodifiableMap(SPECS);
  }

  /**
   * The connector for a SQL call such as {@code read_coco('/data/captions_val2017.json',
   * '/data/val2017')}. Names are case-insensitive. Paths are not checked here: a missing source
   * fails at {@link SourceConnector#read}.
   */
  public static SourceConnector create(String sqlName, List<String> args) {
    Spec spec = sqlName == null ? null : SPECS.get(sqlName.toLowerCase(java.util.Locale.ROOT));
    if (spec == null) {
      throw new ConnectorException("Unknown source connector '%s'; known: %s", sqlName,
          String.join(", ", SPECS.keySet()));
    }
    if (args == null || args.size() != spec.parameters().size()
        || args.stream().anyMatch(a -> a == null || a.isBlank())) {
      throw new ConnectorException("%s takes %d path argument(s): %s(%s)", spec.sqlName(),
          spec.parameters().size(), spec.sqlName(), String.join(", ", spec.parameters()));
    }
    return spec.factory().apply(args.stream().map(Path::of).toList());
  }
}
