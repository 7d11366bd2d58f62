package dev.mmlake.quality;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * The quality rules of every modality over decoded inputs (the algorithm behind SQL
 * {@code QUALITY_SCORE}). Each method evaluates its modality's rules in a fixed order, so the
 * reason (the first failing rule) and the score are deterministic. {@code overrides} maps
 * threshold keys to values (see {@link QualityThresholds}); null means defaults. Thread-safe and
 * stateless. Rules, defaults and reason codes are listed in docs/quality.md.
 */
public final class QualityScorer {
  /** Version of the rule set; bump it whenever a rule, default or formula changes. */
  public static final String RULES_VERSION = "q1";

  private QualityScorer() {
  }

  /**
   * Text rules, in order: {@code empty}, {@code invalid_text}, {@code too_short},
   * {@code too_long}, {@code non_letter}, {@code repetitive} (top 3-gram, then duplicate 5-gram),
   * {@code low_language_score} and {@code low_edu_score} (only when the value is given).
   *
   * @param intScore FineWeb-Edu {@code int_score} (0..5), or null
   * @param languageScore FineWeb {@code language_score} (0..1), or null
   */
  public static QualityResult text(String text, Integer intScore, Double languageScore,
      Map<String, String> overrides) {
    QualityThresholds t = QualityThresholds.of(Modality.TEXT, overrides);
    Verdict v = new Verdict(t);
    if (text == null || text.isBlank()) {
      return v.gate("empty", text == null ? "no text" : "blank text").result();
    }
    TextStats s = TextStats.of(text);
    if (s.invalidRatio() > t.get("max_invalid_char_ratio")) {
      return v.gate("invalid_text", s.invalidChars() + " invalid characters (U+FFFD, lone "
          + "surrogate or control) in " + s.nonSpaceChars() + ", ratio "
          + Num.format(s.invalidRatio()) + " > " + Num.format(t.get("max_invalid_char_ratio")))
          .result();
    }
    v.atLeast("too_short", s.tokens(), "min_tokens", "%s tokens")
        .atMost("too_long", s.tokens(), "max_tokens", "%s tokens")
        .atMost("non_letter", s.nonLetterRatio(), "max_non_letter_ratio", "non-letter ratio %s")
        .atMost("repetitive", s.top3gramCharFraction(), "max_top_3gram_char_fraction",
            "top 3-gram char fraction %s")
        .atMost("repetitive", s.dup5gramCharFraction(), "max_dup_5gram_char_fraction",
            "duplicate 5-gram char fraction %s");
    if (languageScore != null && !languageScore.isNaN()) {
      v.atLeast("low_language_score", languageScore, "min_language_score", "language_score %s");
    }
    if (intScore != null) {
      v.atLeast("low_edu_score", intScore, "min_int_score", "int_score %s");
    }
    return v.result();
  }

  /**
   * Image rules, in order: {@code undecodable} (null image), {@code too_small} (shorter side),
   * {@code bad_aspect_ratio}, {@code near_uniform} (luma std-dev), {@code blurry} (variance of
   * the Laplacian), {@code low_caption_similarity} (only when given).
   *
   * @param captionSimilarity cosine of the image and caption embeddings, or null
   */
  public static QualityResult image(BufferedImage image, Double captionSimilarity,
      Map<String, String> overrides) {
    Verdict v = new Verdict(QualityThresholds.of(Modality.IMAGE, overrides));
    if (image == null) {
      return v.gate("undecodable", "no decoded image").result();
    }
    ImageStats s = ImageStats.of(image);
    v.atLeast("too_small", Math.min(s.width(), s.height()), "min_side", "shorter side %s px")
        .atMost("bad_aspect_ratio", s.aspectRatio(), "max_aspect_ratio", "aspect ratio %s")
        .atLeast("near_uniform", s.lumaStd(), "min_pixel_std", "luma std-dev %s")
        .atLeast("blurry", s.laplacianVariance(), "min_laplacian_var", "laplacian variance %s");
    if (captionSimilarity != null && !captionSimilarity.isNaN()) {
      v.atLeast("low_caption_similarity", captionSimilarity, "min_caption_similarity",
          "caption similarity %s");
    }
    return v.result();
  }

  /**
   * Audio rules over mono samples in [-1, 1], in order: {@code undecodable} (null, empty,
   * non-finite samples or a sample rate under 1), {@code too_short}, {@code too_long},
   * {@code silent} (share of silent frames), {@code clipped} (share of clipped samples).
   */
  public static QualityResult audio(float[] samples, int sampleRate,
      Map<String, String> overrides) {
    QualityThresholds t = QualityThresholds.of(Modality.AUDIO, overrides);
    Verdict v = new Verdict(t);
    if (samples == null || samples.length == 0) {
      return v.gate("undecodable", "no decoded samples").result();
    }
    if (sampleRate < 1) {
      return v.gate("undecodable", "sample rate " + sampleRate).result();
    }
    int bad = AudioStats.nonFinite(samples);
    if (bad > 0) {
      return v.gate("undecodable", bad + " non-finite samples").result();
    }
    AudioStats s = AudioStats.of(samples, sampleRate, t.get("frame_ms"), t.get("silence_db"),
        t.get("clip_level"));
    return v.atLeast("too_short", s.durationSeconds(), "min_duration_s", "%s s")
        .atMost("too_long", s.durationSeconds(), "max_duration_s", "%s s")
        .atMost("silent", s.silenceRatio(), "max_silence_ratio", "silent frame ratio %s")
        .atMost("clipped", s.clippingRatio(), "max_clipping_ratio", "clipped sample ratio %s")
        .result();
  }

  /**
   * Video rules over decoded keyframes, in order: {@code undecodable} (null list, a null frame,
   * or a duration that is negative or not finite), {@code too_short}, {@code too_long},
   * {@code too_few_keyframes}, {@code black_frames} (share of keyframes with mean luma under
   * {@code video.black_luma}).
   */
  public static QualityResult video(List<BufferedImage> keyframes, double durationSeconds,
      Map<String, String> overrides) {
    QualityThresholds t = QualityThresholds.of(Modality.VIDEO, overrides);
    Verdict v = new Verdict(t);
    if (keyframes == null) {
      return v.gate("undecodable", "no decoded keyframes").result();
    }
    if (!Double.isFinite(durationSeconds) || durationSeconds < 0) {
      return v.gate("undecodable", "duration " + durationSeconds).result();
    }
    int black = 0;
    for (int i = 0; i < keyframes.size(); i++) {
      BufferedImage frame = keyframes.get(i);
      if (frame == null) {
        return v.gate("undecodable", "keyframe " + i + " is not decoded").result();
      }
      if (ImageStats.meanLuma(frame) < t.get("black_luma")) {
        black++;
      }
    }
    double blackRatio = keyframes.isEmpty() ? 0 : (double) black / keyframes.size();
    return v.atLeast("too_short", durationSeconds, "min_duration_s", "%s s")
        .atMost("too_long", durationSeconds, "max_duration_s", "%s s")
        .atLeast("too_few_keyframes", keyframes.size(), "min_keyframes", "%s keyframes")
        .atMost("black_frames", blackRatio, "max_black_ratio", "black keyframe ratio %s")
        .result();
  }
}
