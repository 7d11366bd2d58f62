package dev.mmlake.loader.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.loader.LoaderSample;
import java.util.Arrays;
import java.util.Set;

/**
 * {@code keyframe_sample_v001}: picks {@code frames} of a video's N precomputed keyframes (the
 * cas:// URIs {@code VIDEO_KEYFRAMES} wrote, listed in the sample's {@code .json} member under
 * {@code field}), so the loader never decodes a video. The pick: a partial Fisher-Yates shuffle of
 * 0..N-1 ({@code for i = 0 .. k-1: swap(i, i + bounded(N - i))}), the first k indices sorted so
 * frames stay in time order; all N in order when N <= k. The json member gets the picked URIs
 * under {@code field} and their indices under {@code field + "_indices"}. Config: {@code frames}
 * (default 4), {@code field} (default {@code keyframes}).
 */
public final class KeyframeSampling extends ConfiguredTransform {
  static final String NAME = "keyframe_sample";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final int frames;
  private final String field;

  KeyframeSampling(String id, JsonNode given) {
    super(id, "video", given, Set.of("frames", "field"));
    LiveConfig c = settings();
    this.frames = c.integer("frames", 4, 1, 256);
    this.field = c.text("field", "keyframes");
  }

  @Override
  public LoaderSample apply(LoaderSample s, LiveRandom random) {
    if (s.json() == null) {
      return s;
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(s.json());
    } catch (JsonProcessingException e) {
      return s; // not JSON: nothing to sample from
    }
    if (root == null || !root.isObject() || !root.path(field).isArray()) {
      return s;
    }
    ArrayNode all = (ArrayNode) root.get(field);
    int[] picked = pick(all.size(), random);
    ObjectNode out = ((ObjectNode) root).deepCopy();
    ArrayNode uris = out.putArray(field);
    ArrayNode indices = out.putArray(field + "_indices");
    for (int i : picked) {
      uris.add(all.get(i));
      indices.add(i);
    }
    return new LoaderSample(s.key(), s.shard(), s.worker(), s.image(), s.text(), s.vector(),
        out.toString(), s.raw(), s.bytes(), s.audio());
  }

  /** The sorted indices picked out of {@code n} keyframes. */
  public int[] pick(int n, LiveRandom random) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    if (n <= frames) {
      return idx;
    }
    for (int i = 0; i < frames; i++) {
      int j = i + random.bounded(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] out = Arrays.copyOf(idx, frames);
    Arrays.sort(out);
    return out;
  }
}
