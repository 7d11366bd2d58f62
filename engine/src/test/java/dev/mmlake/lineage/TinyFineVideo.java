package dev.mmlake.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.samples.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A FineVideo folder in the real layout ({@code videos/<id>.mp4}, {@code metadata/<id>.json})
 * with a few short sample videos; the second is a byte copy of the first (a planted duplicate).
 * Much faster to write than the full sample corpus.
 */
public final class TinyFineVideo {
  private TinyFineVideo() {
  }

  /** Writes {@code n >= 2} videos of 10 frames under {@code root}; returns {@code root}. */
  public static Path write(Path root, int n) throws Exception {
    Path videos = Files.createDirectories(root.resolve("videos"));
    Path metadata = Files.createDirectories(root.resolve("metadata"));
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 0; i < n; i++) {
      String id = String.format("tiny_%03d", i);
      Path mp4 = videos.resolve(id + ".mp4");
      if (i == 1) {
        Files.copy(videos.resolve("tiny_000.mp4"), mp4);
      } else {
        SampleMedia.mp4(mp4, 40 + i, 10);
      }
      ObjectNode meta = mapper.createObjectNode().put("youtube_title", "Tiny lesson " + i)
          .put("duration_seconds", 1);
      meta.putObject("content_metadata").put("description", "a moving disc, take " + i);
      mapper.writeValue(metadata.resolve(id + ".json").toFile(), meta);
    }
    return root;
  }
}
