package dev.mmlake.media;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON results of the media SQL functions. */
final class MediaJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MediaJson() {
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** Rounds to 6 decimals so JSON results stay short and stable. */
  static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
