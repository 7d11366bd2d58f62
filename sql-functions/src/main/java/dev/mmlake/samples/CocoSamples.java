package dev.mmlake.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.samples.SampleManifest.Item;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * COCO captions in the 2017 layout: {@code annotations/captions_val2017.json} and
 * {@code val2017/<12-digit id>.jpg}, five captions per image. Plants near-duplicate images
 * (re-encoded, resized, cropped), an exact duplicate, a blurred, a near-uniform and a tiny image,
 * a non-ASCII caption, a truncated JPEG, a JPEG with a corrupt header and a missing file.
 */
final class CocoSamples {
  static final String SOURCE = "coco";
  static final int NORMAL = 40;
  private static final String[] ADJ = {"small", "red", "wooden", "crowded", "quiet", "bright",
      "old", "striped", "large", "colourful"};
  private static final String[] NOUN = {"dog", "bicycle", "kitchen", "train", "cat", "bus",
      "table with food", "boat", "group of people", "giraffe", "clock tower", "pizza"};
  private static final String[] PLACE = {"next to a building", "on a city street",
      "in a green field", "near the water", "inside a room", "under a blue sky",
      "at a train station", "on a wooden table"};

  private CocoSamples() {
  }

  static int write(Path root, long seed, SampleManifest m) throws IOException {
    Random r = new Random(seed);
    Path images = Files.createDirectories(root.resolve("coco/val2017"));
    Path annotations = Files.createDirectories(root.resolve("coco/annotations"));
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode json = mapper.createObjectNode();
    json.putObject("info").put("description", "mmlake sample corpus in the COCO 2017 layout")
        .put("version", "1.0").put("year", 2017).put("date_created", "2017/09/01");
    ArrayNode licenses = json.putArray("licenses");
    licenses.addObject().put("id", 1).put("name", "Attribution-NonCommercial-ShareAlike License")
        .put("url", "http://creativecommons.org/licenses/by-nc-sa/2.0/");
    licenses.addObject().put("id", 4).put("name", "Attribution License")
        .put("url", "http://creativecommons.org/licenses/by/2.0/");
    ArrayNode imageArray = json.putArray("images");
    ArrayNode annArray = json.putArray("annotations");
    Writer w = new Writer(images, imageArray, annArray, r);

    byte[][] normal = new byte[NORMAL][];
    BufferedImage[] pictures = new BufferedImage[NORMAL];
    for (int i = 0; i < NORMAL; i++) {
      boolean portrait = i % 5 == 4;
      pictures[i] = SampleImages.scene(portrait ? 240 : 320, portrait ? 320 : 240, seed * 1000 + i);
      normal[i] = SampleImages.jpeg(pictures[i], 0.9f);
      w.add(normal[i], pictures[i].getWidth(), pictures[i].getHeight(), null);
    }
    m.nonAscii(new Item(SOURCE, w.id(11)));
    w.extraCaption(11, "Ein Café in München — 東京");

    BufferedImage base = pictures[3];
    BufferedImage small = SampleImages.resized(base, 0.75);
    BufferedImage crop = SampleImages.cropped(base, 0.05);
    w.add(SampleImages.jpeg(base, 0.45f), base.getWidth(), base.getHeight(), null);
    w.add(SampleImages.jpeg(small, 0.9f), small.getWidth(), small.getHeight(), null);
    w.add(SampleImages.jpeg(crop, 0.9f), crop.getWidth(), crop.getHeight(), null);
    m.nearDuplicates("image", "one picture, re-encoded at quality 0.45, resized to 75% and "
        + "cropped by 5% per border", List.of(item(w, 3), item(w, 40), item(w, 41), item(w, 42)));

    w.add(normal[7], 320, 240, null);
    m.exactDuplicates("the same JPEG bytes under two COCO ids", List.of(item(w, 7), item(w, 43)));

    BufferedImage blur = SampleImages.blurred(SampleImages.scene(320, 240, seed * 1000 + 900));
    w.add(SampleImages.jpeg(blur, 0.9f), 320, 240, null);
    m.special("blurred_image", item(w, 44));
    w.add(SampleImages.jpeg(SampleImages.nearUniform(320, 240, seed), 0.9f), 320, 240, null);
    m.special("near_uniform_image", item(w, 45));
    BufferedImage tiny = SampleImages.scene(16, 12, seed * 1000 + 901);
    w.add(SampleImages.jpeg(tiny, 0.9f), 16, 12, null);
    m.special("tiny_image", item(w, 46));

    byte[] full = SampleImages.jpeg(SampleImages.scene(320, 240, seed * 1000 + 902), 0.9f);
    w.add(Arrays.copyOf(full, full.length * 6 / 10), 320, 240, null);
    m.defect(SOURCE, w.id(47), "corrupt_jpeg", "JPEG cut at 60% of its bytes (no EOI marker)");
    byte[] garbage = new byte[4096];
    r.nextBytes(garbage);
    garbage[0] = (byte) 0xFF;
    garbage[1] = (byte) 0xD8;
    garbage[2] = (byte) 0xFF;
    garbage[garbage.length - 2] = (byte) 0xFF;
    garbage[garbage.length - 1] = (byte) 0xD9;
    w.add(garbage, 320, 240, null);
    m.defect(SOURCE, w.id(48), "corrupt_jpeg",
        "JPEG markers around random bytes (no frame header)");
    w.add(null, 320, 240, null);
    m.defect(SOURCE, w.id(49), "missing_file", "listed in the captions JSON, no file on disk");

    mapper.writeValue(annotations.resolve("captions_val2017.json").toFile(), json);
    m.source(SOURCE, "read_coco", List.of("coco/annotations/captions_val2017.json",
        "coco/val2017"), w.count, 3);
    return w.count;
  }

  private static Item item(Writer w, int index) {
    return new Item(SOURCE, w.id(index));
  }

  /** Appends images (file + JSON entry + five captions) with COCO-like ids. */
  private static final class Writer {
    private final Path dir;
    private final ArrayNode images;
    private final ArrayNode annotations;
    private final Random r;
    private int count;
    private long annotationId = 48;

    Writer(Path dir, ArrayNode images, ArrayNode annotations, Random r) {
      this.dir = dir;
      this.images = images;
      this.annotations = annotations;
      this.r = r;
    }

    String id(int index) {
      return String.valueOf(idOf(index));
    }

    private static long idOf(int index) {
      return 139 + 1013L * index;
    }

    /** Adds image {@code count}; {@code bytes} null plants a missing file. */
    void add(byte[] bytes, int width, int height, String caption) throws IOException {
      long id = idOf(count++);
      String name = String.format("%012d.jpg", id);
      if (bytes != null) {
        Files.write(dir.resolve(name), bytes);
      }
      images.addObject().put("license", r.nextBoolean() ? 1 : 4).put("file_name", name)
          .put("coco_url", "http://images.cocodataset.org/val2017/" + name)
          .put("height", height).put("width", width).put("date_captured", "2013-11-14 16:28:13")
          .put("flickr_url", "http://farm4.staticflickr.com/sample/" + name).put("id", id);
      for (int c = 0; c < 5; c++) {
        annotations.addObject().put("image_id", id).put("id", annotationId++)
            .put("caption", caption != null && c == 0 ? caption : caption());
      }
    }

    void extraCaption(int index, String caption) {
      annotations.addObject().put("image_id", idOf(index)).put("id", annotationId++)
          .put("caption", caption);
    }

    private String caption() {
      return "A " + ADJ[r.nextInt(ADJ.length)] + " " + NOUN[r.nextInt(NOUN.length)] + " "
          + PLACE[r.nextInt(PLACE.length)] + ".";
    }
  }
}
