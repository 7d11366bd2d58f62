package dev.mmlake.engine.shards;

import dev.mmlake.cas.ContentRef;
import dev.mmlake.cas.ContentStore;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import dev.mmlake.versions.Recipe;
import dev.mmlake.versions.RecipeRunner;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A dataset version {@value #NAME} of generated image items with random blobs, for shard tests. */
final class GeneratedVersion {
  static final String NAME = "gen@v001";

  private GeneratedVersion() {
  }

  /** Stores {@code items} random blobs of {@code bytes} bytes, inserts the items, tags the version. */
  static List<ContentRef> create(Session session, int items, int bytes) {
    ContentStore cas = session.lakehouse().cas();
    Random random = new Random(items * 31L + bytes);
    List<ContentRef> refs = new ArrayList<>();
    StringBuilder sql = new StringBuilder("INSERT INTO lake.items (id, source, source_id, "
        + "modality, content_hash, content_uri, mime, size_bytes, text, license) VALUES ");
    for (int i = 0; i < items; i++) {
      byte[] b = new byte[bytes];
      random.nextBytes(b);
      ContentRef ref = cas.put(b);
      refs.add(ref);
      sql.append(i == 0 ? "" : ", ").append(String.format("('gen-%05d', 'gen', '%d', 'image', "
          + "'%s', '%s', 'image/jpeg', %d, 'generated image %d', 'cc0-1.0')", i, i, ref.hash(),
          ref.uri(), b.length, i));
    }
    session.execute(sql.toString()).close();
    new RecipeRunner(session).run(Recipe.parse("-- dataset: gen\n-- version: v001\n"
        + "-- parent: none\n-- description: generated items for shard tests\n"
        + "SELECT * FROM lake.items", null));
    return refs;
  }

  /** WRITE_SHARDS of the version into {@code folder}, rows by shard name. */
  static String writeShards(String folder, String options) {
    return "SELECT * FROM TABLE(WRITE_SHARDS(CURSOR(SELECT * FROM datasets.\"" + NAME + "\"), '"
        + folder.replace("'", "''") + "', '" + options + "')) ORDER BY shard";
  }

  /** The values of column {@code column} of every row of {@code sql}. */
  static List<Object> column(Session session, String sql, String column) {
    try (StatementResult r = session.execute(sql)) {
      ResultSet rs = r.resultSet();
      List<Object> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getObject(column));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
