package dev.mmlake.embed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.metric.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the embedding functions of one statement did with their models: load time, inference time,
 * items embedded and batches run, per model, version, device and input kind (text, image,
 * video keyframe). Kept in the statement's context ({@link #of}); the engine turns it into
 * {@code obs.metrics} rows (stage {@value #STAGE}) when the statement ends. Thread-safe.
 */
public final class InferenceStats {
  /** The {@code obs.metrics} stage of these rows. */
  public static final String STAGE = "embed";
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Key(String model, String version, String device, String input) {
  }

  /** Totals of one key. */
  private static final class Totals {
    double loadSeconds;
    double inferenceSeconds;
    long items;
    long cached;
    long batches;
    int maxBatch;
  }

  private final Map<Key, Totals> totals = new LinkedHashMap<>();

  /** The statement's stats, created on first use. */
  public static InferenceStats of(StatementContext ctx) {
    return ctx.measures(InferenceStats.class, InferenceStats::new);
  }

  /** {@code model} was loaded by this statement, in {@code seconds} (0: loaded before). */
  public synchronized void loaded(Embedder model, String device, double seconds) {
    if (seconds > 0) {
      totals(model, device, null).loadSeconds += seconds;
    }
  }

  /**
   * {@code items} inputs were embedded in one call to {@code model} that took {@code seconds};
   * the model ran ceil(items / max batch) times ({@link Embedder}'s contract).
   */
  public synchronized void inferred(Embedder model, String device, String input, int items,
      double seconds) {
    if (items == 0) {
      return;
    }
    Totals t = totals(model, device, input);
    t.inferenceSeconds += seconds;
    t.items += items;
    t.batches += (items + model.maxBatchSize() - 1) / model.maxBatchSize();
  }

  /** {@code items} inputs were answered from the embedding cache, without the model. */
  public synchronized void cached(Embedder model, String device, String input, int items) {
    if (items > 0) {
      totals(model, device, input).cached += items;
    }
  }

  private Totals totals(Embedder model, String device, String input) {
    Totals t = totals.computeIfAbsent(new Key(model.model(), model.version(), device, input),
        k -> new Totals());
    t.maxBatch = model.maxBatchSize();
    return t;
  }

  /**
   * The {@code obs.metrics} rows, labelled with model, version and device:
   * {@code model_load_seconds} when the statement loaded the model; per input kind (label
   * {@code input}: {@code text}, {@code image}, {@code video_frame}; {@code blob} for cache hits
   * of media) {@code items_from_cache}, and for inputs the model ran on {@code inference_seconds},
   * {@code items_embedded}, {@code inference_batches}, {@code batch_size} (mean items per batch),
   * {@code max_batch_size} and {@code items_per_second} (over inference time).
   */
  public synchronized List<Metric> metrics() {
    List<Metric> out = new ArrayList<>();
    totals.forEach((k, t) -> {
      ObjectNode l = JSON.createObjectNode();
      l.put("model", k.model());
      l.put("model_version", k.version());
      l.put("device", k.device());
      if (k.input() != null) {
        l.put("input", k.input());
      }
      String labels = l.toString();
      if (t.loadSeconds > 0) {
        out.add(new Metric(STAGE, "model_load_seconds", t.loadSeconds, "seconds", labels));
      }
      if (t.cached > 0) {
        out.add(new Metric(STAGE, "items_from_cache", t.cached, "rows", labels));
      }
      if (t.items == 0) {
        return;
      }
      out.add(new Metric(STAGE, "inference_seconds", t.inferenceSeconds, "seconds", labels));
      out.add(new Metric(STAGE, "items_embedded", t.items, "rows", labels));
      out.add(new Metric(STAGE, "inference_batches", t.batches, "batches", labels));
      out.add(new Metric(STAGE, "batch_size", (double) t.items / t.batches, "rows", labels));
      out.add(new Metric(STAGE, "max_batch_size", t.maxBatch, "rows", labels));
      if (t.inferenceSeconds > 0) {
        out.add(new Metric(STAGE, "items_per_second", t.items / t.inferenceSeconds, "rows/s",
            labels));
      }
    });
    return out;
  }
}
