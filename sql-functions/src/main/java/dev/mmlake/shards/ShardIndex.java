package dev.mmlake.shards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The {@code <prefix>-index.json} next to the shards, in the shape of WebDataset's shard index
 * ({@code wids-shard-index-v1}: a {@code shardlist} of {@code url} and {@code nsamples}, URLs
 * relative to the index), with each shard's {@code filesize}, {@code sha256} and first and last
 * key added, plus the options and their hash. It has no timestamps, so it is as deterministic as
 * the shards. It is written last, to a temp name and renamed, so it marks a complete set.
 */
final class ShardIndex {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ShardIndex() {
  }

  static String fileName(String prefix) {
    return prefix + "-index.json";
  }

  static ObjectNode json(ShardOptions options, List<ShardResult> shards, long skipped) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("__kind__", "wids-shard-index-v1");
    root.put("wids_version", 1);
    root.put("name", options.prefix());
    root.put("format", ShardOptions.FORMAT);
    root.set("options", options.canonicalJson());
    root.put("options_hash", options.optionsHash());
    root.put("samples", shards.stream().mapToLong(ShardResult::samples).sum());
    root.put("skipped", skipped);
    root.put("bytes", shards.stream().mapToLong(ShardResult::bytes).sum());
    ArrayNode list = root.putArray("shardlist");
    for (ShardResult s : shards) {
      ObjectNode n = list.addObject();
      n.put("url", s.name());
      n.put("nsamples", s.samples());
      n.put("filesize", s.bytes());
      n.put("sha256", s.sha256());
      n.put("first_key", s.firstKey());
      n.put("last_key", s.lastKey());
    }
    return root;
  }

  /** Writes the index atomically; returns its path. */
  static Path write(Path dir, ShardOptions options, List<ShardResult> shards, long skipped)
      throws IOException {
    String name = fileName(options.prefix());
    Path temp = dir.resolve(ShardWriter.tempName(name));
    Path target = dir.resolve(name);
    try {
      byte[] bytes = MAPPER.writeValueAsBytes(json(options, shards, skipped));
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(bytes));
        ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
        ch.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException | RuntimeException e) {
      ShardWriter.deleteQuietly(temp, e);
      throw e;
    }
  }
}
