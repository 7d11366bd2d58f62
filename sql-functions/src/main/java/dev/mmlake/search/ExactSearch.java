package dev.mmlake.search;

import dev.mmlake.dedup.Dot;
import dev.mmlake.error.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Exact k-nearest-neighbour search of many queries over one pass of a corpus. The caller adds the
 * corpus in {@link VectorBatch}es, as it reads them; worker threads score each batch against every
 * query with the SIMD dot kernel ({@link Dot#best()}) and keep per-thread {@link TopK} heaps,
 * merged by {@link #finish()}. Memory is bounded: at most {@code 2 * threads} batches are in flight
 * (adding blocks beyond that) and the heaps hold {@code threads * queries * k} entries.
 *
 * <p>The result is exact and independent of batch boundaries, thread count and row order: rows are
 * ordered by distance, then id ({@link TopK#ID_ORDER}). Not thread-safe: one thread adds.
 */
public final class ExactSearch implements AutoCloseable {
  /** Corpus rows scored against every query before moving on (keeps a tile in cache). */
  private static final int TILE = 64;

  private final float[][] queries;
  private final float[] queryNormSq;
  private final int k;
  private final int dim;
  private final SearchMetric metric;
  private final Dot dot;
  private final int threads;
  private final ExecutorService pool;
  private final Semaphore inFlight;
  private final BlockingQueue<TopK[]> states;
  private final List<TopK[]> allStates = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private long rows;

  /**
   * @param queries one vector per query, all of one length
   * @param threads worker threads; 1 scores batches on the caller's thread
   */
  public ExactSearch(float[][] queries, int k, SearchMetric metric, int threads) {
    InvalidArgumentException.check(k > 0, "k must be a positive number of neighbours, got %d", k);
    InvalidArgumentException.check(queries.length > 0, "Vector search needs at least one query");
    this.queries = queries;
    this.dim = queries[0].length;
    this.queryNormSq = new float[queries.length];
    this.dot = Dot.best();
    for (int q = 0; q < queries.length; q++) {
      InvalidArgumentException.check(queries[q] != null && queries[q].length == dim,
          "Query vector %d has %s dimensions but query 0 has %d; pass vectors of one model",
          q, queries[q] == null ? "no" : String.valueOf(queries[q].length), dim);
      queryNormSq[q] = dot.dot(queries[q], 0, queries[q], 0, dim);
    }
    this.k = k;
    this.metric = metric;
    this.threads = Math.max(1, threads);
    this.states = new ArrayBlockingQueue<>(this.threads);
    for (int t = 0; t < this.threads; t++) {
      TopK[] heaps = new TopK[queries.length];
      for (int q = 0; q < heaps.length; q++) {
        heaps[q] = new TopK(k);
      }
      states.add(heaps);
      allStates.add(heaps);
    }
    this.inFlight = new Semaphore(2 * this.threads);
    this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads, r -> {
      Thread t = new Thread(r, "mmlake-search");
      t.setDaemon(true);
      return t;
    });
  }

  /** A sensible thread count: the available processors. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** The vector length every corpus row must have. */
  public int dim() {
    return dim;
  }

  /** Corpus rows added so far. */
  public long rows() {
    return rows;
  }

  /** Scores one batch (on a worker thread unless single-threaded). */
  public void add(VectorBatch batch) {
    rethrow();
    if (batch.rows() == 0) {
      return;
    }
    if (batch.dim() != dim) {
      throw new InvalidArgumentException("Corpus vectors have %d dimensions but the query has %d; "
          + "search vectors made by the same model", batch.dim(), dim);
    }
    rows += batch.rows();
    if (pool == null) {
      score(states.peek(), batch);
      return;
    }
    inFlight.acquireUninterruptibly();
    pool.execute(() -> {
      TopK[] heaps = null;
      try {
        heaps = states.take();
        score(heaps, batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure.compareAndSet(null, e);
      } catch (RuntimeException | Error e) {
        failure.compareAndSet(null, e);
      } finally {
        if (heaps != null) {
          states.add(heaps);
        }
        inFlight.release();
      }
    });
  }

  /** Waits for every batch and returns, per query, its nearest rows (at most k), nearest first. */
  public List<List<TopK.Hit>> finish() {
    if (pool != null) {
      inFlight.acquireUninterruptibly(2 * threads);
      inFlight.release(2 * threads);
    }
    rethrow();
    List<List<TopK.Hit>> out = new ArrayList<>(queries.length);
    for (int q = 0; q < queries.length; q++) {
      TopK merged = new TopK(k);
      for (TopK[] heaps : allStates) {
        merged.addAll(heaps[q]);
      }
      out.add(merged.sorted());
    }
    return out;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private void score(TopK[] heaps, VectorBatch b) {
    float[] flat = b.flat();
    Object[] ids = b.ids();
    float[] rowNormSq = new float[b.rows()];
    for (int r = 0; r < b.rows(); r++) {
      rowNormSq[r] = dot.dot(flat, r * dim, flat, r * dim, dim);
    }
    for (int start = 0; start < b.rows(); start += TILE) {
      int end = Math.min(b.rows(), start + TILE);
      for (int q = 0; q < queries.length; q++) {
        float[] query = queries[q];
        float qn = queryNormSq[q];
        TopK heap = heaps[q];
        for (int r = start; r < end; r++) {
          float d = metric.distance(dot.dot(query, 0, flat, r * dim, dim), qn, rowNormSq[r]);
          if (heap.admits(d)) {
            heap.offer(d, ids[r]);
          }
        }
      }
    }
  }

  private void rethrow() {
    Throwable f = failure.get();
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
    if (f != null) {
      throw new IllegalStateException("Vector search was interrupted", f);
    }
  }
}
