package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.functions.FunctionCatalog;
import dev.mmlake.functions.SqlReturns;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RowResultTest extends EngineTestBase {
  public static final class Verdict {
    @SqlReturns("ROW(status VARCHAR, score DOUBLE)")
    public Object[] eval(String s) {
      return new Object[] {s.length() > 3 ? "pass" : "fail", s.length() / 10.0};
    }
  }

  @BeforeAll
  static void register() {
    FunctionCatalog.register("TEST_VERDICT", Verdict.class);
  }

  @Test
  void structResultFieldsAreAddressable() {
    exec("CREATE TABLE lake.w (s VARCHAR)");
    exec("INSERT INTO lake.w VALUES ('ab'), ('abcdef')");
    assertThat(rows("SELECT s, (TEST_VERDICT(s)).status, (TEST_VERDICT(s)).score FROM lake.w ORDER BY s"))
        .containsExactly(List.of("ab", "fail", 0.2), List.of("abcdef", "pass", 0.6));
    assertThat(rows("SELECT t.q.status FROM (SELECT TEST_VERDICT(s) AS q FROM lake.w) t "
        + "ORDER BY 1")).containsExactly(List.of("fail"), List.of("pass"));
  }
}
