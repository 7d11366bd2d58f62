package dev.mmlake.embed;

import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.functions.BatchFunction;
import dev.mmlake.functions.SqlReturns;
import dev.mmlake.transforms.PrecomputeTransforms;
import dev.mmlake.transforms.TransformUses;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code EMBED_TEXT(text)}: the all-MiniLM-L6-v2 sentence embedding (384 floats, mean pooled,
 * L2-normalized). Runs in batches in SELECT lists and reuses vectors cached in
 * {@code lake.embeddings} for the same text and model version. NULL text gives NULL. Model load
 * and inference times go to the statement's {@link InferenceStats}.
 */
public final class EmbedTextFunction implements BatchFunction {
  /** Model invocations made by this class in this process (for tests and benchmarks). */
  public static final AtomicLong COMPUTED =
      new AtomicLong();

  private Embedder embedder;
  private QueryEmbeddings cache;
  private InferenceStats stats;
  private String device;

  @SqlReturns("REAL ARRAY")
  public List<Float> eval(String text) {
    Object v = evalBatch(Collections.singletonList(new Object[] {text})).get(0);
    @SuppressWarnings("unchecked")
    List<Float> out = (List<Float>) v;
    return out;
  }

  @Override
  public List<Object> evalBatch(List<Object[]> args) {
    init();
    TransformUses.record(PrecomputeTransforms.embedText(embedder.model(), embedder.version()));
    List<Object> out = new ArrayList<>(args.size());
    Map<String, String> missing = new LinkedHashMap<>();
    List<String> hashes = new ArrayList<>(args.size());
    for (Object[] a : args) {
      String text = (String) a[0];
      hashes.add(text == null ? null : Sha256.hex(text));
    }
    cache.lookUp(hashes);
    int cached = 0;
    for (int i = 0; i < hashes.size(); i++) {
      String hash = hashes.get(i);
      if (hash != null && cache.get(hash) == null) {
        missing.putIfAbsent(hash, (String) args.get(i)[0]);
      } else if (hash != null) {
        cached++;
      }
    }
    stats.cached(embedder, device, "text", cached);
    if (!missing.isEmpty()) {
      long start = System.nanoTime();
      float[][] computed = embedder.embedTexts(new ArrayList<>(missing.values()));
      stats.inferred(embedder, device, "text", missing.size(), (System.nanoTime() - start) / 1e9);
      COMPUTED.addAndGet(missing.size());
      int i = 0;
      for (String h : missing.keySet()) {
        cache.put(h, computed[i++]);
      }
    }
    for (String h : hashes) {
      out.add(h == null ? null : QueryEmbeddings.toList(cache.get(h)));
    }
    return out;
  }

  private void init() {
    if (embedder != null) {
      return;
    }
    StatementContext ctx = StatementContext.current();
    EmbedConfig config = EmbedConfig.from(ctx.lakehouse().config());
    Embedders.Loaded<Embedder> loaded = Embedders.loadText(config);
    embedder = loaded.embedder();
    device = config.device().toString();
    stats = InferenceStats.of(ctx);
    stats.loaded(embedder, device, loaded.loadSeconds());
    new ModelRegistry(ctx.lakehouse()).register(embedder.spec(), ctx.writes());
    cache = new QueryEmbeddings(ctx, embedder.model(), embedder.version());
  }
}
