package dev.mmlake.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.media.FailureCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code read_finevideo(root)}: FineVideo unpacked from its WebDataset shards into two folders,
 * {@code root/videos/<id>.mp4} and {@code root/metadata/<id>.json} (the {@code mp4} and
 * {@code json} members of each sample, keyed by the sample key). One video item per metadata
 * file, in id order; the id is the source id. Text is {@code content_metadata.description},
 * else {@code youtube_title}; the metadata column is the per-video JSON itself.
 */
public final class FineVideoConnector implements SourceConnector {
  public static final String NAME = "read_finevideo";
  public static final String VERSION = "1.0.0";
  public static final String SOURCE = "finevideo";

  private final Path root;

  public FineVideoConnector(Path root) {
    this.root = root;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  public void read(IngestContext ctx, Consumer<ItemRow> out) {
    List<Path> metadataFiles = metadataFiles();
    ItemEmitter emitter = new ItemEmitter(ctx, this, out);
    emitter.expect(metadataFiles.size());
    for (Path json : metadataFiles) {
      String name = json.getFileName().toString();
      String id = name.substring(0, name.length() - ".json".length());
      JsonNode meta;
      try {
        meta = Json.MAPPER.readTree(json.toFile());
      } catch (IOException e) {
        emitter.fail(id, "video", json.toString(), FailureCodes.INVALID_RECORD,
            "metadata is not valid JSON: " + e.getMessage());
        continue;
      }
      if (!(meta instanceof ObjectNode object)) {
        emitter.fail(id, "video", json.toString(), FailureCodes.INVALID_RECORD,
            "metadata is not a JSON object");
        continue;
      }
      emitter.video(id, root.resolve("videos").resolve(id + ".mp4"), text(object), object);
    }
  }

  private static String text(ObjectNode meta) {
    String description = meta.path("content_metadata").path("description").asText("");
    if (!description.isBlank()) {
      return description;
    }
    String title = meta.path("youtube_title").asText("");
    return title.isBlank() ? null : title;
  }

  private List<Path> metadataFiles() {
    Path dir = root.resolve("metadata");
    if (!Files.isDirectory(dir)) {
      throw new ConnectorException("FineVideo root %s has no metadata/ folder; expected "
          + "<root>/videos/<id>.mp4 and <root>/metadata/<id>.json", root);
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new ConnectorException(e, "Cannot list %s: %s", dir, e.getMessage());
    }
  }
}
