package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.catalog.testing.TinyCoco;
import dev.mmlake.connectors.DataRoots;
import dev.mmlake.engine.access.SessionAccess;
import dev.mmlake.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connectors read only below the session's data roots, links followed. */
class DataRootsSqlTest extends EngineTestBase {
  private Path data;
  private Path outside;

  @BeforeEach
  void sources() throws Exception {
    data = Files.createDirectories(dir.resolve("data"));
    outside = TinyCoco.write(dir.resolve("outside"), 2);
    TinyCoco.write(data.resolve("coco"), 2);
    session.access(SessionAccess.readWrite(DataRoots.only(List.of(data))));
  }

  private String ingest(Path source) {
    return "INSERT INTO lake.items SELECT * FROM TABLE(read_coco('"
        + source.resolve("captions.json") + "', '" + source.resolve("images") + "'))";
  }

  @Test
  void aSourceBelowARootIsRead() {
    assertThat(exec(ingest(data.resolve("coco"))).updateCount()).isEqualTo(2L);
  }

  @Test
  void aSourceOutsideTheRootsIsRefused() {
    denied(ingest(outside), outside.resolve("captions.json").toString());
    denied(ingest(data.resolve("coco/../../outside")), "outside");
    assertThat(scalar("SELECT COUNT(*) FROM lake.items")).isEqualTo(0L);
  }

  @Test
  void aLinkOutOfTheRootIsRefused() throws Exception {
    Path link = Files.createSymbolicLink(data.resolve("escape"), outside);
    denied(ingest(link), "a link to " + outside.toRealPath());
  }

  @Test
  void aLinkedFileInsideASourceIsRefused() throws Exception {
    Path images = data.resolve("coco/images");
    Files.delete(images.resolve("2.jpg"));
    Files.createSymbolicLink(images.resolve("2.jpg"), outside.resolve("images/2.jpg"));
    denied(ingest(data.resolve("coco")), "2.jpg");
    assertThat(scalar("SELECT COUNT(*) FROM lake.items")).isEqualTo(0L);
  }

  @Test
  void theConfigKeyRestrictsTheCommandLine() throws Exception {
    LakehouseConfig config = LakehouseConfig.embedded(dir.resolve("lake2"))
        .with(DataRoots.CONFIG_KEY, data.toString());
    try (Engine restricted = Engine.open(config); Session s = restricted.newSession("cli")) {
      assertThat(s.access().dataRoots().roots()).containsExactly(data.toRealPath());
      assertThatThrownBy(() -> s.execute(ingest(outside)).close())
          .isInstanceOf(SqlStatementException.class).hasMessageContaining("--data-root");
    }
    try (Session local = engine.newSession("local")) {
      assertThat(local.access().dataRoots().restricted()).isFalse();
    }
  }

  private void denied(String sql, String named) {
    assertThatThrownBy(() -> exec(sql)).isInstanceOf(SqlStatementException.class)
        .hasMessageContaining("Permission denied: read_coco cannot read")
        .hasMessageContaining(named)
        .hasMessageContaining("--data-root")
        .satisfies(e -> assertThat(((SqlStatementException) e).code())
            .isEqualTo(ErrorCode.PERMISSION_DENIED));
  }
}
