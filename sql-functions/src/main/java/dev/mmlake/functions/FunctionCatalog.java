package dev.mmlake.functions;

import dev.mmlake.media.AudioInfoFunction;
import dev.mmlake.media.AudioSilenceRatioFunction;
import dev.mmlake.media.ImageInfoFunction;
import dev.mmlake.media.TokenCountFunction;
import dev.mmlake.media.VideoInfoFunction;
import dev.mmlake.media.VideoKeyframesFunction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scalar SQL functions mmlake ships, by SQL name. Each class is plain Java with one or more
 * public {@code eval} methods (overloads by argument type); the engine wraps them for Calcite.
 * Classes read their lakehouse from {@link dev.mmlake.catalog.StatementContext#current()}.
 *
 * <p>Argument and result types follow Calcite's internal representation: VARBINARY is
 * {@code org.apache.calcite.avatica.util.ByteString}, ARRAY is {@code java.util.List}, REAL is
 * {@code Float}, TIMESTAMP is epoch millis as {@code Long}.
 */
public final class FunctionCatalog {
  private static final Map<String, Class<?>> SCALARS = new LinkedHashMap<>();

  static {
    SCALARS.put("CONTENT_HASH", ContentHashFunction.class);
    SCALARS.put("CAS_GET", CasGetFunction.class);
    SCALARS.put("CAS_SIZE", CasSizeFunction.class);
    SCALARS.put("RUN_ID", RunIdFunction.class);
    SCALARS.put("EMBED_TEXT", dev.mmlake.embed.EmbedTextFunction.class);
    SCALARS.put("EMBED_CLIP", dev.mmlake.embed.EmbedClipFunction.class);
    SCALARS.put("EMBEDDING", dev.mmlake.embed.EmbeddingFunction.class);
    SCALARS.put("QUALITY_SCORE", dev.mmlake.quality.QualityScoreFunction.class);
    SCALARS.put("TEXT_KEY", dev.mmlake.dedup.TextKeyFunction.class);
    SCALARS.put("IMAGE_THUMB_VECTOR", dev.mmlake.media.ImageThumbVectorFunction.class);
    SCALARS.put("IMAGE_INFO", ImageInfoFunction.class);
    SCALARS.put("VIDEO_INFO", VideoInfoFunction.class);
    SCALARS.put("VIDEO_KEYFRAMES", VideoKeyframesFunction.class);
    SCALARS.put("AUDIO_INFO", AudioInfoFunction.class);
    SCALARS.put("AUDIO_SILENCE_RATIO", AudioSilenceRatioFunction.class);
    SCALARS.put("TOKEN_COUNT", TokenCountFunction.class);
  }

  private FunctionCatalog() {
  }

  public static synchronized Map<String, Class<?>> scalars() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(SCALARS));
  }

  /**
   * Adds a function (a user-defined one, or one from a plugin). Sessions opened afterwards see it.
   */
  public static synchronized void register(String sqlName, Class<?> functionClass) {
    SCALARS.put(sqlName.toUpperCase(java.util.Locale.ROOT), functionClass);
  }
}
