package dev.mmlake.catalog.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A COCO captions source of {@code n} small JPEG images for tests:
 * {@code <root>/captions.json} and {@code <root>/images/<id>.jpg}, one caption per image.
 */
public final class TinyCoco {
  private TinyCoco() {
  }

  /** Writes the source under {@code root}; returns {@code root}. */
  public static Path write(Path root, int n) throws IOException {
    Path images = Files.createDirectories(root.resolve("images"));
    StringBuilder imgs = new StringBuilder();
    StringBuilder anns = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setColor(new Color(40 * i % 256, 90, 160));
      g.fillRect(0, 0, 64, 48);
      g.setColor(Color.WHITE);
      g.fillOval(8 * i % 40, 10, 20, 20);
      g.dispose();
      ImageIO.write(img, "jpg", images.resolve(i + ".jpg").toFile());
      imgs.append(i > 1 ? "," : "").append("{\"id\":").append(i).append(",\"file_name\":\"")
          .append(i).append(".jpg\",\"width\":64,\"height\":48}");
      anns.append(i > 1 ? "," : "").append("{\"id\":").append(100 + i).append(",\"image_id\":")
          .append(i).append(",\"caption\":\"a test picture ").append(i).append("\"}");
    }
    Files.writeString(root.resolve("captions.json"), "{\"images\":[" + imgs + "],"
        + "\"annotations\":[" + anns + "]}", StandardCharsets.UTF_8);
    return root;
  }
}
