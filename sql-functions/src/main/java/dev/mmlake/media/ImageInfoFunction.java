package dev.mmlake.media;

import dev.mmlake.catalog.StatementContext;

/**
 * {@code IMAGE_INFO(uri)}: {@code {"width":..,"height":..,"format":..}} read from the header of a
 * CAS image; NULL and a failure event when it is unreadable or over the caps.
 */
public final class ImageInfoFunction {
  public String eval(String uri) {
    if (uri == null) {
      return null;
    }
    StatementContext ctx = StatementContext.current();
    ImageDecoder decoder = new ImageDecoder(MediaFunctions.limits(ctx));
    return MediaFunctions.onBytes(ctx, uri, "image", b -> decoder.probe(b, uri).toJson());
  }
}
