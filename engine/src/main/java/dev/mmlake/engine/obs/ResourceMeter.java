package dev.mmlake.engine.obs;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the {@link ResourceUsage} of one run: process CPU time from the operating system bean,
 * wall time, and the peak heap in use, sampled every 50 ms by one shared daemon thread while any
 * meter is open. GPU time is 0: mmlake's models run on the CPU.
 */
public final class ResourceMeter {
  private static final double GB = 1e9;
  private static final Set<ResourceMeter> OPEN = ConcurrentHashMap.newKeySet();
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final OperatingSystemMXBean OS = osBean();
  private static volatile ScheduledExecutorService sampler;

  private final long startNanos = System.nanoTime();
  private final long startCpuNanos = processCpuNanos();
  private final AtomicLong peakHeap = new AtomicLong(heapUsed());

  private ResourceMeter() {
  }

  /** Starts measuring now. */
  public static ResourceMeter start() {
    ResourceMeter m = new ResourceMeter();
    OPEN.add(m);
    ensureSampler();
    return m;
  }

  /** Stops measuring and returns what was used (no storage or egress bytes yet). */
  public ResourceUsage stop() {
    OPEN.remove(this);
    sample();
    double wall = (System.nanoTime() - startNanos) / 1e9;
    double cpu = Math.max(0, processCpuNanos() - startCpuNanos) / 1e9;
    return new ResourceUsage(wall, cpu, 0, peakHeap.get() / GB * wall, 0, 0);
  }

  /** What was used so far; the meter keeps running. */
  public ResourceUsage peek() {
    sample();
    double wall = (System.nanoTime() - startNanos) / 1e9;
    double cpu = Math.max(0, processCpuNanos() - startCpuNanos) / 1e9;
    return new ResourceUsage(wall, cpu, 0, peakHeap.get() / GB * wall, 0, 0);
  }

  private void sample() {
    long used = heapUsed();
    peakHeap.accumulateAndGet(used, Math::max);
  }

  private static synchronized void ensureSampler() {
    if (sampler == null) {
      sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mmlake-resource-meter");
        t.setDaemon(true);
        return t;
      });
      sampler.scheduleWithFixedDelay(() -> OPEN.forEach(ResourceMeter::sample), 50, 50,
          TimeUnit.MILLISECONDS);
    }
  }

  private static long heapUsed() {
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  private static long processCpuNanos() {
    long t = OS == null ? -1 : OS.getProcessCpuTime();
    return t < 0 ? 0 : t;
  }

  private static OperatingSystemMXBean osBean() {
    try {
      return ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    } catch (IllegalArgumentException e) {
      return null; // a JVM without the com.sun.management extension: CPU time reads as 0
    }
  }
}
