package dev.mmlake.engine.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.connectors.DataRoots;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.SqlStatementException;
import dev.mmlake.engine.access.SessionAccess;
import dev.mmlake.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WRITE_SHARDS on a session with data roots (a server's {@code --data-root}) writes only below a
 * root, after resolving {@code ..} and symbolic links; relative folders are under the lakehouse's
 * home, which is then outside the roots too unless a root covers it.
 */
class WriteShardsDataRootsTest {
  @TempDir Path dir;
  Engine engine;
  Session session;
  Path root;
  Path outside;

  @BeforeEach
  void open() throws Exception {
    engine = Engine.open(LakehouseConfig.embedded(dir.resolve("lakehouse")));
    session = engine.newSession("tester");
    GeneratedVersion.create(session, 3, 500);
    root = Files.createDirectories(dir.resolve("root"));
    outside = Files.createDirectories(dir.resolve("outside"));
    session.access(SessionAccess.readWrite(DataRoots.only(List.of(root))));
  }

  @AfterEach
  void close() {
    session.close();
    engine.close();
  }

  @Test
  void aFolderBelowARootIsWritten() throws Exception {
    List<Object> uris = GeneratedVersion.column(session,
        GeneratedVersion.writeShards(root.resolve("sets/a").toString(), "{}"), "uri");
    assertThat(uris).hasSize(1);
    assertThat(files(root.resolve("sets/a"))).containsExactly("gen-v001-000000.tar",
        "gen-v001-index.json");
  }

  @Test
  void aSymbolicLinkOutOfTheRootIsRefusedAndNothingIsWritten() throws Exception {
    Path link = Files.createSymbolicLink(root.resolve("escape"), outside);
    String target = link.resolve("sets").toString();
    assertThatThrownBy(() -> GeneratedVersion.column(session,
        GeneratedVersion.writeShards(target, "{}"), "uri"))
        .isInstanceOf(SqlStatementException.class)
        .satisfies(e -> assertThat(((SqlStatementException) e).code())
            .isEqualTo(ErrorCode.PERMISSION_DENIED))
        .hasMessageContaining(target).hasMessageContaining("symbolic link");
    assertThat(files(outside)).isEmpty();
    assertThat(GeneratedVersion.column(session, "SELECT COUNT(*) AS n FROM lake.shards", "n"))
        .containsExactly(0L);
  }

  @Test
  void dotDotOutOfTheRootAndARelativeFolderOutsideAreRefused() throws Exception {
    String dotDot = root + "/../outside/sets";
    assertThatThrownBy(() -> GeneratedVersion.column(session,
        GeneratedVersion.writeShards(dotDot, "{}"), "uri"))
        .isInstanceOf(SqlStatementException.class)
        .satisfies(e -> assertThat(((SqlStatementException) e).code())
            .isEqualTo(ErrorCode.PERMISSION_DENIED))
        .hasMessageContaining(dotDot).hasMessageContaining(root.toRealPath().toString());
    // relative: under the lakehouse's home, which is not below the root
    assertThatThrownBy(() -> GeneratedVersion.column(session,
        GeneratedVersion.writeShards("shards/gen", "{}"), "uri"))
        .isInstanceOf(SqlStatementException.class)
        .hasMessageContaining("Permission denied: WRITE_SHARDS cannot write into shards/gen");
    assertThat(files(outside)).isEmpty();
    assertThat(Files.exists(dir.resolve("lakehouse/shards"))).isFalse();
  }

  @Test
  void aRelativeFolderIsUnderTheHomeWhenARootCoversIt() throws Exception {
    session.access(SessionAccess.readWrite(DataRoots.only(List.of(dir.resolve("lakehouse")))));
    GeneratedVersion.column(session, GeneratedVersion.writeShards("shards/gen", "{}"), "uri");
    assertThat(files(dir.resolve("lakehouse/shards/gen"))).contains("gen-v001-index.json");
  }

  private static List<String> files(Path folder) throws Exception {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted()
          .toList();
    }
  }
}
