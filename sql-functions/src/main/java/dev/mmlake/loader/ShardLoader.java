package dev.mmlake.loader;

import static java.util.Objects.requireNonNull;

import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Streams one epoch of a shard set to a training loop: shard order shuffled per epoch, N decode
 * workers, a shuffle buffer per worker, bounded prefetch, batches. Not thread-safe: one consumer
 * calls {@link #next()} / {@link #nextBatch(int)}.
 *
 * <p><b>Determinism.</b> The delivery order is a function of (shard set, seed, epoch, workers,
 * shuffle buffer) only, never of thread timing:
 * <ol>
 *   <li>shards are sorted by file name and shuffled (Fisher-Yates, {@code for i = n-1 down to 1:
 *       swap(i, bounded(i + 1))}) with SplitMix64 seeded {@code derive(seed, epoch, 0)};</li>
 *   <li>worker {@code w} takes the shards at positions {@code p} with {@code p mod W == w}, in
 *       that order, and reads their samples sequentially;</li>
 *   <li>each worker's samples pass through its own shuffle buffer of size B with SplitMix64 seeded
 *       {@code derive(seed, epoch, 1 + w)}: the first B samples fill it; every later sample
 *       {@code s} swaps with slot {@code j = bounded(B)}, whose old sample is emitted; at the end
 *       of the worker's shards it drains with {@code j = bounded(size)}, emitting slot j and moving
 *       the last slot into j;</li>
 *   <li>delivery takes one sample from each worker in turn, 0, 1, ..., W-1, 0, ...; a worker
 *       whose stream has ended is passed over.</li>
 * </ol>
 * Every sample of the set is delivered exactly once per epoch.
 *
 * <p><b>Resume.</b> {@link #cursor()} records how many samples each worker has delivered and
 * whose turn is next. A loader opened with that cursor replays each worker's stream (scanning
 * the tar headers of the samples it had delivered, not reading or decoding them) and continues
 * the round-robin at that worker: the rest of the epoch exactly, no repeats, no gaps.
 *
 * <p><b>Reading.</b> A worker scans its shards' tar headers in order ({@link TarScanner}); its
 * shuffle buffer holds where each sample lies ({@link SampleRef}), not its bytes, and a sample's
 * members are read (one positional read into the worker's reusable direct buffer, then one copy
 * per member) when it leaves the buffer. So buffered samples cost no heap and no garbage
 * collector copying, and the bytes a consumer gets are allocated just before it gets them.
 *
 * <p><b>Memory.</b> Bounded by the buffer sizes (see {@link LoaderConfig}).
 */
public final class ShardLoader implements AutoCloseable {
  private static final Object END = new Object();
  /** Samples a worker hands to the consumer at once (fewer lock hand-offs); order is unchanged. */
  static final int CHUNK = 16;

  private final LoaderShardSet set;
  private final LoaderConfig config;
  private final SampleTransform transform;
  private final List<BlockingQueue<Object>> queues = new ArrayList<>();
  private final List<ArrayDeque<LoaderSample>> pending = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final long[] workerDelivered;
  private final boolean[] done;
  private final AtomicLongArray busyNanos;
  private final AtomicLongArray bytesRead;
  private final AtomicLongArray cpuNanos;
  private final List<List<LoaderShard>> assignment;
  private int nextWorker;
  private int alive;
  private long delivered;
  private long bytesDelivered;
  private long stalls;
  private long stallNanos;
  private boolean closed;

  private ShardLoader(LoaderShardSet set, LoaderConfig config, LoaderCursor cursor,
      SampleTransform transform) {
    this.set = requireNonNull(set, "set is null");
    this.config = requireNonNull(config, "config is null");
    this.transform = requireNonNull(transform, "transform is null");
    int w = config.workers();
    this.workerDelivered = new long[w];
    this.done = new boolean[w];
    this.busyNanos = new AtomicLongArray(w);
    this.bytesRead = new AtomicLongArray(w);
    this.cpuNanos = new AtomicLongArray(w);
    if (cursor != null) {
      cursor.checkMatches(set.name(), config);
      System.arraycopy(cursor.workerDelivered(), 0, workerDelivered, 0, w);
      this.nextWorker = cursor.nextWorker();
      this.delivered = cursor.delivered();
    }
    this.assignment = assign(set.shards(), config);
    this.alive = w;
    for (int i = 0; i < w; i++) {
      BlockingQueue<Object> q = new ArrayBlockingQueue<>(
          Math.max(1, (config.prefetch() + CHUNK - 1) / CHUNK));
      queues.add(q);
      pending.add(new ArrayDeque<>());
      int worker = i;
      long skip = workerDelivered[i];
      Thread t = new Thread(() -> work(worker, skip, q), "mmlake-loader-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  /** Opens the epoch from its start. */
  public static ShardLoader open(LoaderShardSet set, LoaderConfig config) {
    return new ShardLoader(set, config, null, SampleTransform.NONE);
  }

  /**
   * Opens the epoch from its start; each decode worker applies {@code transform} to its decoded
   * samples (not when decoding is off).
   */
  public static ShardLoader open(LoaderShardSet set, LoaderConfig config,
      SampleTransform transform) {
    return new ShardLoader(set, config, null, transform);
  }

  /** Opens the epoch where {@code cursor} stopped; the cursor must match the set and config. */
  public static ShardLoader resume(LoaderShardSet set, LoaderConfig config, LoaderCursor cursor) {
    return resume(set, config, cursor, SampleTransform.NONE);
  }

  /** As {@link #resume(LoaderShardSet, LoaderConfig, LoaderCursor)}, with live transforms. */
  public static ShardLoader resume(LoaderShardSet set, LoaderConfig config, LoaderCursor cursor,
      SampleTransform transform) {
    return new ShardLoader(set, config, requireNonNull(cursor, "cursor is null"), transform);
  }

  /** The epoch's shard order (step 1 of the determinism spec). */
  public static List<LoaderShard> shardOrder(List<LoaderShard> sortedShards, long seed,
      long epoch) {
    List<LoaderShard> order = new ArrayList<>(sortedShards);
    SplitMix64 rng = new SplitMix64(SplitMix64.derive(seed, epoch, 0));
    for (int i = order.size() - 1; i > 0; i--) {
      int j = rng.bounded(i + 1);
      LoaderShard t = order.get(i);
      order.set(i, order.get(j));
      order.set(j, t);
    }
    return order;
  }

  private static List<List<LoaderShard>> assign(List<LoaderShard> shards, LoaderConfig config) {
    List<LoaderShard> order = shardOrder(shards, config.seed(), config.epoch());
    List<List<LoaderShard>> out = new ArrayList<>();
    for (int w = 0; w < config.workers(); w++) {
      out.add(new ArrayList<>());
    }
    for (int p = 0; p < order.size(); p++) {
      out.get(p % config.workers()).add(order.get(p));
    }
    return out;
  }

  private record Failure(RuntimeException error) {
  }

  private void work(int worker, long skip, BlockingQueue<Object> queue) {
    try (ShardFiles files = new ShardFiles()) {
      SplitMix64 rng = new SplitMix64(SplitMix64.derive(config.seed(), config.epoch(),
          1L + worker));
      int cap = config.shuffleBuffer();
      List<SampleRef> buffer = new ArrayList<>(Math.min(cap, 4096));
      Emitter emitter = new Emitter(worker, skip, files, queue);
      ByteBuffer window = ByteBuffer.allocateDirect(TarScanner.WINDOW);
      for (LoaderShard shard : assignment.get(worker)) {
        long t0 = System.nanoTime();
        TarScanner scanner = new TarScanner(shard, files, window);
        try {
          SampleRef s;
          while ((s = scanner.next()) != null) {
            if (buffer.size() < cap) {
              buffer.add(s);
              continue;
            }
            int j = rng.bounded(cap);
            SampleRef out = buffer.get(j);
            buffer.set(j, s);
            busyNanos.addAndGet(worker, System.nanoTime() - t0);
            emitter.emit(out);
            t0 = System.nanoTime();
          }
        } catch (IOException e) {
          throw storage(shard.path(), e);
        }
        busyNanos.addAndGet(worker, System.nanoTime() - t0);
      }
      while (!buffer.isEmpty()) {
        int size = buffer.size();
        int j = rng.bounded(size);
        SampleRef out = buffer.get(j);
        SampleRef last = buffer.remove(size - 1);
        if (j != size - 1) {
          buffer.set(j, last);
        }
        emitter.emit(out);
      }
      emitter.flush();
      cpuNanos.set(worker, threadCpuNanos());
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      queue.clear();
      queue.offer(new Failure(e));
    }
  }

  private static long threadCpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
  }

  private static LoaderException storage(Path path, IOException e) {
    return new LoaderException(ErrorCode.STORAGE_UNAVAILABLE, e, "Cannot read shard %s: %s",
        path, e.getMessage());
  }

  /**
   * A worker's output side: samples leaving the shuffle buffer are read (one positional read per
   * sample), decoded and handed to the consumer in chunks of {@link #CHUNK}; those delivered
   * before a resumed cursor are passed over without being read.
   */
  private final class Emitter {
    private final int worker;
    private final long skip;
    private final ShardFiles files;
    private final BlockingQueue<Object> queue;
    private long emitted;
    private List<LoaderSample> chunk = new ArrayList<>(CHUNK);

    Emitter(int worker, long skip, ShardFiles files, BlockingQueue<Object> queue) {
      this.worker = worker;
      this.skip = skip;
      this.files = files;
      this.queue = queue;
    }

    void emit(SampleRef ref) throws InterruptedException {
      if (emitted++ < skip) {
        return; // delivered before the cursor: replayed, not read
      }
      long t0 = System.nanoTime();
      RawSample raw;
      try {
        raw = files.load(ref);
      } catch (IOException e) {
        throw storage(ref.path(), e);
      }
      bytesRead.addAndGet(worker, raw.bytes());
      LoaderSample sample = SampleDecoder.decode(raw, worker, config.decode());
      if (config.decode()) {
        sample = transform.apply(sample, config.seed(), config.epoch());
      }
      busyNanos.addAndGet(worker, System.nanoTime() - t0);
      chunk.add(sample);
      if (chunk.size() == CHUNK) {
        flush();
      }
    }

    void flush() throws InterruptedException {
      if (!chunk.isEmpty()) {
        queue.put(chunk);
        chunk = new ArrayList<>(CHUNK);
      }
    }
  }

  /** The next sample in delivery order, or null when the epoch is over. */
  public LoaderSample next() {
    if (closed) {
      throw new IllegalStateException("loader is closed");
    }
    int w = config.workers();
    while (alive > 0) {
      int worker = nextWorker;
      if (done[worker]) {
        nextWorker = (worker + 1) % w;
        continue;
      }
      ArrayDeque<LoaderSample> ready = pending.get(worker);
      if (!ready.isEmpty()) {
        LoaderSample s = ready.poll();
        workerDelivered[worker]++;
        delivered++;
        bytesDelivered += s.bytes();
        nextWorker = (worker + 1) % w;
        return s;
      }
      Object item = queues.get(worker).poll();
      if (item == null) {
        item = waitFor(worker);
      }
      if (item == END) {
        done[worker] = true;
        alive--;
        nextWorker = (worker + 1) % w;
        continue;
      }
      if (item instanceof Failure f) {
        close();
        throw f.error();
      }
      @SuppressWarnings("unchecked")
      List<LoaderSample> got = (List<LoaderSample>) item;
      ready.addAll(got);
    }
    return null;
  }

  /** Takes from an empty queue: a stall, counted with the time spent waiting. */
  private Object waitFor(int worker) {
    long t0 = System.nanoTime();
    try {
      return queues.get(worker).take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoaderException(ErrorCode.CANCELLED, e, "Interrupted while loading");
    } finally {
      stalls++;
      stallNanos += System.nanoTime() - t0;
    }
  }

  /** Up to {@code size} samples in delivery order; empty when the epoch is over. */
  public List<LoaderSample> nextBatch(int size) {
    List<LoaderSample> batch = new ArrayList<>(size);
    LoaderSample s;
    while (batch.size() < size && (s = next()) != null) {
      batch.add(s);
    }
    return batch;
  }

  /** Where the run stands now: resuming from it delivers what {@link #next()} would. */
  public LoaderCursor cursor() {
    return new LoaderCursor(set.name(), config.seed(), config.epoch(), config.workers(),
        config.shuffleBuffer(), delivered, workerDelivered.clone(), nextWorker);
  }

  /** Samples delivered in this epoch, including those before a resumed cursor. */
  public long delivered() {
    return delivered;
  }

  /** Member bytes of the samples this loader delivered (not those before a cursor). */
  public long bytesDelivered() {
    return bytesDelivered;
  }

  /** Member bytes the workers read (samples skipped on resume are not read). */
  public long bytesRead() {
    long sum = 0;
    for (int i = 0; i < config.workers(); i++) {
      sum += bytesRead.get(i);
    }
    return sum;
  }

  /**
   * Times the consumer found the queue of the worker whose turn it was empty and waited (the
   * data path did not keep up, or the shuffle buffers were still filling).
   */
  public long stalls() {
    return stalls;
  }

  /** Nanoseconds the consumer spent waiting in those stalls. */
  public long stallNanos() {
    return stallNanos;
  }

  /** Samples delivered per worker in this epoch. */
  public long[] workerDelivered() {
    return workerDelivered.clone();
  }

  /** Nanoseconds each worker spent reading and decoding (not waiting on a full queue). */
  public long[] workerBusyNanos() {
    long[] out = new long[config.workers()];
    for (int i = 0; i < out.length; i++) {
      out[i] = busyNanos.get(i);
    }
    return out;
  }

  /**
   * CPU nanoseconds each worker thread used, known once its stream has ended (0 before; -1 where
   * the JVM does not measure thread CPU time). Unlike {@link #workerBusyNanos()} it does not
   * count time the thread was runnable but waiting for a core.
   */
  public long[] workerCpuNanos() {
    long[] out = new long[config.workers()];
    for (int i = 0; i < out.length; i++) {
      out[i] = cpuNanos.get(i);
    }
    return out;
  }

  /** The shards each worker reads this epoch, by name. */
  public List<List<String>> assignment() {
    return assignment.stream().map(l -> l.stream().map(LoaderShard::name).toList()).toList();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "ShardLoader[" + set.name() + ", " + config + ", delivered=" + delivered
        + ", perWorker=" + Arrays.toString(workerDelivered) + "]";
  }
}
