package dev.mmlake.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.cas.ContentStore;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.embed.ClipEmbedder;
import dev.mmlake.embed.EmbedConfig;
import dev.mmlake.embed.Embedders;
import dev.mmlake.error.InvalidArgumentException;
import dev.mmlake.functions.BatchFunction;
import dev.mmlake.functions.SqlReturns;
import dev.mmlake.media.AudioDecoder;
import dev.mmlake.media.DecodedAudio;
import dev.mmlake.media.ImageDecoder;
import dev.mmlake.media.MediaLimits;
import dev.mmlake.media.VideoDecoder;
import dev.mmlake.media.VideoInfo;
import dev.mmlake.transforms.CanonicalJson;
import dev.mmlake.transforms.PrecomputeTransforms;
import dev.mmlake.transforms.TransformUses;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code QUALITY_SCORE(modality, content_uri, text, metadata [, thresholds_json])}: decodes the
 * item and applies the rules of its modality (see {@link QualityScorer}). Returns
 * {@code ROW(status, reason, score, rules_version, thresholds)}; read fields as
 * {@code (QUALITY_SCORE(...)).status}. An item that cannot be decoded fails with reason
 * {@code undecodable: ...}, it never stops the query.
 *
 * <p>For images with a caption, the caption-image cosine under the configured CLIP model
 * ({@code embed.clip.model-dir}) feeds the similarity rule; without a CLIP model that rule is
 * skipped. FineWeb-Edu's {@code int_score} and {@code language_score} are read from metadata.
 */
public final class QualityScoreFunction implements BatchFunction {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESULT = "ROW(status VARCHAR, reason VARCHAR, score DOUBLE, "
      + "rules_version VARCHAR, thresholds VARCHAR)";

  private StatementContext ctx;
  private ImageDecoder images;
  private AudioDecoder audio;
  private VideoDecoder videos;
  private ClipEmbedder clip;
  private boolean clipChecked;
  private String lastThresholds;
  private Map<String, String> lastOverrides;
  private final Set<String> recorded = new HashSet<>();

  @SqlReturns(RESULT)
  public Object[] eval(String modality, String uri, String text, String metadata) {
    return eval(modality, uri, text, metadata, null);
  }

  @SqlReturns(RESULT)
  public Object[] eval(String modality, String uri, String text, String metadata,
      String thresholds) {
    return (Object[]) evalBatch(List.<Object[]>of(new Object[] {modality, uri, text, metadata,
        thresholds})).get(0);
  }

  @Override
  public List<Object> evalBatch(List<Object[]> args) {
    init();
    // decode images first so caption similarity runs as one CLIP call per batch
    List<BufferedImage> decoded = new ArrayList<>(args.size());
    for (Object[] a : args) {
      decoded.add("image".equalsIgnoreCase((String) a[0]) ? decodeImage((String) a[1]) : null);
    }
    Double[] similarity = similarities(args, decoded);
    List<Object> out = new ArrayList<>(args.size());
    for (int i = 0; i < args.size(); i++) {
      Object[] a = args.get(i);
      String thresholds = a.length > 4 ? (String) a[4] : null;
      Map<String, String> overrides = overridesFor(thresholds);
      QualityResult r = "image".equalsIgnoreCase((String) a[0])
          ? QualityScorer.image(decoded.get(i), similarity[i], overrides)
          : score((String) a[0], (String) a[1], (String) a[2], (String) a[3], overrides);
      out.add(new Object[] {r.status(), r.reason(), r.score(), r.rulesVersion(),
          r.thresholdsJson()});
      recordUse((String) a[0], r);
    }
    return out;
  }

  /** Registers (once per statement) the rules version and thresholds a verdict used. */
  private void recordUse(String modality, QualityResult r) {
    String key = modality + "\u0000" + r.rulesVersion() + "\u0000" + r.thresholdsJson();
    if (recorded.add(key)) {
      TransformUses.record(ctx, PrecomputeTransforms.qualityScore(r.rulesVersion(),
          modality == null ? null : modality.toLowerCase(Locale.ROOT),
          CanonicalJson.parse(r.thresholdsJson() == null ? "null" : r.thresholdsJson(),
              "QUALITY_SCORE thresholds")));
    }
  }

  private BufferedImage decodeImage(String uri) {
    try {
      return uri == null ? null : images.decode(ctx.lakehouse().cas().get(uri), uri);
    } catch (RuntimeException e) {
      return null; // the image rules report it as undecodable
    }
  }

  /** Caption-image cosines for the decoded images with a caption, in one CLIP call each way. */
  private Double[] similarities(List<Object[]> args, List<BufferedImage> decoded) {
    Double[] out = new Double[args.size()];
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String caption = (String) args.get(i)[2];
      if (decoded.get(i) != null && caption != null && !caption.isBlank()) {
        rows.add(i);
      }
    }
    if (rows.isEmpty() || clip() == null) {
      return out;
    }
    List<BufferedImage> imgs = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    for (int i : rows) {
      imgs.add(decoded.get(i));
      captions.add(((String) args.get(i)[2]).split("\n")[0]);
    }
    float[][] a = clip.embedImages(imgs);
    float[][] b = clip.embedTexts(captions);
    for (int k = 0; k < rows.size(); k++) {
      double dot = 0;
      for (int d = 0; d < a[k].length; d++) {
        dot += a[k][d] * b[k][d];
      }
      out[rows.get(k)] = dot;
    }
    return out;
  }

  private QualityResult score(String modality, String uri, String text, String metadata,
      Map<String, String> overrides) {
    String m = modality == null ? "text" : modality.toLowerCase(Locale.ROOT);
    ContentStore cas = ctx.lakehouse().cas();
    switch (m) {
      case "audio" -> {
        try {
          DecodedAudio d = audio.decode(cas.verifiedPath(uri), uri);
          return QualityScorer.audio(d.samples(), d.sampleRate(), overrides);
        } catch (RuntimeException e) {
          return QualityScorer.audio(null, 0, overrides);
        }
      }
      case "video" -> {
        try {
          Path p = cas.verifiedPath(uri);
          VideoInfo info = videos.probe(p, uri);
          return QualityScorer.video(videos.keyframes(p, 8, uri), info.durationSeconds(),
              overrides);
        } catch (RuntimeException e) {
          return QualityScorer.video(null, 0, overrides);
        }
      }
      default -> {
        JsonNode meta = parse(metadata);
        Integer intScore = meta != null && meta.hasNonNull("int_score")
            ? meta.get("int_score").asInt() : null;
        Double lang = meta != null && meta.hasNonNull("language_score")
            ? meta.get("language_score").asDouble() : null;
        return QualityScorer.text(text, intScore, lang, overrides);
      }
    }
  }

  private ClipEmbedder clip() {
    if (!clipChecked) {
      clipChecked = true;
      EmbedConfig config = EmbedConfig.from(ctx.lakehouse().config());
      clip = config.clipModelDir() == null ? null : Embedders.clip(config);
    }
    return clip;
  }

  /** Overrides of a thresholds argument, parsed once per distinct value in the query. */
  private Map<String, String> overridesFor(String json) {
    if (json == null) {
      return Map.of();
    }
    if (!json.equals(lastThresholds)) {
      lastOverrides = overrides(json);
      lastThresholds = json;
    }
    return lastOverrides;
  }

  private static Map<String, String> overrides(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode n = parse(json);
    if (n == null || !n.isObject()) {
      throw new InvalidArgumentException("QUALITY_SCORE thresholds must be a JSON object, got "
          + json);
    }
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static JsonNode parse(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return null;
    }
  }

  private void init() {
    if (ctx != null) {
      return;
    }
    ctx = StatementContext.current();
    MediaLimits limits = MediaLimits.from(ctx.lakehouse().config());
    images = new ImageDecoder(limits);
    audio = new AudioDecoder(limits);
    videos = new VideoDecoder(limits);
  }
}
