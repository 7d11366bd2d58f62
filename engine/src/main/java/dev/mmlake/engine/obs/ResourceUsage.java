package dev.mmlake.engine.obs;

/**
 * The resources one run used, the quantities {@link PriceTable} prices.
 *
 * @param wallSeconds elapsed time
 * @param cpuSeconds CPU time of the process while the run was active (every thread: parallel
 *     work counts in full; runs that overlap in one process each count the shared time)
 * @param gpuSeconds time on a GPU; 0 when the run used none
 * @param memoryGbSeconds peak heap in use during the run, in GB, times {@code wallSeconds}
 * @param storageBytes bytes of data files the run's snapshots added
 * @param egressBytes bytes the run sent out of the lakehouse (result streams of a server)
 */
public record ResourceUsage(double wallSeconds, double cpuSeconds, double gpuSeconds,
    double memoryGbSeconds, long storageBytes, long egressBytes) {
  /** A copy with {@code storageBytes} and {@code egressBytes} set. */
  public ResourceUsage withBytes(long storage, long egress) {
    return new ResourceUsage(wallSeconds, cpuSeconds, gpuSeconds, memoryGbSeconds, storage,
        egress);
  }
}
