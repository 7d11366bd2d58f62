package dev.mmlake.versions;

import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.catalog.testing.CommitFaults;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.QueryRows;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh lakehouse per test with helpers to add items and write recipe files, and commit faults
 * to arm.
 */
abstract class VersionsTestBase {
  @TempDir Path dir;
  final CommitFaults faults = new CommitFaults();
  Engine engine;
  Session session;

  @BeforeEach
  void open() {
    Lakehouse lakehouse = Lakehouse.open(LakehouseConfig.embedded(dir.resolve("lakehouse")),
        faults);
    Engine.init(lakehouse);
    engine = Engine.of(lakehouse);
    session = engine.newSession("tester");
  }

  @AfterEach
  void close() {
    session.close();
    engine.close();
  }

  static String itemId(String source, String sourceId) {
    return Sha256.hex(source + ":" + sourceId);
  }

  /** Inserts items (source, source_id, modality, license, size) into lake.items. */
  static void addItems(Session s, String... specs) {
    StringBuilder sql = new StringBuilder("INSERT INTO lake.items (id, source, source_id, modality, "
        + "license, size_bytes, text) VALUES ");
    for (int i = 0; i < specs.length; i++) {
      String[] f = specs[i].split(",");
      sql.append(i == 0 ? "" : ", ").append("('").append(itemId(f[0], f[1])).append("', '")
          .append(f[0]).append("', '").append(f[1]).append("', '").append(f[2]).append("', '")
          .append(f[3]).append("', ").append(f[4]).append(", 'caption ").append(f[1]).append("')");
    }
    exec(s, sql.toString());
  }

  static void exec(Session s, String sql) {
    s.execute(sql).close();
  }

  void exec(String sql) {
    exec(session, sql);
  }

  List<List<Object>> rows(String sql) {
    try (StatementResult r = session.execute(sql)) {
      return drain(r.resultSet());
    }
  }

  Object scalar(String sql) {
    return rows(sql).get(0).get(0);
  }

  static List<List<Object>> drain(ResultSet rs) {
    return QueryRows.drain(rs);
  }

  /** Writes a recipe file under the test folder and returns its path. */
  Path recipe(String name, String text) {
    try {
      Path p = dir.resolve("recipes").resolve(name);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String header(String dataset, String version, String parent, String extra) {
    return "-- dataset: " + dataset + "\n-- version: " + version + "\n-- parent: " + parent
        + "\n-- description: test version " + version + "\n" + extra;
  }

  /** sha256 over sorted ids, each followed by a newline: the documented items digest. */
  static String digestOf(List<String> ids) {
    List<String> sorted = new ArrayList<>(ids);
    sorted.sort(null);
    StringBuilder b = new StringBuilder();
    sorted.forEach(id -> b.append(id).append('\n'));
    return Sha256.hex(b.toString());
  }

  long currentSnapshot(String table) {
    var s = engine.lakehouse().table(table).currentSnapshot();
    return s == null ? -1 : s.snapshotId();
  }
}
