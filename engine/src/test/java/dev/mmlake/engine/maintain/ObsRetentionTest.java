package dev.mmlake.engine.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.dedup.MetricsWriter;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.QueryRows;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.SqlStatementException;
import dev.mmlake.metric.Metric;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code EXPIRE_OBS} deletes obs rows older than the cut-off (whole files dropped, straddling
 * files rewritten), keeps newer rows and rows without a time, and defaults to
 * {@code obs.retention}.
 */
class ObsRetentionTest {
  @TempDir Path dir;
  private Engine engine;
  private Session session;
  private final Instant now = Instant.now();
  private final Instant old = now.minus(Duration.ofDays(10));

  @AfterEach
  void close() {
    if (session != null) {
      session.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  private void open(String retention) {
    LakehouseConfig config = LakehouseConfig.embedded(dir.resolve("lh"));
    engine = Engine.open(retention == null ? config : config.with(ObsRetention.RETENTION,
        retention));
    session = engine.newSession("test");
  }

  /**
   * Seeds obs tables with run "seed": metrics in three files (all old: 3 rows; old and new and
   * without a time: 2 + 1 + 1 rows; all new: 2 rows), two old lineage events and one new, and
   * one old failure.
   */
  private void seed() {
    Lakehouse lh = engine.lakehouse();
    MetricsWriter.append(lh, "seed", old, List.of(metric("a"), metric("b"), metric("c")));
    try (TableAppender a = lh.appender(lh.table(LakeTables.METRICS))) {
      a.add(MetricsWriter.record(a, "seed", old, metric("d")));
      a.add(MetricsWriter.record(a, "seed", old, metric("e")));
      a.add(MetricsWriter.record(a, "seed", now, metric("f")));
      GenericRecord untimed = MetricsWriter.record(a, "seed", now, metric("g"));
      untimed.setField("recorded_at", null);
      a.add(untimed);
      a.commit();
    }
    MetricsWriter.append(lh, "seed", now, List.of(metric("h"), metric("i")));
    try (TableAppender a = lh.appender(lh.table(LakeTables.LINEAGE_EVENTS))) {
      a.add(event(a, "START", old));
      a.add(event(a, "COMPLETE", old));
      a.commit();
    }
    try (TableAppender a = lh.appender(lh.table(LakeTables.LINEAGE_EVENTS))) {
      a.add(event(a, "START", now));
      a.commit();
    }
    try (TableAppender a = lh.appender(lh.table(LakeTables.FAILURES))) {
      GenericRecord f = a.newRecord();
      f.setField("failure_id", "f1");
      f.setField("run_id", "seed");
      f.setField("occurred_at", old.atOffset(ZoneOffset.UTC));
      a.add(f);
      a.commit();
    }
  }

  private static Metric metric(String name) {
    return new Metric("test", name, 1.0, null);
  }

  private static GenericRecord event(TableAppender a, String type, Instant time) {
    GenericRecord g = a.newRecord();
    g.setField("run_id", "seed");
    g.setField("event_type", type);
    g.setField("event_time", time.atOffset(ZoneOffset.UTC));
    return g;
  }

  private List<List<Object>> rows(String sql) {
    return QueryRows.of(session, sql);
  }

  private Map<String, Long> counts(String sql, String target) {
    Map<String, Long> out = new HashMap<>();
    for (List<Object> r : rows(sql)) {
      if (r.get(0).equals(target)) {
        out.put((String) r.get(1), ((Number) r.get(2)).longValue());
      }
    }
    return out;
  }

  private List<List<Object>> seededMetrics() {
    return rows("SELECT metric FROM obs.metrics WHERE run_id = 'seed' ORDER BY metric");
  }

  @Test
  void deletesOldRowsByWholeFileOrRewriteAndKeepsTheRest() {
    open(null);
    seed();

    Map<String, Long> dry = counts("CALL EXPIRE_OBS('7d', TRUE)", "obs.metrics");
    assertThat(dry).containsEntry(MaintainReport.OBS_ROWS_DELETED, 5L)
        .containsEntry(MaintainReport.OBS_FILES_DELETED, 1L)
        .containsEntry(MaintainReport.OBS_FILES_REWRITTEN, 1L);
    assertThat(seededMetrics()).hasSize(9); // a dry run changes nothing

    List<List<Object>> result = rows("CALL EXPIRE_OBS(older_than => '7d')");
    assertThat(result).contains(
        Arrays.asList("obs.metrics", MaintainReport.OBS_ROWS_DELETED, 5L, null),
        Arrays.asList("obs.metrics", MaintainReport.OBS_FILES_DELETED, 1L, null),
        Arrays.asList("obs.metrics", MaintainReport.OBS_FILES_REWRITTEN, 1L, null),
        Arrays.asList("obs.lineage_events", MaintainReport.OBS_ROWS_DELETED, 2L, null),
        Arrays.asList("obs.lineage_events", MaintainReport.OBS_FILES_DELETED, 1L, null),
        Arrays.asList("obs.failures", MaintainReport.OBS_ROWS_DELETED, 1L, null));
    assertThat(seededMetrics()).containsExactly(List.of("f"), List.of("g"), List.of("h"),
        List.of("i"));
    assertThat(rows("SELECT event_type FROM obs.lineage_events WHERE run_id = 'seed'"))
        .containsExactly(List.of("START"));
    assertThat(rows("SELECT COUNT(*) FROM obs.failures WHERE run_id = 'seed'"))
        .containsExactly(List.of(0L));
    // the counts are recorded like every maintenance procedure's
    assertThat(rows("SELECT \"value\" FROM obs.metrics WHERE stage = 'maintain' AND metric = '"
        + MaintainReport.OBS_ROWS_DELETED + "' AND labels = '{\"table\":\"obs.metrics\"}'"))
        .containsExactly(List.of(5.0));

    Map<String, Long> again = counts("CALL EXPIRE_OBS('7d')", "obs.metrics");
    assertThat(again.getOrDefault(MaintainReport.OBS_ROWS_DELETED, 0L)).isZero();
  }

  @Test
  void theSettingIsTheDefaultCutOff() {
    open("7d");
    seed();

    assertThat(counts("CALL EXPIRE_OBS()", "obs.metrics"))
        .containsEntry(MaintainReport.OBS_ROWS_DELETED, 5L);
    assertThat(seededMetrics()).hasSize(4);
  }

  @Test
  void theMaintainPassAppliesTheSetting() {
    open("7d");
    seed();
    MaintainOptions d = MaintainOptions.defaults(engine.lakehouse().config());
    MaintainOptions obsOnly = new MaintainOptions(d.snapshotRetention(), d.retainLast(),
        d.orphanGrace(), d.blobGrace(), d.runsRetention(), null, List.of(),
        List.of(MaintainOptions.Step.OBS), false);

    MaintainReport report = new Maintenance(engine, line -> { }).run(obsOnly);

    assertThat(report.total(MaintainReport.OBS_ROWS_DELETED)).isEqualTo(8L);
    assertThat(seededMetrics()).hasSize(4);
  }

  @Test
  void withoutSettingOrArgumentNothingIsDeleted() {
    open(null);
    seed();

    assertThat(rows("CALL EXPIRE_OBS()")).containsExactly(Arrays.asList("", "note", null,
        "obs rows are kept: obs.retention is not set and no older_than was given"));
    assertThat(seededMetrics()).hasSize(9);
    assertThatThrownBy(() -> rows("CALL EXPIRE_OBS('soon')"))
        .isInstanceOf(SqlStatementException.class)
        .hasMessageContaining("EXPIRE_OBS older_than");
  }
}
