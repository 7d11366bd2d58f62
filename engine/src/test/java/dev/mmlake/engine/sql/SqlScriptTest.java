package dev.mmlake.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
  @Test
  void splitsOnSemicolonsOutsideQuotesAndCommentsKeepingStartLines() {
    String script = "-- header\n"
        + "SELECT 'a;b' AS x;\n"
        + "\n"
        + "/* block; comment */\n"
        + "INSERT INTO \"t;1\" VALUES (1);\n"
        + "-- only a comment;\n";
    List<SqlScript.Statement> st = SqlScript.split(script);
    assertThat(st).as("a comment-only tail is no statement").hasSize(2);
    assertThat(st.get(0).sql()).isEqualTo("-- header\nSELECT 'a;b' AS x");
    assertThat(st.get(0).line()).isEqualTo(1);
    assertThat(st.get(1).sql()).startsWith("/* block; comment */").endsWith("VALUES (1)");
    assertThat(st.get(1).line()).isEqualTo(4);
  }
}
