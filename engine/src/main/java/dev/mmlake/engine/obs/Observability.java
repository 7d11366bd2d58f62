package dev.mmlake.engine.obs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;
import dev.mmlake.metric.Metric;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's observability: OpenLineage RunEvents for every statement and recipe run (stored in
 * {@code obs.lineage_events} and, with {@code lineage.url} set, POSTed to an OpenLineage
 * endpoint), run-level metrics and cost in {@code obs.metrics}. One per engine; thread-safe.
 * See docs/observability.md.
 */
public final class Observability implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Observability.class);
  /** Where events are POSTed; unset: stored only. */
  public static final String URL = "lineage.url";
  /** The OpenLineage namespace of jobs and datasets; default {@code mmlake://<home folder>}. */
  public static final String NAMESPACE = "lineage.namespace";

  private final Lakehouse lakehouse;
  private final RunEvents events;
  private final LineageDatasets datasets;
  private final PriceTable prices;
  private final ObsWriter writer;
  private final LineageEmitter emitter;
  private final Deque<Runnable> tasks = new ArrayDeque<>();
  private final Object draining = new Object();
  private final ScheduledExecutorService worker;

  public Observability(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
    LakehouseConfig config = lakehouse.config();
    Path home = config.home().getFileName();
    String ns = config.get(NAMESPACE, "mmlake://" + (home == null ? "lakehouse" : home));
    this.events = new RunEvents(ns, configHash(config));
    this.datasets = new LineageDatasets(lakehouse, events);
    this.prices = PriceTable.of(config);
    this.writer = new ObsWriter(lakehouse);
    this.emitter = emitter(config);
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mmlake-observability");
      t.setDaemon(true);
      return t;
    });
    worker.scheduleWithFixedDelay(this::drain, 200, 200, TimeUnit.MILLISECONDS);
  }

  /**
   * sha256 of the lakehouse settings that shape results (every property but credentials and
   * paths), sorted: equal hashes mean equal configuration.
   */
  static String configHash(LakehouseConfig config) {
    Map<String, String> sorted = new TreeMap<>(config.properties());
    sorted.keySet().removeIf(k -> k.contains("password") || k.contains("api-key")
        || k.equals(LakehouseConfig.HOME));
    StringBuilder b = new StringBuilder();
    sorted.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    return Sha256.hex(b.toString());
  }

  private static LineageEmitter emitter(LakehouseConfig config) {
    String url = config.get(URL, null);
    if (url == null || url.isBlank()) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new MmlakeException(ErrorCode.INVALID_ARGUMENT, e, "Setting %s=%s is not a URL: give "
          + "the OpenLineage endpoint, e.g. http://localhost:5000/api/v1/lineage", URL, url);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new MmlakeException(ErrorCode.INVALID_ARGUMENT, "Setting %s=%s: only http and https "
          + "endpoints are supported", URL, url);
    }
    int retries = Integer.parseInt(config.get("lineage.retries", "3"));
    Duration timeout = Duration.ofMillis(Long.parseLong(config.get("lineage.timeout-ms", "5000")));
    Duration backoff = Duration.ofMillis(Long.parseLong(config.get("lineage.backoff-ms", "200")));
    return new LineageEmitter(uri, config.get("lineage.api-key", null), retries, timeout,
        backoff);
  }

  /** The price table in effect ({@code cost.*}). */
  public PriceTable prices() {
    return prices;
  }

  /** The OpenLineage namespace of this lakehouse's jobs and datasets. */
  public String namespace() {
    return events.namespace();
  }

  /** Starts observing {@code job}: emits its START event (inputs known so far). */
  public RunObservation start(LineageJob job, Map<TableIdentifier, Long> reads) {
    Instant now = Instant.now();
    RunObservation run = new RunObservation(this, job, now, ResourceMeter.start());
    emit(job, events.start(job, now, datasets.inputs(reads)));
    return run;
  }

  /**
   * Stops {@code run}'s meter and queues its COMPLETE or FAIL event and its metrics; they are
   * built on the observability thread (they read table metadata and the rows the run added), so
   * the statement does not wait for them. Returns the resources used (no storage bytes yet).
   */
  ResourceUsage finish(RunObservation run, RunOutcome outcome) {
    ResourceUsage measured = run.meter().stop();
    Instant now = Instant.now();
    later(() -> {
      ResourceUsage usage = measured.withBytes(
          datasets.addedBytes(outcome.writes(), outcome.snapshots()), outcome.egressBytes());
      double cost = prices.price(usage);
      ObjectNode event = events.finish(run.job(), now, outcome, usage, cost, prices.currency(),
          datasets.inputs(outcome.reads()),
          datasets.outputs(outcome.writes(), outcome.snapshots()));
      emit(run.job(), event);
      writer.metrics(run.job().runId(), now,
          new StageMetrics(lakehouse).of(run.job(), outcome, usage, cost, prices.currency()));
    });
    return measured;
  }

  /**
   * Queues more {@code obs.metrics} rows of run {@code runId}, computed on the observability
   * thread (committed with the next flush); a failure to compute them is logged.
   */
  public void metrics(String runId, Supplier<List<Metric>> metrics) {
    Instant now = Instant.now();
    later(() -> writer.metrics(runId, now, metrics.get()));
  }

  private void later(Runnable task) {
    synchronized (tasks) {
      tasks.add(task);
    }
  }

  /** Runs the queued tasks on the calling thread, in order; a failing task is logged. */
  private void drain() {
    synchronized (draining) {
      while (true) {
        Runnable task;
        synchronized (tasks) {
          task = tasks.poll();
        }
        if (task == null) {
          return;
        }
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.warn("Lineage event or run metrics not recorded: {}", e.getMessage());
        }
      }
    }
  }

  private void emit(LineageJob job, ObjectNode event) {
    String json = event.toString();
    writer.event(new ObsWriter.EventRow(job.runId(), event.get("eventType").asText(),
        Instant.parse(event.get("eventTime").asText()), events.namespace(), job.name(),
        job.parent() == null ? null : job.parent().runId(), json));
    if (emitter != null) {
      emitter.send(json);
    }
  }

  /** Builds queued events and metrics and commits them now (statements reading obs do this). */
  public void flush() {
    drain();
    writer.flush();
  }

  @Override
  public void close() {
    try {
      worker.shutdown();
      worker.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      drain();
      writer.close();
    } finally {
      if (emitter != null) {
        emitter.close();
      }
    }
  }
}
