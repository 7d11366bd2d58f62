package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.cas.ContentRef;
import dev.mmlake.cas.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class CasFunctionsTest extends EngineTestBase {

  @Test
  void contentHashCasGetAndCasSizeFromSql() throws Exception {
    byte[] bytes = "blob body".getBytes(StandardCharsets.UTF_8);
    ContentRef ref = engine.lakehouse().cas().put(bytes);
    List<Object> row = rows("SELECT CONTENT_HASH('blob body'), CAS_SIZE('" + ref.uri() + "'), "
        + "CAS_GET('" + ref.uri() + "'), CONTENT_HASH(CAS_GET('" + ref.uri() + "'))").get(0);
    assertThat(row.get(0)).isEqualTo(Sha256.hex(bytes));
    assertThat(row.get(1)).isEqualTo((long) bytes.length);
    assertThat((byte[]) row.get(2)).isEqualTo(bytes);
    assertThat(row.get(3)).isEqualTo(ref.hash());

    assertThatThrownBy(() -> rows("SELECT CAS_GET('cas://sha256/../../etc/passwd')"))
        .isInstanceOf(SqlStatementException.class).hasMessageContaining("Invalid content key");
    Files.write(engine.lakehouse().cas().pathOf(ref.hash()), "tampered".getBytes());
    assertThatThrownBy(() -> rows("SELECT CAS_GET('" + ref.uri() + "')"))
        .isInstanceOf(SqlStatementException.class).hasMessageContaining("Corrupt blob");
  }
}
