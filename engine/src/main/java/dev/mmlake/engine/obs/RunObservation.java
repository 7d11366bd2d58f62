package dev.mmlake.engine.obs;

import java.time.Instant;

/**
 * One observed run between its START event and its COMPLETE or FAIL event. {@link #finish} is
 * idempotent: the first call emits the final event, later calls return the same usage.
 */
public final class RunObservation {
  private final Observability obs;
  private final LineageJob job;
  private final Instant startedAt;
  private final ResourceMeter meter;
  private ResourceUsage usage;

  RunObservation(Observability obs, LineageJob job, Instant startedAt, ResourceMeter meter) {
    this.obs = obs;
    this.job = job;
    this.startedAt = startedAt;
    this.meter = meter;
  }

  public LineageJob job() {
    return job;
  }

  public Instant startedAt() {
    return startedAt;
  }

  ResourceMeter meter() {
    return meter;
  }

  /** Resources used so far (no storage or egress bytes). */
  public ResourceUsage usageSoFar() {
    return meter.peek();
  }

  /** Ends the run: emits COMPLETE (or FAIL) and queues its metrics; returns what it used. */
  public synchronized ResourceUsage finish(RunOutcome outcome) {
    if (usage == null) {
      usage = obs.finish(this, outcome);
    }
    return usage;
  }
}
