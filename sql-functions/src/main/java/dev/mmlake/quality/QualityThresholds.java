package dev.mmlake.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.error.InvalidArgumentException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The thresholds of one modality's rules: documented defaults, optionally overridden.
 *
 * <p>Keys are {@code <modality>.<name>} (e.g. {@code text.min_tokens}); an override may omit the
 * prefix. One override map can serve every modality: keys prefixed with another modality are
 * ignored. An unknown key or a value that is not a number is an error, so a typo never silently
 * falls back to a default. Immutable.
 */
public final class QualityThresholds {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Modality, Map<String, Double>> DEFAULTS = new EnumMap<>(Modality.class);

  static {
    DEFAULTS.put(Modality.TEXT, ordered(
        "min_tokens", 50, "max_tokens", 100_000, "max_invalid_char_ratio", 0.001,
        "max_non_letter_ratio", 0.3, "max_top_3gram_char_fraction", 0.18,
        "max_dup_5gram_char_fraction", 0.15, "min_language_score", 0.65, "min_int_score", 3));
    DEFAULTS.put(Modality.IMAGE, ordered(
        "min_side", 64, "max_aspect_ratio", 3.0, "min_pixel_std", 4.0,
        "min_laplacian_var", 100, "min_caption_similarity", 0.28));
    DEFAULTS.put(Modality.AUDIO, ordered(
        "min_duration_s", 1.0, "max_duration_s", 3600, "frame_ms", 20, "silence_db", -50,
        "max_silence_ratio", 0.6, "clip_level", 0.999, "max_clipping_ratio", 0.01));
    DEFAULTS.put(Modality.VIDEO, ordered(
        "min_duration_s", 1.0, "max_duration_s", 10_800, "min_keyframes", 1, "black_luma", 20,
        "max_black_ratio", 0.5));
  }

  private final Modality modality;
  private final Map<String, Double> values;

  private QualityThresholds(Modality modality, Map<String, Double> values) {
    this.modality = modality;
    this.values = Collections.unmodifiableMap(values);
  }

  /** The documented defaults of {@code modality}. */
  public static QualityThresholds defaults(Modality modality) {
    Objects.requireNonNull(modality, "modality is null");
    return new QualityThresholds(modality, new LinkedHashMap<>(DEFAULTS.get(modality)));
  }

  /** Defaults of {@code modality} with {@code overrides} applied (null or empty: defaults). */
  public static QualityThresholds of(Modality modality, Map<String, String> overrides) {
    return defaults(modality).with(overrides);
  }

  /** Defaults with the overrides of a JSON object such as {@code {"text.min_tokens": 20}}. */
  public static QualityThresholds ofJson(Modality modality, String json) {
    return defaults(modality).with(parseJson(json));
  }

  /** Reads a JSON object of key to number (or numeric string) into an override map. */
  public static Map<String, String> parseJson(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException(e, "Quality thresholds are not valid JSON: "
          + e.getOriginalMessage() + "; pass an object like {\"text.min_tokens\": 20}");
    }
    if (!(node instanceof ObjectNode)) {
      throw new InvalidArgumentException(
          "Quality thresholds must be a JSON object like {\"text.min_tokens\": 20}");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  /** A copy with {@code overrides} applied. */
  public QualityThresholds with(Map<String, String> overrides) {
    if (overrides == null || overrides.isEmpty()) {
      return this;
    }
    Map<String, Double> next = new LinkedHashMap<>(values);
    for (Map.Entry<String, String> e : new TreeMap<>(overrides).entrySet()) {
      String name = localName(e.getKey());
      if (name == null) {
        continue;
      }
      next.put(name, parse(e.getKey(), e.getValue()));
    }
    return new QualityThresholds(modality, next);
  }

  public Modality modality() {
    return modality;
  }

  /** The value of threshold {@code name} (without the modality prefix). */
  public double get(String name) {
    Double v = values.get(name);
    if (v == null) {
      throw new InvalidArgumentException("No " + modality.key() + " threshold named " + name
          + "; known: " + values.keySet());
    }
    return v;
  }

  /** Every threshold in effect, keyed {@code <modality>.<name>}, in rule order. */
  public Map<String, Double> asMap() {
    Map<String, Double> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(modality.key() + "." + k, v));
    return Collections.unmodifiableMap(out);
  }

  /** {@link #asMap()} as a JSON object. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(asMap());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write thresholds as JSON", e);
    }
  }

  /** The unprefixed name of {@code key} for this modality, or null when it targets another. */
  private String localName(String key) {
    Objects.requireNonNull(key, "threshold key is null");
    int dot = key.indexOf('.');
    if (dot >= 0) {
      String prefix = key.substring(0, dot);
      String name = key.substring(dot + 1);
      if (prefix.equals(modality.key())) {
        requireKnown(key, name);
        return name;
      }
      for (Modality m : Modality.values()) {
        if (m.key().equals(prefix)) {
          return null;
        }
      }
      throw unknown(key);
    }
    if (values.containsKey(key)) {
      return key;
    }
    for (Map<String, Double> other : DEFAULTS.values()) {
      if (other.containsKey(key)) {
        return null;
      }
    }
    throw unknown(key);
  }

  private void requireKnown(String key, String name) {
    if (!values.containsKey(name)) {
      throw unknown(key);
    }
  }

  private InvalidArgumentException unknown(String key) {
    return new InvalidArgumentException("Unknown quality threshold " + key + "; "
        + modality.key() + " thresholds are " + asMap().keySet()
        + " (see docs/quality.md)");
  }

  private static double parse(String key, String value) {
    double v;
    try {
      v = value == null ? Double.NaN : Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (!Double.isFinite(v)) {
      throw new InvalidArgumentException("Quality threshold " + key
          + " must be a finite number, got " + value);
    }
    return v;
  }

  private static Map<String, Double> ordered(Object... keyValues) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], ((Number) keyValues[i + 1]).doubleValue());
    }
    return m;
  }
}
