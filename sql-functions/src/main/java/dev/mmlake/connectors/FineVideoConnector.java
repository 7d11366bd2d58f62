package dev.mmlake.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.media.FailureCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code read_finevideo(root)}: FineVideo unpacked from its WebDataset shards into two folders,
 * {@code root/videos/<id>.mp4} and {@code root/metadata/<id>.json} (the {@code mp4} and
 * {@code json} members of each sample, keyed by the sample key). One video item per metadata
 * file, in id order; the id is the source id. Text is {@code content_metadata.description},
 * else {@code youtube_title}; the metadata column is the per-video JSON itself.
 */
public record FineVideoConnector(Path root) implements SourceConnector {
  public static final ConnectorSpec SPEC = new ConnectorSpec("read_finevideo", "finevideo",
      "1.0.0", List.of("root"), a -> new FineVideoConnector(a.get(0)));

  @Override
  public void read(IngestContext ctx, Consumer<ItemRow> out) {
    List<Path> metadataFiles = metadataFiles(ctx.dataRoots());
    ItemEmitter emitter = new ItemEmitter(ctx, SPEC, out);
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

  private List<Path> metadataFiles(DataRoots roots) {
    Path dir = root.resolve("metadata");
    ConnectorException.check(Files.isDirectory(dir), "FineVideo root %s has no metadata/ folder; "
        + "expected <root>/videos/<id>.mp4 and <root>/metadata/<id>.json", root);
    return SourceFiles.in(dir, ".json", roots, SPEC.sqlName());
  }
}
