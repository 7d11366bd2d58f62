package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.bench.ConcurrencyCheck;
import dev.mmlake.bench.ConcurrentWriter;
import dev.mmlake.bench.WriterProcesses;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.samples.SampleCorpus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: three separate JVMs ({@link ConcurrentWriter}) on one SQLite lakehouse, released at
 * once, each ingesting the same COCO sample source and running single-row INSERTs. Every statement
 * succeeds or is refused as busy after its retries, no run row is lost and no id is duplicated
 * ({@link ConcurrencyCheck}).
 */
class MultiProcessWriteTest {
  @TempDir Path dir;

  @Test
  void threeProcessesIngestingAndInsertingIntoOneLakehouse() throws Exception {
    Path samples = dir.resolve("samples");
    SampleCorpus.generate(samples);
    Path home = dir.resolve("lakehouse");
    try (Engine engine = Engine.open(LakehouseConfig.embedded(home));
         Session s = engine.newSession("setup")) {
      s.execute("CREATE TABLE " + ConcurrentWriter.ROWS_TABLE
          + " (id VARCHAR, writer VARCHAR, n INTEGER)").close();
    }

    WriterProcesses.Result result = WriterProcesses.run(home, 3, 4, samples,
        Duration.ofSeconds(150));

    assertThat(result.statements()).hasSize(3 * 5);
    assertThat(ConcurrencyCheck.violations(home, result)).isEmpty();
    assertThat(result.statements()).filteredOn(st -> st.kind().equals("ingest")
        && st.status().equals("ok")).isNotEmpty();
  }
}
