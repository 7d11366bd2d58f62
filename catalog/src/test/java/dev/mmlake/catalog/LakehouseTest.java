package dev.mmlake.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.testing.CommitFaults;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakehouseTest {
  @TempDir Path dir;

  @Test
  void initCreatesCoreTablesAndIsIdempotent() {
    try (Lakehouse lh = Lakehouse.open(LakehouseConfig.embedded(dir))) {
      assertThat(lh.init()).isEqualTo(LakeTables.all().size());
      assertThat(lh.init()).isZero();
      assertThat(lh.catalog().tableExists(LakeTables.ITEMS)).isTrue();
      assertThat(lh.catalog().tableExists(LakeTables.RUNS)).isTrue();
    }
    // a second process sees the same tables
    try (Lakehouse lh = Lakehouse.open(LakehouseConfig.embedded(dir))) {
      assertThat(lh.init()).isZero();
    }
  }

  @Test
  void initMarksItemsInsertIfAbsentAndMigratesOlderLakehouses() {
    try (Lakehouse lh = Lakehouse.open(LakehouseConfig.embedded(dir))) {
      lh.init();
      assertThat(lh.table(LakeTables.ITEMS).properties())
          .containsEntry(LakeTables.SKIP_EXISTING_IDS, "true");
      assertThat(lh.table(LakeTables.EMBEDDINGS).properties())
          .doesNotContainKey(LakeTables.SKIP_EXISTING_IDS);
      // a lakehouse made by an older mmlake: no property, obs.runs without the newer columns
      lh.table(LakeTables.ITEMS).updateProperties().remove(LakeTables.SKIP_EXISTING_IDS).commit();
      lh.table(LakeTables.RUNS).updateSchema().deleteColumn("rows_skipped")
          .deleteColumn("side_writes").commit();
    }
    try (Lakehouse lh = Lakehouse.open(LakehouseConfig.embedded(dir))) {
      assertThat(lh.init()).isZero();
      assertThat(lh.table(LakeTables.ITEMS).properties())
          .containsEntry(LakeTables.SKIP_EXISTING_IDS, "true");
      assertThat(lh.table(LakeTables.RUNS).schema().findField("rows_skipped")).isNotNull();
      assertThat(lh.table(LakeTables.RUNS).schema().findField("side_writes")).isNotNull();
      // an explicit choice is kept
      lh.table(LakeTables.ITEMS).updateProperties().set(LakeTables.SKIP_EXISTING_IDS, "false")
          .commit();
      lh.init();
      assertThat(lh.table(LakeTables.ITEMS).properties())
          .containsEntry(LakeTables.SKIP_EXISTING_IDS, "false");
    }
  }

  @Test
  void configResolvesEnvOverFileAndFlagsOverEnv() {
    LakehouseConfig c = LakehouseConfig.resolve(null,
        Map.of("MMLAKE_HOME", dir.toString(), "MMLAKE_CATALOG_WAREHOUSE", "/from/env"),
        Map.of(LakehouseConfig.CATALOG_URI, "jdbc:postgresql://db/lake"));
    assertThat(c.home()).isEqualTo(dir);
    assertThat(c.warehouse()).isEqualTo("/from/env");
    assertThat(c.catalogUri()).isEqualTo("jdbc:postgresql://db/lake");
    assertThat(c.isEmbedded()).isFalse();
    assertThat(LakehouseConfig.embedded(dir).catalogUri()).startsWith("jdbc:sqlite:");
  }

  @Test
  void failedCommitLeavesTableAtLastGoodSnapshot() throws Exception {
    CommitFaults faults = new CommitFaults();
    try (Lakehouse lh = Lakehouse.open(LakehouseConfig.embedded(dir), faults)) {
      lh.init();
      Table t = lh.table("obs.metrics");
      try (TableAppender a = lh.appender(t)) {
        a.add(metric(a, "m", 1.0));
        a.commit();
      }
      long good = lh.table("obs.metrics").currentSnapshot().snapshotId();
      CommitFaults.disableRetries(lh.table("obs.metrics"));
      faults.failBeforeCommit("obs.metrics", 1);
      try (TableAppender a = lh.appender(lh.table("obs.metrics"))) {
        a.add(metric(a, "m", 2.0));
        assertThatThrownBy(a::commit).isInstanceOf(CommitFailedException.class);
      }
      Table after = lh.table("obs.metrics");
      assertThat(after.currentSnapshot().snapshotId()).isEqualTo(good);
      try (CloseableIterable<Record> rows = IcebergGenerics.read(after).build()) {
        assertThat(rows).extracting(r -> r.getField("value")).containsExactly(1.0);
      }
    }
  }

  private static GenericRecord metric(TableAppender a, String name, double v) {
    GenericRecord r = a.newRecord();
    r.setField("metric", name);
    r.setField("value", v);
    return r;
  }
}
