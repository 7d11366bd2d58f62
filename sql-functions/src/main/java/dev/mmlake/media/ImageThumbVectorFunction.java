package dev.mmlake.media;

import dev.mmlake.catalog.StatementContext;
import dev.mmlake.functions.SqlReturns;
import dev.mmlake.transforms.PrecomputeTransforms;
import dev.mmlake.transforms.TransformUses;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code IMAGE_THUMB_VECTOR(uri)}: a 256-float perceptual vector of an image for near-duplicate
 * search: the image shrunk to 16x16 grey levels (area averaging), mean-centred and L2-normalized.
 * Re-encoded, resized and slightly cropped copies stay close in cosine; it needs no model. NULL
 * (and a failure row) for an undecodable image.
 */
public final class ImageThumbVectorFunction {
  static final int SIDE = 16;

  @SqlReturns("REAL ARRAY")
  public List<Float> eval(String uri) {
    if (uri == null) {
      return null;
    }
    StatementContext ctx = StatementContext.current();
    TransformUses.record(ctx, PrecomputeTransforms.imageThumbVector(SIDE));
    try {
      BufferedImage img = new ImageDecoder(MediaLimits.from(ctx.lakehouse().config()))
          .decode(ctx.lakehouse().cas().get(uri), uri);
      return vector(img);
    } catch (MediaDecodeException e) {
      BlobOwners.recordFailure(ctx, "decode", "image", uri, e.errorType(), e.getMessage(),
          e.retryable());
      return null;
    }
  }

  /** The thumbnail vector of a decoded image. */
  public static List<Float> vector(BufferedImage img) {
    BufferedImage small = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = small.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(img.getScaledInstance(SIDE, SIDE, Image.SCALE_AREA_AVERAGING), 0, 0, null);
    g.dispose();
    double[] v = new double[SIDE * SIDE];
    double mean = 0;
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        v[y * SIDE + x] = small.getRaster().getSample(x, y, 0);
        mean += v[y * SIDE + x];
      }
    }
    mean /= v.length;
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] -= mean;
      norm += v[i] * v[i];
    }
    norm = Math.sqrt(norm);
    List<Float> out = new ArrayList<>(v.length);
    for (double x : v) {
      out.add(norm == 0 ? 0f : (float) (x / norm));
    }
    return out;
  }
}
