package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.embed.EmbedTextFunction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.junit.jupiter.api.Test;

/**
 * mmlake's planner setup belongs to mmlake's connections: a plain Calcite connection opened in the
 * same JVM after an mmlake session plans with Calcite's defaults only.
 */
class PlannerIsolationTest extends EngineTestBase {

  @Test
  void plainCalciteConnectionCarriesNoMmlakeRules() throws Exception {
    exec("CREATE TABLE lake.texts (id BIGINT, body VARCHAR)");
    String mmlakePlan = rows("EXPLAIN PLAN FOR SELECT EMBED_TEXT(body) FROM lake.texts")
        .toString();
    assertThat(mmlakePlan).contains("EnumerableBatchCall(function=[EMBED_TEXT]");

    Properties info = new Properties();
    info.setProperty("lex", "JAVA");
    try (Connection c = DriverManager.getConnection("jdbc:calcite:", info)) {
      SchemaPlus root = c.unwrap(CalciteConnection.class).getRootSchema();
      root.add("EMBED_TEXT", ScalarFunctionImpl.create(EmbedTextFunction.class, "eval"));
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("EXPLAIN PLAN FOR SELECT EMBED_TEXT(x) FROM "
               + "(VALUES ('a'), ('b')) AS t(x)")) {
        rs.next();
        String plainPlan = rs.getString(1);
        assertThat(plainPlan).contains("EMBED_TEXT").doesNotContain("BatchCall");
      }
    }
  }
}
