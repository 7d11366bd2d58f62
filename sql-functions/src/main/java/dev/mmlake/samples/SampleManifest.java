package dev.mmlake.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@value #FILE} written next to a sample corpus: per source the connector call and the
 * expected row and failure counts, then every planted defect (with the error type ingest must
 * record), exact and near duplicate groups, empty texts, non-ASCII texts and special media.
 * Items are named by {@code source} and {@code source_id}; paths are relative to the corpus root.
 */
final class SampleManifest {
  static final String FILE = "samples-manifest.json";
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectNode root = MAPPER.createObjectNode();
  private final ObjectNode sources;
  private final ArrayNode defects;
  private final ArrayNode exact;
  private final ArrayNode near;
  private final ArrayNode emptyTexts;
  private final ArrayNode nonAscii;
  private final ObjectNode special;
  private ObjectNode mediaCases;

  SampleManifest(long seed) {
    root.put("generator", "mmlake samples");
    root.put("seed", seed);
    sources = root.putObject("sources");
    defects = root.putArray("defects");
    exact = root.putArray("exact_duplicates");
    near = root.putArray("near_duplicates");
    emptyTexts = root.putArray("empty_texts");
    nonAscii = root.putArray("non_ascii_texts");
    special = root.putObject("special");
  }

  /** A source: its connector, its arguments (relative paths) and the items it holds. */
  void source(String source, String connector, List<String> args, int items, int failures) {
    ObjectNode s = sources.putObject(source);
    s.put("connector", connector);
    ArrayNode a = s.putArray("args");
    args.forEach(a::add);
    s.put("items", items);
    s.put("expected_rows", items - failures);
    s.put("expected_failures", failures);
  }

  void defect(String source, String sourceId, String errorType, String what) {
    defects.addObject().put("source", source).put("source_id", sourceId)
        .put("error_type", errorType).put("what", what);
  }

  void exactDuplicates(String what, List<Item> members) {
    group(exact.addObject().put("what", what), members);
  }

  void nearDuplicates(String modality, String what, List<Item> members) {
    group(near.addObject().put("modality", modality).put("what", what), members);
  }

  void emptyText(Item item) {
    emptyTexts.add(node(item));
  }

  void nonAscii(Item item) {
    nonAscii.add(node(item));
  }

  /** A one-off item later stages look for, e.g. {@code blurred_image}. */
  void special(String role, Item item) {
    special.set(role, node(item));
  }

  /**
   * The {@code media_cases} block: a connector call apart from {@code sources} and the list of
   * real-world image variants it reads, each with its expected outcome (filled by the caller).
   */
  ArrayNode mediaCases(String connector, List<String> args) {
    mediaCases = root.putObject("media_cases");
    mediaCases.put("connector", connector);
    ArrayNode a = mediaCases.putArray("args");
    args.forEach(a::add);
    return mediaCases.putArray("cases");
  }

  void mediaCaseCounts(int items, int failures) {
    mediaCases.put("items", items);
    mediaCases.put("expected_rows", items - failures);
    mediaCases.put("expected_failures", failures);
  }

  void write(Path dir) throws IOException {
    MAPPER.writeValue(dir.resolve(FILE).toFile(), root);
  }

  /** An item by source and source id. */
  record Item(String source, String sourceId) {
  }

  private static void group(ObjectNode g, List<Item> members) {
    ArrayNode m = g.putArray("members");
    members.forEach(i -> m.add(node(i)));
  }

  private static ObjectNode node(Item i) {
    return MAPPER.createObjectNode().put("source", i.source()).put("source_id", i.sourceId());
  }
}
