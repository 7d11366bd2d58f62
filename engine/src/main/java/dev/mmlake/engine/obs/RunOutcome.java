package dev.mmlake.engine.obs;

import dev.mmlake.catalog.FailureEvent;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * How a run ended, as the observability layer needs it.
 *
 * @param ok true when it succeeded
 * @param error the error message of a failed run, or null
 * @param reads tables read and the snapshot read
 * @param writes tables written (target first, then side writes)
 * @param snapshots snapshots the run committed
 * @param rowsRead rows scanned
 * @param rowsWritten rows committed to the target table
 * @param rowsSkipped rows not inserted because their id was present
 * @param failed the item failures recorded (item, modality, error type)
 * @param egressBytes bytes sent to a client, 0 when unknown
 */
public record RunOutcome(boolean ok, String error, Map<TableIdentifier, Long> reads,
    List<TableIdentifier> writes, List<Long> snapshots, long rowsRead, long rowsWritten,
    long rowsSkipped, List<FailureEvent> failed, long egressBytes) {
  public RunOutcome {
    failed = List.copyOf(failed);
    reads = Map.copyOf(reads);
    writes = List.copyOf(writes);
    snapshots = List.copyOf(snapshots);
  }

  /** Item failures recorded. */
  public long failures() {
    return failed.size();
  }
}
