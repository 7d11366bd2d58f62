package dev.mmlake.media;

import dev.mmlake.functions.Effect;
import dev.mmlake.functions.FunctionProvider;
import dev.mmlake.functions.FunctionRegistry;

/** Registers the media decoding functions. */
public final class MediaFunctionProvider implements FunctionProvider {
  @Override
  public void register(FunctionRegistry registry) {
    registry.scalar("IMAGE_THUMB_VECTOR", ImageThumbVectorFunction.class, Effect.READS_BLOBS);
    registry.scalar("IMAGE_INFO", ImageInfoFunction.class, Effect.READS_BLOBS);
    registry.scalar("VIDEO_INFO", VideoInfoFunction.class, Effect.READS_BLOBS);
    registry.scalar("VIDEO_KEYFRAMES", VideoKeyframesFunction.class, Effect.READS_BLOBS,
        Effect.WRITES_CAS, Effect.WRITES_TABLES); // lake.assets
    registry.scalar("AUDIO_INFO", AudioInfoFunction.class, Effect.READS_BLOBS);
    registry.scalar("AUDIO_SILENCE_RATIO", AudioSilenceRatioFunction.class,
        Effect.READS_BLOBS);
    registry.scalar("TOKEN_COUNT", TokenCountFunction.class);
  }
}
