package dev.mmlake.embed;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.mmlake.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Up to {@code size} DJL predictors of one model, created on demand. A DJL predictor is not
 * thread-safe: each call borrows one exclusively, so at most {@code size} calls run at once.
 */
final class PredictorPool<I, O> implements AutoCloseable {
  private final ZooModel<I, O> model;
  private final int size;
  private final BlockingQueue<Predictor<I, O>> idle;
  private final List<Predictor<I, O>> all = new ArrayList<>();
  private final AtomicLong invocations;
  private boolean closed;

  PredictorPool(ZooModel<I, O> model, int size, AtomicLong invocations) {
    this.model = model;
    this.size = size;
    this.idle = new ArrayBlockingQueue<>(size);
    this.invocations = invocations;
  }

  /** Runs the model once on {@code input}. */
  O predict(I input) {
    Predictor<I, O> p = borrow();
    try {
      invocations.incrementAndGet();
      return p.predict(input);
    } catch (TranslateException e) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          e, "Model %s failed: %s", model.getName(), rootMessage(e));
    } finally {
      idle.add(p);
    }
  }

  private Predictor<I, O> borrow() {
    Predictor<I, O> p = idle.poll();
    if (p != null) {
      return p;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("Model " + model.getName() + " is closed");
      }
      if (all.size() < size) {
        Predictor<I, O> created = model.newPredictor();
        all.add(created);
        return created;
      }
    }
    try {
      return idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbedException(ErrorCode.CANCELLED,
          e, "Interrupted while waiting for a predictor of %s",
          model.getName());
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    all.forEach(Predictor::close);
    all.clear();
    idle.clear();
    model.close();
  }
}
