package dev.mmlake.transforms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.cas.Sha256;
import dev.mmlake.error.ErrorCode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The canonical JSON text of a config, so that equal configs hash equally however they were
 * written: object keys sorted (by UTF-16 code units), no whitespace, numbers in their shortest
 * exact decimal form ({@code 1.0}, {@code 1.00} and {@code 1} are all {@code 1}; {@code 0.080} is
 * {@code 0.08}), strings, booleans and null as Jackson writes them. The config hash is the sha256
 * hex of that text in UTF-8.
 */
public final class CanonicalJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private CanonicalJson() {
  }

  /** Parses {@code text} as JSON; {@code what} names it in the error. */
  public static JsonNode parse(String text, String what) {
    try {
      JsonNode n = MAPPER.readTree(text);
      if (n == null) {
        throw new TransformException(ErrorCode.INVALID_ARGUMENT,
            "The config of %s is empty: give a JSON object such as {}", what);
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new TransformException(ErrorCode.INVALID_ARGUMENT, e,
          "The config of %s is not valid JSON (%s): give a JSON object such as {\"p\": 0.5}",
          what, e.getOriginalMessage());
    }
  }

  /** The normalized tree (sorted keys, shortest numbers). */
  public static JsonNode normalize(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NODES.nullNode();
    }
    if (node.isObject()) {
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      Collections.sort(keys);
      ObjectNode out = NODES.objectNode();
      for (String k : keys) {
        out.set(k, normalize(node.get(k)));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(n -> out.add(normalize(n)));
      return out;
    }
    if (node.isNumber()) {
      BigDecimal d = node.decimalValue().stripTrailingZeros();
      if (d.scale() <= 0) {
        return NODES.numberNode(d.toBigIntegerExact());
      }
      return NODES.numberNode(d);
    }
    return node;
  }

  /** The canonical text of {@code node}. */
  public static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(normalize(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize a config", e);
    }
  }

  /** sha256 hex of the canonical text of {@code node}. */
  public static String hash(JsonNode node) {
    return Sha256.hex(text(node).getBytes(StandardCharsets.UTF_8));
  }
}
