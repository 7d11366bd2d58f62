package dev.mmlake.shards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.cas.Sha256;
import dev.mmlake.error.InvalidArgumentException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a shard set is cut. Every option but {@code threads} changes the bytes written, and is
 * covered by {@link #optionsHash()}; {@code threads} only changes how fast. A bad value is an
 * {@link InvalidArgumentException} (a user error that names the option).
 *
 * @param maxSamples a shard is closed when it holds this many samples (>= 1)
 * @param maxMb a shard is closed before the sample that would make its tar file larger than
 *     {@code maxMb * 1,000,000} bytes; a single larger sample gets a shard of its own (> 0)
 * @param seed seed of the sample shuffle (see {@link ShardShuffle})
 * @param threads workers writing shards in parallel (>= 1); does not change the output
 * @param prefix shard file names are {@code <prefix>-000000.tar}: {@code [A-Za-z0-9][A-Za-z0-9_.-]*}
 * @param embeddings name of the model whose cached vectors fill {@code .npy} members, or null
 *     for none; the writer only records it (the caller looks the vectors up)
 */
public record ShardOptions(int maxSamples, double maxMb, long seed, int threads, String prefix,
    String embeddings) {
  /** Version of the shard layout; part of the options hash, bumped when the bytes change. */
  public static final String FORMAT = "mmlake-webdataset/1";
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
  /** The keys {@link #ofJson} accepts. */
  public static final Set<String> KEYS =
      Set.of("max_samples", "max_mb", "seed", "threads", "prefix", "embeddings");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public ShardOptions {
    check(maxSamples >= 1, "max_samples must be >= 1, got %s", maxSamples);
    check(maxMb > 0 && Double.isFinite(maxMb) && maxMb * 1e6 < Long.MAX_VALUE,
        "max_mb must be a positive number, got %s", maxMb);
    check(threads >= 1, "threads must be >= 1, got %s", threads);
    check(prefix != null && PREFIX.matcher(prefix).matches(),
        "prefix must match [A-Za-z0-9][A-Za-z0-9_.-]* (at most 100 characters), got '%s'",
        prefix);
  }

  /** 10,000 samples or 1,000 MB per shard, seed 0, one thread per core, prefix "shard". */
  public static ShardOptions defaults() {
    return new ShardOptions(10_000, 1000, 0, Runtime.getRuntime().availableProcessors(), "shard",
        null);
  }

  /**
   * {@link #defaults()} overridden by a JSON object such as
   * {@code {"max_samples": 1000, "max_mb": 256, "seed": 7, "embeddings": "clip"}}; unknown keys
   * are rejected so that a typo cannot silently change a shard set.
   */
  public static ShardOptions ofJson(String json) {
    ShardOptions d = defaults();
    if (json == null || json.isBlank()) {
      return d;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException(e, "Shard options are not valid JSON: %s",
          e.getOriginalMessage());
    }
    check(node != null && node.isObject(), "Shard options must be a JSON object, got %s", json);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      check(KEYS.contains(k), "Unknown shard option '%s'; known: %s", k, KEYS);
    }
    return new ShardOptions(
        node.has("max_samples") ? intOf(node, "max_samples") : d.maxSamples,
        node.has("max_mb") ? numberOf(node, "max_mb").doubleValue() : d.maxMb,
        node.has("seed") ? longOf(node, "seed") : d.seed,
        node.has("threads") ? intOf(node, "threads") : d.threads,
        node.has("prefix") ? node.get("prefix").asText() : d.prefix,
        node.hasNonNull("embeddings") ? node.get("embeddings").asText() : null);
  }

  /** This with another thread count. */
  public ShardOptions withThreads(int n) {
    return new ShardOptions(maxSamples, maxMb, seed, n, prefix, embeddings);
  }

  /** This with another seed. */
  public ShardOptions withSeed(long s) {
    return new ShardOptions(maxSamples, maxMb, s, threads, prefix, embeddings);
  }

  /** The shard size limit in bytes. */
  public long maxBytes() {
    return (long) (maxMb * 1_000_000L);
  }

  /**
   * The options that change the output as canonical JSON: keys sorted, no spaces, sizes in bytes,
   * e.g. {@code {"embeddings":null,"format":"mmlake-webdataset/1","max_bytes":256000000,...}}.
   */
  public ObjectNode canonicalJson() {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("embeddings", embeddings);
    n.put("format", FORMAT);
    n.put("max_bytes", maxBytes());
    n.put("max_samples", maxSamples);
    n.put("prefix", prefix);
    n.put("seed", seed);
    return n;
  }

  /** sha256 hex of {@link #canonicalJson()}: with the version, it identifies a shard set. */
  public String optionsHash() {
    return Sha256.hex(canonicalJson().toString());
  }

  private static int intOf(JsonNode node, String key) {
    JsonNode v = node.get(key);
    check(v.isIntegralNumber() && v.canConvertToInt(),
        "Shard option %s must be an integer, got %s", key, v);
    return v.intValue();
  }

  private static long longOf(JsonNode node, String key) {
    JsonNode v = node.get(key);
    check(v.isIntegralNumber() && v.canConvertToLong(),
        "Shard option %s must be a 64-bit integer, got %s", key, v);
    return v.longValue();
  }

  private static Number numberOf(JsonNode node, String key) {
    JsonNode v = node.get(key);
    check(v.isNumber(), "Shard option %s must be a number, got %s", key, v);
    return v.numberValue();
  }

  private static void check(boolean ok, String format, Object... args) {
    InvalidArgumentException.check(ok, format, args);
  }
}
