package dev.mmlake.engine.obs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs OpenLineage events to an HTTP endpoint ({@code lineage.url}, e.g. Marquez's
 * {@code http://host:5000/api/v1/lineage}) from one background thread, in order. Each event is
 * tried up to {@code 1 + retries} times with exponential backoff; every request has a timeout.
 * An endpoint that is down, slow or refuses events never fails or stalls a statement: events are
 * queued (at most {@value #QUEUE} waiting; more are dropped and counted) and a failure is logged.
 * The events stay in {@code obs.lineage_events} either way.
 */
final class LineageEmitter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LineageEmitter.class);
  static final int QUEUE = 10_000;

  private final URI url;
  private final String apiKey;
  private final int retries;
  private final Duration timeout;
  private final Duration backoff;
  private final HttpClient http;
  private final ThreadPoolExecutor worker;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  LineageEmitter(URI url, String apiKey, int retries, Duration timeout, Duration backoff) {
    this.url = url;
    this.apiKey = apiKey;
    this.retries = retries;
    this.timeout = timeout;
    this.backoff = backoff;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE), r -> {
          Thread t = new Thread(r, "mmlake-lineage-http");
          t.setDaemon(true);
          return t;
        });
  }

  /** Queues {@code json} for sending; returns at once. */
  void send(String json) {
    try {
      worker.execute(() -> post(json));
    } catch (RejectedExecutionException e) {
      long n = dropped.incrementAndGet();
      LOG.warn("OpenLineage event not sent to {}: {} events waiting already ({} dropped so far)",
          url, QUEUE, n);
    }
  }

  /** Events the endpoint accepted (2xx). */
  long sent() {
    return sent.get();
  }

  /** Events given up on (queue full or every try failed). */
  long dropped() {
    return dropped.get();
  }

  private void post(String json) {
    String last = null;
    for (int attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0 && !sleep(backoff.multipliedBy(1L << Math.min(attempt - 1, 10)))) {
        break;
      }
      try {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
        if (apiKey != null && !apiKey.isBlank()) {
          b.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 == 2) {
          sent.incrementAndGet();
          return;
        }
        last = "HTTP " + r.statusCode();
        if (r.statusCode() / 100 == 4 && r.statusCode() != 429) {
          break; // the endpoint rejects this event: retrying will not help
        }
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + ": " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        last = "interrupted";
        break;
      }
    }
    dropped.incrementAndGet();
    LOG.warn("OpenLineage event not delivered to {} after {} tries ({}); it is kept in "
        + "obs.lineage_events", url, retries + 1, last);
  }

  private static boolean sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits up to one request timeout for queued events, then stops. */
  @Override
  public void close() {
    worker.shutdown();
    try {
      if (!worker.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} OpenLineage event(s) not sent to {}: closing", worker.getQueue().size(),
            url);
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      worker.shutdownNow();
    }
  }
}
