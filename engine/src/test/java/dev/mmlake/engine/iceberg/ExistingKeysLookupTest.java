package dev.mmlake.engine.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import java.nio.file.Path;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Insert-if-absent looks up only the incoming keys, not every key of the table. */
class ExistingKeysLookupTest {
  @TempDir Path dir;

  @Test
  void aSmallInsertIntoAManyFileTableReadsAFewKeys() throws Exception {
    try (Engine engine = Engine.open(LakehouseConfig.embedded(dir.resolve("lh")));
         Session session = engine.newSession("test")) {
      // 10 files, each with one key range (min/max prune): k00000..k04999
      for (int f = 0; f < 10; f++) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 500; i++) {
          values.append(i == 0 ? "" : ", ").append(row(String.format("k%05d", f * 500 + i)));
        }
        session.execute("INSERT INTO lake.items (id, source, source_id, modality) VALUES "
            + values).close();
      }
      assertThat(count(session, "SELECT COUNT(*) FROM lake.items")).isEqualTo(5000);
      long before = ExistingKeys.KEYS_READ.get();
      StatementResult r = session.execute("INSERT INTO lake.items (id, source, source_id, modality)"
          + " VALUES " + row("k01234") + ", " + row("new-1") + ", " + row("new-1") + ", "
          + row("new-2"));
      r.close();
      assertThat(r.rowsSkipped()).as("one existing, one repeated in the statement").isEqualTo(2);
      assertThat(ExistingKeys.KEYS_READ.get() - before).as("keys read").isLessThanOrEqualTo(1);
      assertThat(count(session, "SELECT COUNT(*) FROM lake.items")).isEqualTo(5002);
      assertThat(count(session, "SELECT COUNT(DISTINCT id) FROM lake.items")).isEqualTo(5002);

      // a batch bigger than one look-up scan, half of it present
      session.execute("CREATE TABLE lake.staging (id VARCHAR)").close();
      for (int part = 0; part < 6; part++) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 400; i++) {
          values.append(i == 0 ? "" : ", ")
              .append(String.format("('k%05d')", 3800 + part * 400 + i));
        }
        session.execute("INSERT INTO lake.staging VALUES " + values).close();
      }
      StatementResult big = session.execute("INSERT INTO lake.items (id, source, source_id, "
          + "modality) SELECT id, 's', id, 'text' FROM lake.staging");
      big.close();
      assertThat(big.rowsSkipped()).isEqualTo(1200);
      assertThat(count(session, "SELECT COUNT(DISTINCT id) FROM lake.items")).isEqualTo(6202);
      assertThat(count(session, "SELECT COUNT(*) FROM lake.items")).isEqualTo(6202);
    }
  }

  private static String row(String id) {
    return "('" + id + "', 's', '" + id + "', 'text')";
  }

  private static long count(Session session, String sql) throws Exception {
    try (StatementResult r = session.execute(sql)) {
      ResultSet rs = r.resultSet();
      rs.next();
      return rs.getLong(1);
    }
  }
}
