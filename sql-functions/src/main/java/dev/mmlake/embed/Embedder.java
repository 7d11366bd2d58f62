package dev.mmlake.embed;

import java.util.List;

/**
 * A loaded embedding model with a batch API.
 *
 * <p>Contract: a call with n inputs runs the model ceil(n / {@link #maxBatchSize()}) times (a
 * video counts one input per keyframe), so {@link #invocations()} grows by exactly that; an empty
 * list runs nothing. Results are L2-normalized, in input order, {@link #dim()} floats each.
 * Implementations are thread-safe and hold their model until {@link #close()}; obtain shared
 * instances from {@link Embedders} rather than constructing one per query.
 */
public interface Embedder extends AutoCloseable {
  /** The model name, e.g. {@code all-MiniLM-L6-v2}. */
  String model();

  /** The model version derived from its files ({@link ModelFiles#version}). */
  String version();

  /** The spec this embedder was loaded from. */
  ModelSpec spec();

  int dim();

  /** Most inputs per model invocation ({@code embed.batch-size}). */
  int maxBatchSize();

  /** Embeds texts; a null element is an error (callers map SQL NULL to NULL before). */
  float[][] embedTexts(List<String> texts);

  /** Model invocations (forward passes) since this embedder was loaded. */
  long invocations();

  /**
   * Releases the model; later calls fail. Embedders shared through {@link Embedders} are closed
   * by {@link Embedders#closeAll()}, not by their users.
   */
  @Override
  void close();
}
