package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.testing.TinyCoco;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --data-root}: connectors on the server read only below the configured folders, links
 * followed; a read-only user reads blob bytes because the content store is one of the roots.
 */
class FlightDataRootTest extends FlightTestBase {
  private Path data;
  private Path outside;

  @Override
  ServerConfig config() {
    try {
      data = Files.createDirectories(dir.resolve("data"));
      TinyCoco.write(data.resolve("coco"), 2);
      outside = TinyCoco.write(dir.resolve("outside"), 1);
      Path users = dir.resolve("users");
      UsersFile.load(users).put("alice", "s3cret!".toCharArray(), false)
          .put("reader", "look-only".toCharArray(), true).save(users);
      return ServerConfig.local(0).withUsers(users)
          .withDataRoots(List.of(data, engine.lakehouse().cas().root()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String ingest(Path source) {
    return "INSERT INTO lake.items SELECT * FROM TABLE(read_coco('"
        + source.resolve("captions.json") + "', '" + source.resolve("images") + "'))";
  }

  @Test
  void connectorsReadOnlyBelowTheRoots() throws Exception {
    Path escape = Files.createSymbolicLink(data.resolve("escape"), outside);
    try (Connection c = connect("alice", "s3cret!")) {
      denied(c, ingest(outside), outside.resolve("captions.json").toString());
      denied(c, ingest(escape), "a link to " + outside.toRealPath());
      assertThat(update(c, ingest(data.resolve("coco")))).isEqualTo(2);
    }
    try (Connection c = connect("reader", "look-only")) {
      assertThat(rows(c, "SELECT LENGTH(CAS_GET(content_uri)) > 100 FROM lake.items"))
          .containsOnly(List.of(true));
      assertThatThrownBy(() -> rows(c, "SELECT * FROM TABLE(read_coco('"
          + data.resolve("coco/captions.json") + "', '" + data.resolve("coco/images") + "'))"))
          .isInstanceOf(SQLException.class).hasMessageContaining("PERMISSION_DENIED")
          .hasMessageContaining("read_coco reads files on the server");
    }
  }

  private static void denied(Connection c, String sql, String path) {
    assertThatThrownBy(() -> update(c, sql)).isInstanceOf(SQLException.class)
        .hasMessageContaining("PERMISSION_DENIED: Permission denied: read_coco cannot read")
        .hasMessageContaining(path).hasMessageContaining("--data-root");
  }
}
