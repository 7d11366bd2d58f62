package dev.mmlake.media;

import dev.mmlake.functions.FunctionProvider;
import dev.mmlake.functions.FunctionRegistry;

/** Registers the media decoding functions. */
public final class MediaFunctionProvider implements FunctionProvider {
  @Override
  public void register(FunctionRegistry registry) {
    registry.scalar("IMAGE_THUMB_VECTOR", ImageThumbVectorFunction.class);
    registry.scalar("IMAGE_INFO", ImageInfoFunction.class);
    registry.scalar("VIDEO_INFO", VideoInfoFunction.class);
    registry.scalar("VIDEO_KEYFRAMES", VideoKeyframesFunction.class);
    registry.scalar("AUDIO_INFO", AudioInfoFunction.class);
    registry.scalar("AUDIO_SILENCE_RATIO", AudioSilenceRatioFunction.class);
    registry.scalar("TOKEN_COUNT", TokenCountFunction.class);
  }
}
