package dev.mmlake.media;

import dev.mmlake.catalog.StatementContext;

/** {@code VIDEO_INFO(uri)}: duration, fps, frames, width, height and codec of a CAS video. */
public final class VideoInfoFunction {
  public String eval(String uri) {
    if (uri == null) {
      return null;
    }
    StatementContext ctx = StatementContext.current();
    VideoDecoder decoder = new VideoDecoder(MediaFunctions.limits(ctx));
    return MediaFunctions.onFile(ctx, uri, "video", p -> decoder.probe(p, uri).toJson());
  }
}
