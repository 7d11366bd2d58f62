package dev.mmlake.loader;

import dev.mmlake.shards.BlobSource;
import dev.mmlake.shards.ShardListener;
import dev.mmlake.shards.ShardOptions;
import dev.mmlake.shards.ShardSample;
import dev.mmlake.shards.ShardSetWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Shard sets for the loader tests, written with the real {@link ShardSetWriter}. */
final class LoaderTestSets {
  private LoaderTestSets() {
  }

  /**
   * {@code n} samples {@code s-000..}: every third a PNG with known pixels, every third a JPEG,
   * the rest text; even ones carry a 4-float vector; {@code perShard} samples per shard.
   */
  static LoaderShardSet write(Path dir, int n, int perShard) {
    List<ShardSample> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = String.format("s-%03d", i);
      ShardSample s;
      if (i % 3 == 0) {
        s = ShardSample.ofBlob(id, "image", "png", BlobSource.ofBytes(image(i, "png")),
            Map.<String, Object>of("i", i));
      } else if (i % 3 == 1) {
        s = ShardSample.ofBlob(id, "image", "jpg", BlobSource.ofBytes(image(i, "jpg")),
            Map.<String, Object>of("i", i)).withText("caption " + i);
      } else {
        s = ShardSample.ofBlob(id, "text", "txt", BlobSource.ofBytes(("body " + i + " \u00e9")
            .getBytes(StandardCharsets.UTF_8)), Map.<String, Object>of("i", i));
      }
      if (i % 2 == 0) {
        s = s.withEmbedding(new float[] {i, 0.5f, -1f, 1e-3f});
      }
      samples.add(s);
    }
    ShardOptions o = ShardOptions.ofJson("{\"max_samples\": " + perShard
        + ", \"seed\": 11, \"prefix\": \"t-v1\", \"threads\": 1}");
    new ShardSetWriter(dir, o).write(samples, ShardListener.NONE);
    return LoaderShardSet.fromIndex(dir.resolve("t-v1-index.json"));
  }

  /** A 5x4 image: pixel (y, x) = (10 * x + i, 20 * y, 200) in RGB. */
  static byte[] image(int i, String format) {
    BufferedImage img = new BufferedImage(5, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 5; x++) {
        img.setRGB(x, y, ((10 * x + i) & 0xFF) << 16 | (20 * y) << 8 | 200);
      }
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, format.equals("jpg") ? "jpeg" : format, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every key of one run, in delivery order. */
  static List<String> keys(ShardLoader loader, long limit) {
    List<String> out = new ArrayList<>();
    LoaderSample s;
    while (out.size() < limit && (s = loader.next()) != null) {
      out.add(s.key());
    }
    return out;
  }
}
