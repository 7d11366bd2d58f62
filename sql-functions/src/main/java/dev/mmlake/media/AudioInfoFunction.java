package dev.mmlake.media;

import dev.mmlake.catalog.StatementContext;

/** {@code AUDIO_INFO(uri)}: duration, sample rate, channels and codec of a CAS audio blob. */
public final class AudioInfoFunction {
  public String eval(String uri) {
    if (uri == null) {
      return null;
    }
    StatementContext ctx = StatementContext.current();
    AudioDecoder decoder = new AudioDecoder(MediaFunctions.limits(ctx));
    return MediaFunctions.onFile(ctx, uri, "audio", p -> decoder.probe(p, uri).toJson());
  }
}
