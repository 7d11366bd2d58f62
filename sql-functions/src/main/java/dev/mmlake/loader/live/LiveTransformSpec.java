package dev.mmlake.loader.live;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.transforms.CanonicalJson;
import dev.mmlake.transforms.TransformException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live transform as a recipe declares it: {@code <name>_v<NNN> [<JSON config>]}, e.g.
 * {@code random_crop_v001 {"size": 224, "scale": [0.08, 1.0]}}; no config means {@code {}}.
 */
public record LiveTransformSpec(String id, JsonNode config) {
  private static final Pattern SPEC = Pattern.compile("([A-Za-z][A-Za-z0-9_]*_v\\d+)\\s*(.*)",
      Pattern.DOTALL);

  public LiveTransformSpec {
    requireNonNull(id, "id is null");
    config = config == null ? JsonNodeFactory.instance.objectNode() : config;
  }

  /** Parses a header value such as {@code horizontal_flip_v001 {"p": 0.5}}. */
  public static LiveTransformSpec parse(String text) {
    Matcher m = SPEC.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new TransformException(ErrorCode.INVALID_ARGUMENT, "Cannot read live transform '%s': "
          + "write <name>_v<NNN> followed by an optional JSON config, e.g. "
          + "random_crop_v001 {\"size\": 224}", text);
    }
    String rest = m.group(2).strip();
    return new LiveTransformSpec(m.group(1),
        rest.isEmpty() ? null : CanonicalJson.parse(rest, m.group(1)));
  }
}
