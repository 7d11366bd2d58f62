package dev.mmlake.connectors;

import com.fasterxml.jackson.annotation.JsonProperty;
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
 * name and URL of its image license from the JSON's {@code licenses} array. The row's license is
 * the image's own (e.g. {@code CC-BY-NC-SA-2.0} from its Creative Commons URL); an image without
 * one gets the source's default from {@code sql/source_licenses.csv}.
 */
public record CocoConnector(Path captionsJson, Path imagesDir) implements SourceConnector {
  public static final ConnectorSpec SPEC = new ConnectorSpec("read_coco", "coco", "1.0.0",
      List.of("captions_json", "images_dir"), a -> new CocoConnector(a.get(0), a.get(1)));

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
  public void read(IngestContext ctx, Consumer<ItemRow> out) {
    CaptionsFile file = Json.read(captionsJson, CaptionsFile.class, "COCO captions file");
    ConnectorException.check(file.images() != null,
        "%s has no 'images' array: pass a COCO captions_*.json file", captionsJson);
    Map<Long, List<Annotation>> captions = Captions.byItem(file.annotations(),
        Annotation::imageId, Comparator.comparingLong(Annotation::id));
    Map<Integer, ImageLicense> licenses = new HashMap<>();
    if (file.licenses() != null) {
      file.licenses().forEach(l -> licenses.put(l.id(), l));
    }
    List<Image> images = new ArrayList<>(file.images());
    images.sort(Comparator.comparingLong(Image::id));
    ItemEmitter emitter = new ItemEmitter(ctx, SPEC, out);
    emitter.expect(images.size());
    for (Image image : images) {
      String sourceId = String.valueOf(image.id());
      if (image.fileName() == null || image.fileName().isBlank()
          || Path.of(image.fileName()).isAbsolute() || image.fileName().contains("..")) {
        emitter.fail(sourceId, "image", captionsJson + "#image=" + image.id(),
            FailureCodes.INVALID_RECORD, "image entry has no usable file_name");
        continue;
      }
      List<Annotation> own = captions.getOrDefault(image.id(), List.of());
      ImageLicense imageLicense = licenses.get(image.license());
      ObjectNode meta = metadata(image, imageLicense);
      Captions.addTo(meta, own, "id", Annotation::id, Annotation::caption);
      String licenseId = imageLicense == null ? null
          : ctx.licenses().idForUrl(imageLicense.url());
      if (licenseId == null) {
        emitter.image(sourceId, imagesDir.resolve(image.fileName()),
            Captions.text(own, Annotation::caption), meta);
      } else {
        emitter.image(sourceId, imagesDir.resolve(image.fileName()),
            Captions.text(own, Annotation::caption), meta, licenseId,
            imageLicense.name() + " (" + imageLicense.url() + "); captions CC-BY-4.0");
      }
    }
  }

  /** The image's own fields and its license; the captions are added after them. */
  private static ObjectNode metadata(Image image, ImageLicense license) {
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
    return m;
  }
}
