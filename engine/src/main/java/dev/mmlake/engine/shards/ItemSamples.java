package dev.mmlake.engine.shards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.cas.ContentKey;
import dev.mmlake.cas.ContentStore;
import dev.mmlake.embed.ModelSpec;
import dev.mmlake.engine.shards.ShardVersions.ShardVersion;
import dev.mmlake.error.InvalidArgumentException;
import dev.mmlake.shards.BlobSource;
import dev.mmlake.shards.ShardSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Turns the cursor's rows into shard samples. Columns are found by name (case-insensitive), so
 * any query over a version works; only {@code id} is required. The columns of {@code lake.items}
 * are used as follows:
 * <ul>
 *   <li>{@code content_uri} (else {@code content_hash}): the blob, streamed from the content
 *       store, with the extension of its {@code mime} ({@code image/jpeg} -> {@code jpg});</li>
 *   <li>{@code text}: the {@code .txt} member (a caption, a transcript, or a text item's body
 *       when the item has no blob; a text item's blob is its body already);</li>
 *   <li>{@code id, source, source_id, modality, license, mime, content_hash, size_bytes,
 *       connector, connector_version}: copied into {@code .json}, with {@code caption} (the text
 *       of a non-text item) and {@code captions} (from {@code metadata.captions}, when
 *       present);</li>
 *   <li>{@code ingested_at} and {@code metadata} are not copied; any other column of the cursor
 *       is copied into {@code .json} under its name (e.g. a joined {@code quality_status}).</li>
 * </ul>
 * Every {@code .json} also has {@code version} and {@code snapshot_id}, {@code quality} and
 * {@code dedup} from {@link ItemLookups}, and {@code embedding} (model@version) when the sample
 * has a {@code .npy}.
 */
final class ItemSamples {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> COPIED = Set.of("id", "source", "source_id", "modality",
      "license", "mime", "content_hash", "size_bytes", "connector", "connector_version");
  private static final Set<String> ITEM_COLUMNS = Set.of("id", "source", "source_id",
      "modality", "content_hash", "content_uri", "mime", "size_bytes", "text", "license",
      "connector", "connector_version", "ingested_at", "metadata");
  private static final Map<String, String> EXTENSIONS = Map.ofEntries(
      Map.entry("image/jpeg", "jpg"), Map.entry("image/jpg", "jpg"), Map.entry("image/png", "png"),
      Map.entry("image/webp", "webp"), Map.entry("image/gif", "gif"),
      Map.entry("image/bmp", "bmp"), Map.entry("image/tiff", "tiff"),
      Map.entry("audio/flac", "flac"), Map.entry("audio/wav", "wav"),
      Map.entry("audio/x-wav", "wav"), Map.entry("audio/mpeg", "mp3"),
      Map.entry("audio/ogg", "ogg"), Map.entry("video/mp4", "mp4"),
      Map.entry("video/webm", "webm"), Map.entry("video/x-matroska", "mkv"),
      Map.entry("video/quicktime", "mov"), Map.entry("text/plain", "txt"));

  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> columns;
  private final ContentStore cas;
  private final ShardVersion version;

  private final boolean verifyBlobs;

  ItemSamples(List<String> columns, ContentStore cas, ShardVersion version, boolean verifyBlobs) {
    this.verifyBlobs = verifyBlobs;
    this.columns = columns;
    for (int i = 0; i < columns.size(); i++) {
      index.putIfAbsent(columns.get(i).toLowerCase(Locale.ROOT), i);
    }
    InvalidArgumentException.check(index.containsKey("id"), "WRITE_SHARDS needs an id column in "
        + "its cursor, e.g. CURSOR(SELECT * FROM datasets.\"coco@v002\"); it has %s", columns);
    this.cas = cas;
    this.version = version;
  }

  /** The item id of {@code row}; a null id is refused. */
  String id(Object[] row) {
    Object id = value(row, "id");
    InvalidArgumentException.check(id != null, "WRITE_SHARDS: a cursor row has a NULL id");
    return id.toString();
  }

  String string(Object[] row, String column) {
    Object v = value(row, column);
    return v == null ? null : v.toString();
  }

  /** The cache key of the row's vector for {@code model}, or null. */
  String vectorKey(Object[] row, ModelSpec model) {
    String hash = string(row, "content_hash");
    if (hash == null && string(row, "content_uri") != null
        && ContentKey.isUri(string(row, "content_uri"))) {
      hash = ContentKey.digestOf(string(row, "content_uri"));
    }
    return CachedVectors.keyOf(model, string(row, "modality"), hash, string(row, "text"));
  }

  /** Where the row's blob is: its {@code content_uri}, else its {@code content_hash}, or null. */
  String blobRef(Object[] row) {
    String uri = string(row, "content_uri");
    return uri != null ? uri : string(row, "content_hash");
  }

  /**
   * The sample of {@code row}, with the quality and dedup of {@code lookups} and the vector
   * {@code embedding} of {@code model} (both may be null).
   */
  ShardSample sample(Object[] row, ItemLookups lookups, ModelSpec model, float[] embedding) {
    String id = id(row);
    String modality = string(row, "modality");
    String text = string(row, "text");
    String ref = blobRef(row);
    Map<String, Object> json = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i).toLowerCase(Locale.ROOT);
      if (index.get(name) != i || row[i] == null) {
        continue;
      }
      if (COPIED.contains(name) || !ITEM_COLUMNS.contains(name)) {
        json.put(name, jsonValue(row[i]));
      }
    }
    if (text != null && !"text".equals(modality)) {
      json.put("caption", text);
    }
    List<String> captions = captions(string(row, "metadata"));
    if (captions != null) {
      json.put("captions", captions);
    }
    json.put("version", version.name().toString());
    json.put("snapshot_id", version.snapshotId());
    if (lookups.quality(id) != null) {
      json.put("quality", lookups.quality(id));
    }
    if (lookups.dedup(id) != null) {
      json.put("dedup", lookups.dedup(id));
    }
    if (embedding != null) {
      json.put("embedding", model.name() + "@" + model.version());
    }
    ShardSample sample;
    if (ref != null) {
      String ext = extension(string(row, "mime"), modality);
      sample = ShardSample.ofBlob(id, modality == null ? "unknown" : modality, ext,
          BlobSource.ofStore(cas, ref, verifyBlobs), json);
      if (text != null && !"txt".equals(ext)) {
        sample = sample.withText(text);
      }
    } else {
      sample = new ShardSample(id, modality == null ? "unknown" : modality, null, null, json,
          null, text);
    }
    return embedding == null ? sample : sample.withEmbedding(embedding);
  }

  /** The member extension for a blob of {@code mime}: jpg, png, flac, mp4, txt, ... or bin. */
  static String extension(String mime, String modality) {
    if (mime != null) {
      String type = mime.toLowerCase(Locale.ROOT);
      int semi = type.indexOf(';');
      type = (semi < 0 ? type : type.substring(0, semi)).trim();
      String ext = EXTENSIONS.get(type);
      if (ext != null) {
        return ext;
      }
    }
    return "text".equals(modality) ? "txt" : "bin";
  }

  private Object value(Object[] row, String column) {
    Integer i = index.get(column);
    return i == null || i >= row.length ? null : row[i];
  }

  /** The caption strings of {@code metadata.captions}, or null. */
  private static List<String> captions(String metadata) {
    if (metadata == null || metadata.isBlank()) {
      return null;
    }
    try {
      JsonNode list = MAPPER.readTree(metadata).get("captions");
      if (list == null || !list.isArray()) {
        return null;
      }
      List<String> out = new ArrayList<>();
      for (JsonNode c : list) {
        JsonNode caption = c.isTextual() ? c : c.get("caption");
        if (caption != null && !caption.isNull()) {
          out.add(caption.asText());
        }
      }
      return out;
    } catch (Exception e) {
      return null; // metadata that is not JSON has no captions to offer
    }
  }

  /** A SQL value as JSON: strings, numbers, booleans and lists as they are, others as text. */
  private static Object jsonValue(Object v) {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(e -> out.add(jsonValue(e)));
      return out;
    }
    if (v instanceof ByteString b) {
      return b.toBase64String();
    }
    return v.toString();
  }
}
