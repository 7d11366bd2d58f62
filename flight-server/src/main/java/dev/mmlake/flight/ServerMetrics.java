package dev.mmlake.flight;

import dev.mmlake.engine.PlanCacheTotals;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/**
 * The Flight SQL server's Prometheus metrics, in a registry of its own: statements by kind and
 * status, their latency, rows and bytes streamed to clients, rows written, open sessions and
 * prepared statements, plan cache hits and misses, and the JVM's metrics. {@link MetricsEndpoint} serves them.
 */
public final class ServerMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter queries;
  private final Histogram latency;
  private final Counter rowsStreamed;
  private final Counter bytesStreamed;
  private final Counter rowsWritten;
  private final Counter arrowScans;

  ServerMetrics(LongSupplier sessions, LongSupplier statements, PlanCacheTotals plans) {
    queries = Counter.builder().name("mmlake_queries_total")
        .help("Statements run through Flight SQL, by kind and status")
        .labelNames("kind", "status").register(registry);
    latency = Histogram.builder().name("mmlake_query_duration_seconds")
        .help("Wall time of statements run through Flight SQL, by kind")
        .labelNames("kind").register(registry);
    rowsStreamed = Counter.builder().name("mmlake_rows_streamed_total")
        .help("Result rows sent to Flight SQL clients").register(registry);
    bytesStreamed = Counter.builder().name("mmlake_bytes_streamed_total")
        .help("Arrow buffer bytes of the result batches sent to clients").register(registry);
    rowsWritten = Counter.builder().name("mmlake_rows_written_total")
        .help("Rows changed by updates (INSERT, DELETE, CTAS) run through Flight SQL, by kind")
        .labelNames("kind").register(registry);
    arrowScans = Counter.builder().name("mmlake_arrow_scans_total")
        .help("Queries streamed straight from the columnar scan's batches (plain scans)")
        .register(registry);
    GaugeWithCallback.builder().name("mmlake_active_sessions")
        .help("Engine sessions open now (borrowed or pooled)")
        .callback(cb -> cb.call(sessions.getAsLong())).register(registry);
    GaugeWithCallback.builder().name("mmlake_prepared_statements")
        .help("Prepared statements open now")
        .callback(cb -> cb.call(statements.getAsLong())).register(registry);
    CounterWithCallback.builder().name("mmlake_plan_cache_hits_total")
        .help("Queries that ran a plan kept by their session (sql.plan-cache.size)")
        .callback(cb -> cb.call(plans.hits())).register(registry);
    CounterWithCallback.builder().name("mmlake_plan_cache_misses_total")
        .help("Queries the plan cache accepts that were prepared (first run, busy or changed)")
        .callback(cb -> cb.call(plans.misses())).register(registry);
    JvmMetrics.builder().register(registry);
  }

  /** The registry to scrape. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** Counts one statement and its latency. */
  void statement(String kind, String status, long startNanos) {
    queries.labelValues(kind, status).inc();
    latency.labelValues(kind).observe((System.nanoTime() - startNanos) / 1e9);
  }

  void streamed(long rows, long bytes) {
    rowsStreamed.inc(rows);
    bytesStreamed.inc(bytes);
  }

  void arrowScan() {
    arrowScans.inc();
  }

  /** Queries streamed from column batches so far. */
  long arrowScans() {
    return (long) arrowScans.get();
  }

  void written(String kind, long rows) {
    rowsWritten.labelValues(kind).inc(rows);
  }
}
