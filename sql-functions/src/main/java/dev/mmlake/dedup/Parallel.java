package dev.mmlake.dedup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Runs numbered tasks on a few threads, each thread with its own state object. */
final class Parallel {
  private Parallel() {
  }

  /** The body of one task, given the state of the thread running it. */
  interface Task<S> {
    void run(S state, int task);
  }

  /**
   * Runs tasks {@code 0 .. tasks-1}; threads take the next task number in turn. Returns the
   * per-thread states. A task's exception stops the run and is rethrown.
   */
  static <S> List<S> run(int tasks, int threads, Supplier<S> stateFactory, Task<S> body) {
    int workers = Math.max(1, Math.min(threads, tasks));
    List<S> states = new ArrayList<>();
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> started = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      S state = stateFactory.get();
      states.add(state);
      Runnable loop = () -> {
        int t;
        while (failure.get() == null && (t = next.getAndIncrement()) < tasks) {
          try {
            body.run(state, t);
          } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
          }
        }
      };
      if (workers == 1) {
        loop.run();
      } else {
        Thread thread = new Thread(loop, "mmlake-dedup-" + w);
        thread.setDaemon(true);
        thread.start();
        started.add(thread);
      }
    }
    for (Thread t : started) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure.compareAndSet(null, e);
      }
    }
    Throwable f = failure.get();
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
    if (f != null) {
      throw new IllegalStateException("Deduplication was interrupted", f);
    }
    return states;
  }
}
