package dev.mmlake.media;

import dev.mmlake.catalog.StatementContext;

/**
 * {@code AUDIO_SILENCE_RATIO(uri)}: the share of 20 ms windows below -40 dBFS, in [0, 1]
 * (see {@link DecodedAudio#silenceRatio()}); NULL and a failure event when the audio is unreadable.
 */
public final class AudioSilenceRatioFunction {
  public Double eval(String uri) {
    if (uri == null) {
      return null;
    }
    StatementContext ctx = StatementContext.current();
    AudioDecoder decoder = new AudioDecoder(MediaFunctions.limits(ctx));
    return MediaFunctions.onFile(ctx, uri, "audio", p -> decoder.decode(p, uri).silenceRatio());
  }
}
