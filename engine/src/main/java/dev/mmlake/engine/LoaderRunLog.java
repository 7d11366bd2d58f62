package dev.mmlake.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.cas.Sha256;
import dev.mmlake.dedup.MetricsWriter;
import dev.mmlake.engine.sql.StatementKind;
import dev.mmlake.metric.Metric;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records a training-loader run: its figures in {@code obs.metrics} (stage {@value #STAGE}, one
 * snapshot, through {@link MetricsWriter}) and one {@code obs.runs} row (statement_kind
 * {@code LOADER}, the command as statement_text, items as rows_read) through the engine's run
 * log. Every metric row carries the labels {@code version} (dataset@version), {@code shard_set}
 * (the set's options_hash) and {@code run_id}, plus {@code extraLabels}.
 */
public final class LoaderRunLog {
  /** {@code obs.metrics.stage} of loader rows. */
  public static final String STAGE = "loader";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LoaderRunLog() {
  }

  /**
   * What one loader run did.
   *
   * @param seconds wall seconds of the run's reading (items/s and MB/s are over it)
   * @param bytesRead member bytes the workers read
   * @param stalls times the consumer waited on an empty worker queue
   * @param workerImbalance max / mean of the workers' busy seconds (1 = even)
   */
  public record Run(String runId, String version, String shardSet, String command,
      Map<String, Object> extraLabels, Instant startedAt, Instant endedAt, long items,
      long bytesRead, double seconds, long stalls, double stallSeconds, double workerImbalance) {
    public Run {
      Objects.requireNonNull(runId, "runId is null");
      Objects.requireNonNull(version, "version is null");
      Objects.requireNonNull(shardSet, "shardSet is null");
      Objects.requireNonNull(command, "command is null");
      extraLabels = Map.copyOf(extraLabels);
    }
  }

  /** The metric rows of {@code run}: items_per_s, mb_per_s, stalls, stall_seconds, ... */
  public static List<Metric> metrics(Run run) {
    ObjectNode labels = JSON.createObjectNode();
    labels.put("version", run.version());
    labels.put("shard_set", run.shardSet());
    labels.put("run_id", run.runId());
    run.extraLabels().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> labels.putPOJO(e.getKey(), e.getValue()));
    String l = labels.toString();
    double secs = Math.max(run.seconds(), 1e-9);
    return List.of(
        new Metric(STAGE, "items_per_s", run.items() / secs, l),
        new Metric(STAGE, "mb_per_s", run.bytesRead() / 1e6 / secs, l),
        new Metric(STAGE, "stalls", run.stalls(), l),
        new Metric(STAGE, "stall_seconds", run.stallSeconds(), l),
        new Metric(STAGE, "worker_imbalance", run.workerImbalance(), l),
        new Metric(STAGE, "bytes_read", run.bytesRead(), l),
        new Metric(STAGE, "items", run.items(), l));
  }

  /**
   * Writes {@code run}'s metrics (committed now) and queues its {@code obs.runs} row (committed
   * with the engine's next run-log flush, at the latest when the engine closes).
   */
  public static void record(Engine engine, String user, Run run) {
    List<Metric> metrics = metrics(run);
    long snapshot = MetricsWriter.append(engine.lakehouse(), run.runId(), run.endedAt(), metrics);
    engine.runLog().record(new RunRecord(run.runId(), Sha256.hex(run.command()),
        StatementKind.LOADER, run.command(), user, run.startedAt(), run.endedAt(), run.items(), 0,
        snapshot < 0 ? List.of() : List.of(snapshot), "ok", null, 0, 0,
        "obs.metrics=" + metrics.size()));
  }
}
