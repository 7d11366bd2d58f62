package dev.mmlake.loader;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The shards a loader streams, sorted by file name (the canonical order the per-epoch shuffle
 * starts from). {@code name} identifies the set in cursors (e.g. {@code coco@v002/<options_hash>}).
 */
public record LoaderShardSet(String name, List<LoaderShard> shards) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public LoaderShardSet {
    requireNonNull(name, "name is null");
    List<LoaderShard> sorted = new ArrayList<>(shards);
    sorted.sort(Comparator.comparing(LoaderShard::name));
    shards = List.copyOf(sorted);
  }

  /** Total samples over all shards. */
  public long samples() {
    return shards.stream().mapToLong(LoaderShard::samples).sum();
  }

  /** Total bytes over all shards. */
  public long bytes() {
    return shards.stream().mapToLong(LoaderShard::bytes).sum();
  }

  /** Reads a set from its {@code <prefix>-index.json} (shard URLs relative to the index). */
  public static LoaderShardSet fromIndex(Path index) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(index));
    } catch (IOException e) {
      throw new LoaderException(ErrorCode.NOT_FOUND, e, "Cannot read shard index %s: %s", index,
          e.getMessage());
    }
    JsonNode list = root.path("shardlist");
    if (!list.isArray()) {
      throw new LoaderException(ErrorCode.CORRUPT_METADATA, "Shard index %s has no shardlist",
          index);
    }
    Path dir = index.toAbsolutePath().getParent();
    List<LoaderShard> shards = new ArrayList<>();
    for (JsonNode n : list) {
      String url = n.path("url").asText();
      shards.add(new LoaderShard(url, dir.resolve(url), n.path("nsamples").asLong(),
          n.path("filesize").asLong()));
    }
    String name = root.path("name").asText("set") + "/" + root.path("options_hash").asText("");
    return new LoaderShardSet(name, shards);
  }
}
