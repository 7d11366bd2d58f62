package dev.mmlake.loader;

/**
 * What a decode worker does to each decoded sample before handing it on: the live transforms
 * ({@code dev.mmlake.loader.live}). Must be thread-safe and a function of (sample, seed, epoch)
 * only, so the loader stays deterministic.
 */
@FunctionalInterface
public interface SampleTransform {
  /** Leaves samples as decoded. */
  SampleTransform NONE = (sample, seed, epoch) -> sample;

  LoaderSample apply(LoaderSample sample, long seed, long epoch);
}
