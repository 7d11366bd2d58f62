package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.TableAppender;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** A million-row read streams in bounded memory. */
class FlightStreamingTest extends FlightTestBase {
  private static final int ROWS = 1_000_000;

  @Test
  void millionRowReadStreamsInBoundedMemory() throws Exception {
    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "txt", Types.StringType.get()));
    Table t = engine.lakehouse().createTable(TableIdentifier.of("lake", "big"), schema);
    String pad = "x".repeat(40);
    try (TableAppender a = engine.lakehouse().appender(t)) {
      for (long i = 0; i < ROWS; i++) {
        GenericRecord r = a.newRecord();
        r.set(0, i);
        r.set(1, pad + i);
        a.add(r);
      }
      a.commit();
    }
    long count = 0;
    long idSum = 0;
    long chars = 0;
    try (Connection c = connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT id, txt FROM lake.big")) {
      while (rs.next()) {
        count++;
        idSum += rs.getLong(1);
        chars += rs.getString(2).length();
      }
    }
    assertThat(count).isEqualTo(ROWS);
    assertThat(idSum).isEqualTo((long) ROWS * (ROWS - 1) / 2);
    long bytesSent = chars + 8L * ROWS;
    long peak = server.allocator().getPeakMemoryAllocation();
    assertThat(bytesSent).isGreaterThan(45_000_000L);
    assertThat(peak).as("Arrow memory peak on the server").isLessThan(16L << 20);
    assertThat(server.allocator().getAllocatedMemory()).isZero();
  }
}
