package dev.mmlake.loader.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.transforms.TransformException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a live transform's JSON config: refuses keys the transform does not have and values out
 * of range, fills in defaults, and builds the effective config (every key, defaults included) that
 * the config hash is taken over, so {@code {}} and a config spelling out the defaults hash alike.
 */
final class LiveConfig {
  private final String id;
  private final JsonNode given;
  private final ObjectNode effective = JsonNodeFactory.instance.objectNode();

  LiveConfig(String id, JsonNode given, Set<String> keys) {
    this.id = id;
    this.given = given == null || given.isNull() ? JsonNodeFactory.instance.objectNode() : given;
    if (!this.given.isObject()) {
      throw error("its config must be a JSON object, not %s", this.given);
    }
    List<String> unknown = new ArrayList<>();
    this.given.fieldNames().forEachRemaining(k -> {
      if (!keys.contains(k)) {
        unknown.add(k);
      }
    });
    if (!unknown.isEmpty()) {
      throw error("unknown config key(s) %s; its keys are %s", unknown, keys.stream().sorted()
          .toList());
    }
  }

  ObjectNode effective() {
    return effective;
  }

  double number(String key, double dflt, double min, double max) {
    JsonNode n = given.get(key);
    double v = n == null ? dflt : requireNumber(key, n);
    if (v < min || v > max) {
      throw error("%s must be in [%s, %s], got %s", key, min, max, v);
    }
    effective.put(key, v);
    return v;
  }

  int integer(String key, int dflt, int min, int max) {
    JsonNode n = given.get(key);
    if (n != null && !n.canConvertToExactIntegral()) {
      throw error("%s must be an integer, got %s", key, n);
    }
    int v = n == null ? dflt : n.asInt();
    if (v < min || v > max) {
      throw error("%s must be in %d..%d, got %d", key, min, max, v);
    }
    effective.put(key, v);
    return v;
  }

  /** A [lo, hi] pair with lo <= hi, both in [min, max]. */
  double[] range(String key, double lo, double hi, double min, double max) {
    JsonNode n = given.get(key);
    double[] v = {lo, hi};
    if (n != null) {
      if (!n.isArray() || n.size() != 2) {
        throw error("%s must be a pair [low, high], got %s", key, n);
      }
      v[0] = requireNumber(key, n.get(0));
      v[1] = requireNumber(key, n.get(1));
    }
    if (v[0] > v[1] || v[0] < min || v[1] > max) {
      throw error("%s must be [low, high] with %s <= low <= high <= %s, got [%s, %s]", key, min,
          max, v[0], v[1]);
    }
    effective.putArray(key).add(v[0]).add(v[1]);
    return v;
  }

  String text(String key, String dflt) {
    JsonNode n = given.get(key);
    if (n != null && !n.isTextual()) {
      throw error("%s must be a string, got %s", key, n);
    }
    String v = n == null ? dflt : n.asText();
    effective.put(key, v);
    return v;
  }

  /** An output size: one integer (square) or [height, width]. */
  int[] size(String key) {
    JsonNode n = given.get(key);
    if (n == null) {
      throw error("%s is required (an integer, or [height, width])", key);
    }
    int[] hw;
    if (n.canConvertToExactIntegral()) {
      hw = new int[] {n.asInt(), n.asInt()};
    } else if (n.isArray() && n.size() == 2 && n.get(0).canConvertToExactIntegral()
        && n.get(1).canConvertToExactIntegral()) {
      hw = new int[] {n.get(0).asInt(), n.get(1).asInt()};
    } else {
      throw error("%s must be an integer or [height, width], got %s", key, n);
    }
    if (hw[0] < 1 || hw[1] < 1 || hw[0] > 8192 || hw[1] > 8192) {
      throw error("%s must be in 1..8192, got %s", key, n);
    }
    effective.putArray(key).add(hw[0]).add(hw[1]);
    return hw;
  }

  private double requireNumber(String key, JsonNode n) {
    if (n == null || !n.isNumber()) {
      throw error("%s must be a number, got %s", key, n);
    }
    return n.asDouble();
  }

  TransformException error(String format, Object... args) {
    return new TransformException(ErrorCode.INVALID_ARGUMENT, "Live transform %s: %s", id,
        String.format(format, args));
  }
}
