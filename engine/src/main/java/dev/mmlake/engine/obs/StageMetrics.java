package dev.mmlake.engine.obs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.catalog.FailureEvent;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.dedup.DiversityMetrics;
import dev.mmlake.metric.Metric;
import dev.mmlake.quality.QualityResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The {@code obs.metrics} rows of one finished run. Every run gets its stage's run metrics
 * (duration, rows, throughput, failures by error type and modality, resources and cost); the
 * stage is named after the table the run wrote ({@link #stageOf}). Runs that appended to a
 * pipeline table also get metrics of the rows they added: ingestion (accepted rows, bytes to the
 * content store and duplicate content hashes per source and modality, cost per modality), quality
 * (pass rate and fail reasons, {@link DiversityMetrics#quality}) and embeddings (vectors per
 * model). WRITE_SHARDS and the dedup functions write their own stage metrics.
 */
final class StageMetrics {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Lakehouse lakehouse;

  StageMetrics(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  /**
   * The pipeline stage of a run: {@code ingest} (writes {@code lake.items}), {@code embed}
   * ({@code lake.embeddings}), {@code quality}, {@code dedup}, {@code shards}, {@code versions}
   * (a recipe run, or a write to {@code datasets.*}), else {@code query} for a read-only
   * statement and {@code sql} for other statements.
   */
  static String stageOf(LineageJob job, List<TableIdentifier> writes) {
    if (LineageJob.RECIPE.equals(job.type())) {
      return "versions";
    }
    for (TableIdentifier t : writes) {
      if (t.equals(LakeTables.ITEMS)) {
        return "ingest";
      } else if (t.equals(LakeTables.QUALITY)) {
        return "quality";
      } else if (t.equals(LakeTables.DEDUP)) {
        return "dedup";
      } else if (t.equals(LakeTables.SHARDS)) {
        return "shards";
      } else if (t.namespace().toString().equals("datasets")) {
        return "versions";
      }
    }
    if (writes.contains(LakeTables.EMBEDDINGS)) {
      return "embed";
    }
    return writes.isEmpty() ? "query" : "sql";
  }

  List<Metric> of(LineageJob job, RunOutcome o, ResourceUsage u, double cost, String currency) {
    String stage = stageOf(job, o.writes());
    String status = o.ok() ? "ok" : "error";
    String l = json(Map.of("status", status, "job_type", job.type()));
    List<Metric> out = new ArrayList<>();
    out.add(new Metric(stage, "runs", 1, "runs", l));
    out.add(new Metric(stage, "duration_seconds", u.wallSeconds(), "seconds", l));
    out.add(new Metric(stage, "rows_read", o.rowsRead(), "rows", l));
    out.add(new Metric(stage, "rows_written", o.rowsWritten(), "rows", l));
    out.add(new Metric(stage, "rows_skipped", o.rowsSkipped(), "rows", l));
    out.add(new Metric(stage, "rows_failed", o.failures(), "rows", l));
    long rows = Math.max(o.rowsRead(), o.rowsWritten());
    if (u.wallSeconds() > 0) {
      out.add(new Metric(stage, "rows_per_second", rows / u.wallSeconds(), "rows/s", l));
    }
    out.add(new Metric(stage, "cpu_seconds", u.cpuSeconds(), "seconds", l));
    out.add(new Metric(stage, "gpu_seconds", u.gpuSeconds(), "seconds", l));
    out.add(new Metric(stage, "memory_gb_seconds", u.memoryGbSeconds(), "GB*s", l));
    out.add(new Metric(stage, "storage_bytes_added", u.storageBytes(), "bytes", l));
    out.add(new Metric(stage, "egress_bytes", u.egressBytes(), "bytes", l));
    String money = currency.toLowerCase(Locale.ROOT);
    out.add(new Metric(stage, "cost", cost, money, l));
    if (rows > 0) {
      out.add(new Metric(stage, "cost_per_1000_records", cost * 1000 / rows, money, l));
    }
    failures(stage, o.failed(), out);
    try {
      added(stage, o, u, cost, money, out);
    } catch (RuntimeException e) {
      out.add(new Metric(stage, "metrics_incomplete", 1, null,
          json(Map.of("error", String.valueOf(e.getMessage())))));
    }
    return out;
  }

  private static void failures(String stage, List<FailureEvent> failed, List<Metric> out) {
    Map<List<String>, Integer> counts = new TreeMap<>((a, b) -> a.toString().compareTo(
        b.toString()));
    for (FailureEvent f : failed) {
      counts.merge(List.of(f.stage(), f.errorType(), String.valueOf(f.modality()),
          String.valueOf(f.source())), 1, Integer::sum);
    }
    counts.forEach((k, n) -> {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("failure_stage", k.get(0));
      labels.put("error_type", k.get(1));
      if (!"null".equals(k.get(2))) {
        labels.put("modality", k.get(2));
      }
      if (!"null".equals(k.get(3))) {
        labels.put("source", k.get(3));
      }
      out.add(new Metric(stage, "failures", n, "rows", json(labels)));
    });
  }

  private void added(String stage, RunOutcome o, ResourceUsage u, double cost, String money,
      List<Metric> out) {
    if (o.snapshots().isEmpty()) {
      return;
    }
    for (TableIdentifier t : o.writes()) {
      if (t.equals(LakeTables.ITEMS)) {
        ingest(stage, o, cost, money, out);
      } else if (t.equals(LakeTables.QUALITY)) {
        quality(o, out);
      } else if (t.equals(LakeTables.EMBEDDINGS)) {
        embeddings(o, u, out);
      }
    }
  }

  /** Per (source, modality): accepted rows, bytes to the content store, duplicate hashes. */
  private void ingest(String stage, RunOutcome o, double cost, String money, List<Metric> out) {
    Table t = lakehouse.table(LakeTables.ITEMS);
    Map<List<String>, long[]> groups = new TreeMap<>((a, b) -> a.toString().compareTo(
        b.toString()));
    Map<List<String>, Set<String>> hashes = new HashMap<>();
    AddedRows.read(t, o.snapshots(), List.of("source", "modality", "size_bytes", "content_hash"),
        r -> {
          List<String> key = List.of(String.valueOf(r.getField("source")),
              String.valueOf(r.getField("modality")));
          long[] g = groups.computeIfAbsent(key, k -> new long[3]);
          g[0]++;
          Object size = r.getField("size_bytes");
          Object hash = r.getField("content_hash");
          boolean fresh = hash == null
              || hashes.computeIfAbsent(key, k -> new HashSet<>()).add((String) hash);
          if (fresh && size instanceof Long s) {
            g[1] += s;
          }
          if (!fresh) {
            g[2]++;
          }
        });
    long total = groups.values().stream().mapToLong(g -> g[0]).sum();
    Map<String, Long> byModality = new TreeMap<>();
    groups.forEach((k, g) -> {
      String l = json(Map.of("source", k.get(0), "modality", k.get(1)));
      out.add(new Metric("ingest", "rows_accepted", g[0], "rows", l));
      out.add(new Metric("ingest", "bytes_to_cas", g[1], "bytes", l));
      out.add(new Metric("ingest", "duplicate_hashes", g[2], "rows", l));
      byModality.merge(k.get(1), g[0], Long::sum);
    });
    if (total > 0) {
      byModality.forEach((modality, n) -> out.add(new Metric(stage, "cost", cost * n / total,
          money, json(Map.of("modality", modality, "basis", "share_of_rows")))));
    }
  }

  /** Pass rate and fail reasons of the verdicts the run added ({@link DiversityMetrics}). */
  private void quality(RunOutcome o, List<Metric> out) {
    List<QualityResult> results = new ArrayList<>();
    AddedRows.read(lakehouse.table(LakeTables.QUALITY), o.snapshots(),
        List.of("status", "reason", "score", "rules_version"), r -> {
          Object score = r.getField("score");
          results.add(new QualityResult(String.valueOf(r.getField("status")),
              r.getField("reason") == null ? QualityResult.OK : (String) r.getField("reason"),
              score instanceof Double d ? d : 0, (String) r.getField("rules_version"),
              Map.of()));
        });
    if (!results.isEmpty()) {
      out.addAll(DiversityMetrics.quality(results));
    }
  }

  /**
   * Vectors the run added to the embedding cache and the rate it computed them at, per model
   * (stage {@code embed}, whichever statement called the model).
   */
  private void embeddings(RunOutcome o, ResourceUsage u, List<Metric> out) {
    Map<String, Long> byModel = new TreeMap<>();
    AddedRows.read(lakehouse.table(LakeTables.EMBEDDINGS), o.snapshots(),
        List.of("model", "model_version"), r -> byModel.merge(
            r.getField("model") + "\u0000" + r.getField("model_version"), 1L, Long::sum));
    byModel.forEach((k, n) -> {
      String[] parts = k.split("\u0000", 2);
      String l = json(Map.of("model", parts[0], "model_version", parts[1]));
      out.add(new Metric("embed", "vectors_added", n, "rows", l));
      if (u.wallSeconds() > 0) {
        out.add(new Metric("embed", "vectors_per_second", n / u.wallSeconds(), "rows/s", l));
      }
    });
  }

  static String json(Map<String, ?> labels) {
    try {
      return JSON.writeValueAsString(labels);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write metric labels as JSON", e);
    }
  }
}
