package dev.mmlake.catalog;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.data.GenericRecord;

/**
 * Collects {@link FailureEvent}s during one statement and commits them to {@code obs.failures}
 * as one snapshot. Thread-safe.
 */
public final class FailureLog {
  private final List<FailureEvent> events = new ArrayList<>();

  public synchronized void record(FailureEvent event) {
    events.add(event);
  }

  /** Replaces the collected events (e.g. with their items filled in). */
  public synchronized void replaceAll(List<FailureEvent> replacement) {
    events.clear();
    events.addAll(replacement);
  }

  public synchronized int size() {
    return events.size();
  }

  public synchronized List<FailureEvent> events() {
    return List.copyOf(events);
  }

  /**
   * Appends the collected events to {@code obs.failures} under {@code runId} and clears them.
   *
   * @return the snapshot id, or -1 when there was nothing to write
   */
  public synchronized long flush(Lakehouse lakehouse, String runId) {
    if (events.isEmpty()) {
      return -1;
    }
    try (TableAppender a = lakehouse.appender(lakehouse.table(LakeTables.FAILURES))) {
      for (FailureEvent e : events) {
        GenericRecord r = a.newRecord();
        r.setField("failure_id", UUID.randomUUID().toString());
        r.setField("run_id", runId);
        r.setField("occurred_at", e.occurredAt().atOffset(ZoneOffset.UTC));
        r.setField("stage", e.stage());
        r.setField("source", e.source());
        r.setField("modality", e.modality());
        r.setField("item_id", e.itemId());
        r.setField("item_ref", e.itemRef());
        r.setField("error_type", e.errorType());
        r.setField("message", e.message());
        r.setField("retryable", e.retryable());
        a.add(r);
      }
      long snapshot = a.commit();
      events.clear();
      return snapshot;
    }
  }
}
