package dev.mmlake.engine;

import dev.mmlake.engine.obs.SpillFiles;
import dev.mmlake.engine.sql.StatementKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run-log rows that could not be committed, kept in {@link SpillFiles} under the lakehouse home
 * ({@code <home>/spill/runs}) until a later flush of this or another process commits them; this
 * class is their JSON form. Rows that may already be committed are committed insert-if-absent on
 * {@code run_id}.
 */
final class RunSpill implements SpillFiles.Codec<RunRecord> {
  private static final RunSpill CODEC = new RunSpill();

  private RunSpill() {
  }

  /** The spill files of run rows in {@code dir}. */
  static SpillFiles<RunRecord> files(Path dir) {
    return new SpillFiles<>(dir, "runs", CODEC);
  }

  @Override
  public Map<String, Object> toMap(RunRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", r.runId());
    m.put("statement_digest", r.statementDigest());
    m.put("statement_kind", r.kind().name());
    m.put("statement_text", r.text());
    m.put("user_name", r.user());
    m.put("started_at", r.startedAt().toString());
    m.put("ended_at", r.endedAt().toString());
    m.put("rows_read", r.rowsRead());
    m.put("rows_written", r.rowsWritten());
    m.put("snapshot_ids", r.snapshotIds());
    m.put("status", r.status());
    m.put("error_message", r.errorMessage());
    m.put("failures", r.failures());
    m.put("rows_skipped", r.rowsSkipped());
    m.put("side_writes", r.sideWrites());
    return m;
  }

  @Override
  public RunRecord fromMap(Map<String, Object> m) {
    List<Long> snapshots = new ArrayList<>();
    if (m.get("snapshot_ids") instanceof List<?> l) {
      l.forEach(x -> snapshots.add(((Number) x).longValue()));
    }
    String kind = (String) m.get("statement_kind");
    return new RunRecord((String) m.get("run_id"), (String) m.get("statement_digest"),
        Arrays.stream(StatementKind.values()).anyMatch(k -> k.name().equals(kind))
            ? StatementKind.valueOf(kind) : StatementKind.OTHER,
        (String) m.get("statement_text"), (String) m.get("user_name"),
        Instant.parse((String) m.get("started_at")), Instant.parse((String) m.get("ended_at")),
        num(m, "rows_read"), num(m, "rows_written"), snapshots, (String) m.get("status"),
        (String) m.get("error_message"), num(m, "failures"), num(m, "rows_skipped"),
        (String) m.get("side_writes"));
  }

  private static long num(Map<String, Object> m, String key) {
    return m.get(key) instanceof Number n ? n.longValue() : 0;
  }
}
