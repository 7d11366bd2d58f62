package dev.mmlake.engine;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.catalog.testing.CommitFaults;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh embedded lakehouse per test, with a session on it and commit faults to arm. */
abstract class EngineTestBase {
  @TempDir Path dir;
  final CommitFaults faults = new CommitFaults();
  Engine engine;
  Session session;

  @BeforeEach
  void openEngine() {
    Lakehouse lakehouse = Lakehouse.open(LakehouseConfig.embedded(dir.resolve("lakehouse")),
        faults);
    Engine.init(lakehouse);
    engine = Engine.of(lakehouse);
    session = engine.newSession("test");
  }

  @AfterEach
  void closeEngine() {
    session.close();
    engine.close();
  }

  /** Runs a statement that returns no rows and returns its result. */
  StatementResult exec(String sql) {
    StatementResult r = session.execute(sql);
    r.close();
    return r;
  }

  /** Runs a query and returns all rows as lists of JDBC objects. */
  List<List<Object>> rows(String sql) {
    try (StatementResult r = session.execute(sql)) {
      return drain(r.resultSet());
    }
  }

  static List<List<Object>> drain(ResultSet rs) {
    return QueryRows.drain(rs);
  }

  Object scalar(String sql) {
    List<List<Object>> r = rows(sql);
    return r.get(0).get(0);
  }
}
