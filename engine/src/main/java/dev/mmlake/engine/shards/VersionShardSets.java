package dev.mmlake.engine.shards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import dev.mmlake.versions.Manifest;
import dev.mmlake.versions.VersionName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The shard sets of a dataset version, as {@code mmlake dataset show} lists them in its manifest.
 *
 * <p>A version's manifest is frozen when the version is tagged (its text is in
 * {@code lake.versions.manifest} and in the content store, and never changes), while shard sets
 * are written later. So the sets are not stored in the manifest: they are read from
 * {@code lake.shards} (grouped by version and options hash, the identity of a set) whenever the
 * manifest is shown, and added to the printed manifest under {@code shard_sets}, with
 * {@code shard_sets_source} saying where they come from. Per set: options hash, the options (from
 * the set's index file, when it is there and carries the same hash), folder URI and prefix,
 * shards, samples, bytes, the index file's URI and sha256, and whether every file is present with
 * its recorded size (a stat, not a re-hash).
 */
public final class VersionShardSets {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One shard set of a version.
   *
   * @param optionsHash the set's options hash (with the version, its identity)
   * @param options the canonical options from the index file, or null when it cannot be read
   * @param folder URI of the folder holding the set
   * @param prefix shard names are {@code <prefix>-000000.tar}
   * @param shards number of shards
   * @param samples samples over all shards
   * @param bytes bytes over all shards
   * @param index URI of {@code <prefix>-index.json}
   * @param indexSha256 hex sha256 of the index file, or null when it is missing
   * @param filesPresent true when the index and every shard exist with their recorded sizes
   * @param createdAt when the set was written
   */
  public record ShardSet(String optionsHash, JsonNode options, String folder, String prefix,
      long shards, long samples, long bytes, String index, String indexSha256,
      boolean filesPresent, OffsetDateTime createdAt) {
  }

  private VersionShardSets() {
  }

  /** The shard sets recorded for {@code version}, oldest first; empty when there are none. */
  public static List<ShardSet> of(Lakehouse lakehouse, VersionName version) {
    if (!lakehouse.catalog().tableExists(LakeTables.SHARDS)) {
      return List.of();
    }
    Table table = lakehouse.table(LakeTables.SHARDS);
    if (table.currentSnapshot() == null) {
      return List.of();
    }
    Map<String, List<Record>> byHash = new TreeMap<>();
    String name = version.toString();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table)
        .where(Expressions.equal("version", name)).build()) {
      for (Record r : rows) {
        if (name.equals(r.getField("version"))) {
          byHash.computeIfAbsent(String.valueOf(r.getField("options_hash")),
              k -> new ArrayList<>()).add(r.copy());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + LakeTables.SHARDS, e);
    }
    List<ShardSet> sets = new ArrayList<>();
    byHash.forEach((hash, rows) -> sets.add(set(hash, rows)));
    sets.sort((a, b) -> a.createdAt() == null || b.createdAt() == null ? 0
        : a.createdAt().compareTo(b.createdAt()));
    return sets;
  }

  /**
   * The stored manifest {@code manifestJson} with {@code shard_sets} and
   * {@code shard_sets_source} added, pretty-printed; the stored fields are unchanged.
   */
  public static String showManifest(Lakehouse lakehouse, VersionName version,
      String manifestJson) {
    JsonNode stored = Manifest.parse(manifestJson);
    if (!(stored instanceof ObjectNode m)) {
      throw new MmlakeException(ErrorCode.CORRUPT_METADATA, "The stored manifest of %s is not "
          + "a JSON object", version);
    }
    Table table = lakehouse.catalog().tableExists(LakeTables.SHARDS)
        ? lakehouse.table(LakeTables.SHARDS) : null;
    Snapshot snapshot = table == null ? null : table.currentSnapshot();
    m.put("shard_sets_source", "lake.shards" + (snapshot == null ? "" : " at snapshot "
        + snapshot.snapshotId()) + ", read now: shard sets written since the version was "
        + "tagged; not part of the stored manifest (lake.versions.manifest), which is unchanged");
    ArrayNode list = m.putArray("shard_sets");
    for (ShardSet s : of(lakehouse, version)) {
      list.add(json(s));
    }
    try {
      return MAPPER.writeValueAsString(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One set as the manifest lists it. */
  public static ObjectNode json(ShardSet s) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("options_hash", s.optionsHash());
    n.set("options", s.options());
    n.put("uri", s.folder());
    n.put("prefix", s.prefix());
    n.put("shards", s.shards());
    n.put("samples", s.samples());
    n.put("bytes", s.bytes());
    n.put("index", s.index());
    n.put("index_sha256", s.indexSha256());
    n.put("files_present", s.filesPresent());
    n.put("created_at", s.createdAt() == null ? null : s.createdAt().toString());
    return n;
  }

  private static ShardSet set(String hash, List<Record> rows) {
    rows.sort((a, b) -> String.valueOf(a.getField("shard"))
        .compareTo(String.valueOf(b.getField("shard"))));
    long samples = 0;
    long bytes = 0;
    boolean present = true;
    Path folder = null;
    OffsetDateTime created = null;
    for (Record r : rows) {
      samples += longOf(r, "samples");
      bytes += longOf(r, "bytes");
      Path shard = pathOf((String) r.getField("uri"));
      folder = folder == null && shard != null ? shard.getParent() : folder;
      present &= shard != null && sizeIs(shard, longOf(r, "bytes"));
      if (r.getField("created_at") instanceof OffsetDateTime t) {
        created = created == null || t.isBefore(created) ? t : created;
      }
    }
    String first = String.valueOf(rows.get(0).getField("shard"));
    String prefix = first.replaceFirst("-\\d{6,}\\.tar$", "");
    Path index = folder == null ? null : folder.resolve(prefix + "-index.json");
    String indexSha = null;
    JsonNode options = null;
    if (index != null && Files.isRegularFile(index)) {
      try {
        byte[] bytesOfIndex = Files.readAllBytes(index);
        indexSha = Sha256.hex(bytesOfIndex);
        JsonNode parsed = MAPPER.readTree(bytesOfIndex);
        if (hash.equals(parsed.path("options_hash").asText())) {
          options = parsed.get("options");
        }
      } catch (IOException e) {
        indexSha = null; // unreadable: reported as missing
      }
    }
    present &= indexSha != null;
    return new ShardSet(hash, options, folder == null ? null : folder.toUri().toString(), prefix,
        rows.size(), samples, bytes, index == null ? null : index.toUri().toString(), indexSha,
        present, created);
  }

  private static long longOf(Record r, String field) {
    return r.getField(field) instanceof Number n ? n.longValue() : 0;
  }

  private static Path pathOf(String uri) {
    try {
      return uri == null ? null : Path.of(URI.create(uri));
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      return null; // not a local file URI
    }
  }

  private static boolean sizeIs(Path file, long size) {
    try {
      return Files.isRegularFile(file) && Files.size(file) == size;
    } catch (IOException e) {
      return false;
    }
  }
}
