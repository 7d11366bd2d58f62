package dev.mmlake.engine.shards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.error.InvalidArgumentException;
import dev.mmlake.shards.ShardOptions;
import dev.mmlake.versions.VersionName;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options argument of {@code WRITE_SHARDS}: the writer's {@link ShardOptions} plus
 * {@code "version"}, which names the dataset version when the cursor alone does not tell
 * (see {@link ShardVersions}). A missing {@code prefix} defaults to {@code <dataset>-<version>}
 * once the version is known, e.g. {@code coco-v002}.
 */
final class ShardRequest {
  static final String VERSION = "version";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ObjectNode options;
  private final VersionName version;

  private ShardRequest(ObjectNode options, VersionName version) {
    this.options = options;
    this.version = version;
  }

  /**
   * Parses and checks the options; null or blank means the defaults.
   *
   * @throws InvalidArgumentException for malformed JSON, an unknown key or a bad value
   */
  static ShardRequest parse(String json) {
    ObjectNode node = MAPPER.createObjectNode();
    if (json != null && !json.isBlank()) {
      JsonNode parsed;
      try {
        parsed = MAPPER.readTree(json);
      } catch (JsonProcessingException e) {
        throw new InvalidArgumentException(e, "WRITE_SHARDS options are not valid JSON: %s",
            e.getOriginalMessage());
      }
      InvalidArgumentException.check(parsed != null && parsed.isObject(),
          "WRITE_SHARDS options must be a JSON object such as {\"max_samples\": 1000}, got %s",
          json);
      node = (ObjectNode) parsed;
    }
    Set<String> known = new TreeSet<>(ShardOptions.KEYS);
    known.add(VERSION);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      InvalidArgumentException.check(known.contains(k), "Unknown WRITE_SHARDS option '%s'; "
          + "known: %s", k, known);
    }
    VersionName version = null;
    if (node.hasNonNull(VERSION)) {
      JsonNode v = node.get(VERSION);
      InvalidArgumentException.check(v.isTextual(), "WRITE_SHARDS option version must be a "
          + "string such as \"coco@v002\", got %s", v);
      version = VersionName.parse(v.asText());
    }
    ObjectNode rest = node.deepCopy();
    rest.remove(VERSION);
    ShardOptions.ofJson(rest.toString()); // checks every value now, before any row is read
    return new ShardRequest(rest, version);
  }

  /** The version named by the options, or null. */
  VersionName version() {
    return version;
  }

  /** The writer's options for a set of {@code version}. */
  ShardOptions options(VersionName of) {
    ObjectNode o = options.deepCopy();
    if (!o.hasNonNull("prefix")) {
      o.put("prefix", of.dataset() + "-" + of.version());
    }
    return ShardOptions.ofJson(o.toString());
  }
}
