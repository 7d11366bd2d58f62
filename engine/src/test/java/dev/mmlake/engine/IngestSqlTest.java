package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.testing.CommitFaults;
import dev.mmlake.demo.SampleIngest;
import dev.mmlake.samples.SampleCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ingest through SQL: INSERT INTO lake.items SELECT * FROM TABLE(read_x(...)). */
class IngestSqlTest extends EngineTestBase {

  @Test
  void ingestAllSourcesIdempotentlyWithFailuresRecorded() throws Exception {
    Path samples = dir.resolve("samples");
    SampleCorpus.generate(samples);
    List<String> inserts = SampleIngest.statements(samples);
    long total = 0;
    int failures = 0;
    for (String sql : inserts) {
      StatementResult r = exec(sql);
      total += r.updateCount();
      failures += r.failures();
    }
    assertThat(total).isGreaterThan(150);
    assertThat(failures).isGreaterThan(0);
    assertThat(scalar("SELECT COUNT(*) FROM lake.items")).isEqualTo(total);
    assertThat(rows("SELECT DISTINCT modality FROM lake.items ORDER BY modality"))
        .containsExactly(List.of("audio"), List.of("image"), List.of("text"), List.of("video"));
    assertThat(scalar("SELECT COUNT(*) FROM obs.failures")).isEqualTo((long) failures);
    // every row's blob is in the store and verifies
    for (List<Object> row : rows("SELECT content_uri, size_bytes FROM lake.items")) {
      assertThat(engine.lakehouse().cas().size((String) row.get(0))).isEqualTo(row.get(1));
    }
    // every item carries a license id that lake.licenses classifies, its source file and run
    assertThat(scalar("SELECT COUNT(*) FROM lake.items i JOIN lake.licenses l "
        + "ON i.license = l.license_id")).isEqualTo(total);
    assertThat(scalar("SELECT COUNT(*) FROM lake.items WHERE source_file IS NULL "
        + "OR run_id IS NULL OR license_terms IS NULL")).isEqualTo(0L);

    long blobs = engine.lakehouse().cas().count();
    StatementResult again = exec(inserts.get(1));
    assertThat(again.updateCount()).isZero();
    assertThat(again.message()).contains("already present");
    assertThat(scalar("SELECT COUNT(*) FROM lake.items")).isEqualTo(total);
    assertThat(engine.lakehouse().cas().count()).isEqualTo(blobs);
  }

  @Test
  void abortedIngestLeavesNoRowWithoutBlobAndRetryCompletes() throws Exception {
    Path samples = dir.resolve("samples");
    SampleCorpus.generate(samples);
    String coco = SampleIngest.statements(samples).get(1);

    // 1. the statement dies mid-stream (division by zero on the 20th item)
    String failing = coco.replace("SELECT * FROM TABLE(", "SELECT * FROM (SELECT t.*, "
        + "ROW_NUMBER() OVER () AS rn FROM TABLE(") .replace("))", ")) t) WHERE 1 / (rn - 20) <> 7");
    assertThat(failing).isNotEqualTo(coco);
    assertThatThrownBy(() -> exec("INSERT INTO lake.items SELECT id, source, source_id, modality, "
        + "content_hash, content_uri, mime, size_bytes, text, license, connector, "
        + "connector_version, ingested_at, metadata, license_terms, source_file, run_id FROM ("
        + failing.substring(
            "INSERT INTO lake.items ".length()) + ")"))
        .isInstanceOf(SqlStatementException.class);
    assertThat(scalar("SELECT COUNT(*) FROM lake.items")).isEqualTo(0L);
    assertThat(engine.lakehouse().cas().count()).as("blobs stored before the failure stay")
        .isPositive();

    // 2. the commit itself fails after every blob was written
    CommitFaults.disableRetries(engine.lakehouse().table("lake.items"));
    faults.failBeforeCommit("lake.items", 1);
    assertThatThrownBy(() -> exec(coco)).isInstanceOf(SqlStatementException.class);
    assertThat(scalar("SELECT COUNT(*) FROM lake.items")).isEqualTo(0L);

    // 3. the retry completes the load, and every committed row has its blob
    StatementResult retry = exec(coco);
    assertThat(retry.updateCount()).isPositive();
    for (List<Object> row : rows("SELECT content_uri FROM lake.items")) {
      assertThat(engine.lakehouse().cas().contains((String) row.get(0))).isTrue();
    }
    assertThat(Files.list(engine.lakehouse().cas().root().resolve("tmp")).count()).isZero();
  }
}
