package dev.mmlake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.connectors.ConnectorSpec;
import dev.mmlake.connectors.Connectors;
import dev.mmlake.connectors.IngestContext;
import dev.mmlake.connectors.ItemRow;
import dev.mmlake.connectors.SourceConnector;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each registered connector is a SQL table function derived from its spec. */
class ConnectorSqlTest extends EngineTestBase {

  @Test
  void callsAreCheckedAgainstTheSpec() {
    assertThatThrownBy(() -> exec("SELECT * FROM TABLE(read_coco('/only-one'))"))
        .hasMessageContaining("No match found for function signature read_coco(<CHARACTER>)");
    assertThatThrownBy(() -> exec("SELECT * FROM TABLE(read_coco('', '/x'))"))
        .isInstanceOf(SqlStatementException.class)
        .hasMessageContaining("read_coco takes 2 path argument(s): "
            + "read_coco(captions_json, images_dir)");
    assertThatThrownBy(() -> exec("SELECT * FROM TABLE(read_fineweb(CAST(NULL AS VARCHAR)))"))
        .hasMessageContaining("read_fineweb takes 1 path argument(s): read_fineweb(path)");
    assertThatThrownBy(() -> exec("SELECT * FROM TABLE(read_fineweb('/does/not/exist'))"))
        .hasMessageContaining("FineWeb path /does/not/exist does not exist");
    assertThatThrownBy(() -> exec("SELECT * FROM TABLE(read_coco(images_dir => '/i', "
        + "captions_json => '/a.json'))"))
        .hasMessageContaining("COCO captions file /a.json does not exist");
  }

  @Test
  void aRegisteredConnectorNeedsNoEngineCode() {
    Connectors.register(TwoRows.SPEC);
    try (Session fresh = engine.newSession("test")) {
      try (StatementResult r = fresh.execute("SELECT source_id, text, connector, "
          + "connector_version FROM TABLE(read_two_rows('/tmp/a', '/tmp/b')) ORDER BY 1")) {
        assertThat(drain(r.resultSet())).containsExactly(
            List.of("/tmp/a", "row a", "read_two_rows", "0.1"),
            List.of("/tmp/b", "row b", "read_two_rows", "0.1"));
      }
    }
  }

  /** A connector that emits one text row per path argument. */
  private record TwoRows(Path a, Path b) implements SourceConnector {
    static final ConnectorSpec SPEC = new ConnectorSpec("read_two_rows", "two_rows", "0.1",
        List.of("a", "b"), p -> new TwoRows(p.get(0), p.get(1)));

    @Override
    public void read(IngestContext ctx, Consumer<ItemRow> out) {
      for (Path p : List.of(a, b)) {
        String name = p.getFileName().toString();
        out.accept(new ItemRow(ItemRow.idOf(SPEC.source(), p.toString()), SPEC.source(),
            p.toString(), "text", null, null, "text/plain", 0L, "row " + name, null,
            SPEC.sqlName(), SPEC.version(), Instant.EPOCH, "{}", null, p.toString(), null));
      }
    }
  }
}
