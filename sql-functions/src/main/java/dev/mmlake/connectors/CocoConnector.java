package dev.mmlake.connectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.media.FailureCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code read_coco(captions_json, images_dir)}: COCO captions, one image item per entry of the
 * JSON's {@code images} array, in id order. The image is {@code images_dir/<file_name>}; its
 * {@code annotations} (by {@code image_id}) are the captions: the text column joins them with
 * newlines (in annotation id order) and the metadata keeps each caption with its id, plus the
 * image's {@code file_name, width, height, license, coco_url, flickr_url, date_captured} and the
 * name and URL of its image license from the JSON's {@code licenses} array.
 */
public final class CocoConnector implements SourceConnector {
  public static final String NAME = "read_coco";
  public static final String VERSION = "1.0.0";
  public static final String SOURCE = "coco";

  private final Path captionsJson;
  private final Path imagesDir;

  public CocoConnector(Path captionsJson, Path imagesDir) {
    this.captionsJson = captionsJson;
    this.imagesDir = imagesDir;
  }

  record CaptionsFile(List<Image> images, List<Annotation> annotations,
      List<ImageLicense> licenses) {
  }

  record Image(long id, @JsonProperty("file_name") String fileName, Integer width, Integer height,
      Integer license, @JsonProperty("coco_url") String cocoUrl,
      @JsonProperty("flickr_url") String flickrUrl,
      @JsonProperty("date_captured") String dateCaptured) {
  }

  record Annotation(long id, @JsonProperty("image_id") long imageId, String caption) {
  }

  record ImageLicense(int id, String name, String url) {
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
    CaptionsFile file = Json.read(captionsJson, CaptionsFile.class, "COCO captions file");
    if (file.images() == null) {
      throw new ConnectorException("%s has no 'images' array: pass a COCO captions_*.json file",
          captionsJson);
    }
    Map<Long, List<Annotation>> captions = new HashMap<>();
    if (file.annotations() != null) {
      for (Annotation a : file.annotations()) {
        captions.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(a);
      }
    }
    Map<Integer, ImageLicense> licenses = new HashMap<>();
    if (file.licenses() != null) {
      file.licenses().forEach(l -> licenses.put(l.id(), l));
    }
    List<Image> images = new ArrayList<>(file.images());
    images.sort(Comparator.comparingLong(Image::id));
    ItemEmitter emitter = new ItemEmitter(ctx, this, out);
    emitter.expect(images.size());
    for (Image image : images) {
      String sourceId = String.valueOf(image.id());
      if (image.fileName() == null || image.fileName().isBlank()
          || Path.of(image.fileName()).isAbsolute() || image.fileName().contains("..")) {
        emitter.fail(sourceId, "image", captionsJson + "#image=" + image.id(),
            FailureCodes.INVALID_RECORD, "image entry has no usable file_name");
        continue;
      }
      List<Annotation> own = new ArrayList<>(captions.getOrDefault(image.id(), List.of()));
      own.sort(Comparator.comparingLong(Annotation::id));
      emitter.image(sourceId, imagesDir.resolve(image.fileName()), text(own),
          metadata(image, own, licenses.get(image.license())));
    }
  }

  private static String text(List<Annotation> captions) {
    if (captions.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (Annotation a : captions) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(a.caption() == null ? "" : a.caption().strip());
    }
    return sb.toString();
  }

  private static ObjectNode metadata(Image image, List<Annotation> captions, ImageLicense license) {
    ObjectNode m = Json.object();
    m.put("file_name", image.fileName());
    m.put("width", image.width());
    m.put("height", image.height());
    m.put("license", image.license());
    if (license != null) {
      m.put("image_license", license.name());
      m.put("image_license_url", license.url());
    }
    m.put("coco_url", image.cocoUrl());
    m.put("flickr_url", image.flickrUrl());
    m.put("date_captured", image.dateCaptured());
    ArrayNode list = m.putArray("captions");
    for (Annotation a : captions) {
      list.addObject().put("id", a.id()).put("caption", a.caption());
    }
    return m;
  }
}
