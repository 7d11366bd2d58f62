package dev.mmlake.media;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.mmlake.cas.ContentKey;
import dev.mmlake.cas.ContentRef;
import dev.mmlake.cas.ContentStore;
import dev.mmlake.catalog.AssetRecorder;
import dev.mmlake.catalog.DerivedAsset;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.error.InvalidArgumentException;
import dev.mmlake.transforms.PrecomputeTransforms;
import dev.mmlake.transforms.TransformUses;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * {@code VIDEO_KEYFRAMES(uri, n)}: stores {@code n} evenly spaced frames of a CAS video as JPEGs
 * in the content store and returns their URIs as a JSON array string, in time order. Storing is
 * idempotent: the same video and n give the same URIs. Each frame is recorded in
 * {@code lake.assets} (kind {@code keyframe}, parent = the video's content hash), committed with
 * the statement.
 */
public final class VideoKeyframesFunction {
  /** Largest n accepted, so one call cannot fill the store. */
  public static final int MAX_FRAMES = 256;

  public String eval(String uri, Integer n) {
    if (uri == null || n == null) {
      return null;
    }
    if (n <= 0 || n > MAX_FRAMES) {
      throw new InvalidArgumentException("VIDEO_KEYFRAMES: n must be in 1.." + MAX_FRAMES
          + ", got " + n);
    }
    StatementContext ctx = StatementContext.current();
    TransformUses.record(ctx, PrecomputeTransforms.videoKeyframes(n));
    VideoDecoder decoder = new VideoDecoder(MediaFunctions.limits(ctx));
    ContentStore cas = ctx.lakehouse().cas();
    return MediaFunctions.onFile(ctx, uri, "video", p -> {
      List<BufferedImage> frames = decoder.keyframes(p, n, uri);
      ArrayNode uris = MediaJson.array();
      List<DerivedAsset> assets = new ArrayList<>(frames.size());
      String parent = ContentKey.digestOf(uri);
      for (BufferedImage f : frames) {
        ContentRef frame = cas.put(jpeg(f));
        uris.add(frame.uri());
        assets.add(new DerivedAsset(null, parent, DerivedAsset.KEYFRAME, frame.hash(),
            frame.uri(), assets.size(), "VIDEO_KEYFRAMES", "{\"format\":\"jpeg\",\"n\":" + n
            + "}"));
      }
      AssetRecorder.of(ctx).recordAll(assets);
      return uris.toString();
    });
  }

  /** Encodes an image as a JPEG with ImageIO's default quality. */
  static byte[] jpeg(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "jpg", out)) {
        throw new IllegalStateException("No JPEG writer for image type " + image.getType());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
