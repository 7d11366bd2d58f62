package dev.mmlake.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** catalog.warehouse through each layer: flag > env > file > default, and unknown keys. */
class SettingsPrecedenceTest {
  @TempDir Path home;

  private Map<String, String> flags;

  @BeforeEach
  void setUp() {
    flags = Map.of(LakehouseConfig.HOME, home.toString());
  }

  private void writeFile(String text) throws Exception {
    Files.writeString(home.resolve("mmlake.properties"), text);
  }

  @Test
  void defaultWhenNothingIsSet() {
    LakehouseConfig c = LakehouseConfig.resolve(null, Map.of(), flags);
    assertThat(c.warehouse()).isEqualTo(home.resolve("warehouse").toString());
    assertThat(c.source(LakehouseConfig.WAREHOUSE)).isEqualTo(LakehouseConfig.DEFAULT);
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void fileBeatsDefault() throws Exception {
    writeFile("catalog.warehouse=/from/file\n");
    LakehouseConfig c = LakehouseConfig.resolve(null, Map.of(), flags);
    assertThat(c.warehouse()).isEqualTo("/from/file");
    assertThat(c.source(LakehouseConfig.WAREHOUSE))
        .isEqualTo("file " + home.resolve("mmlake.properties"));
  }

  @Test
  void environmentBeatsFile() throws Exception {
    writeFile("catalog.warehouse=/from/file\n");
    LakehouseConfig c = LakehouseConfig.resolve(null,
        Map.of("MMLAKE_CATALOG_WAREHOUSE", "/from/env"), flags);
    assertThat(c.warehouse()).isEqualTo("/from/env");
    assertThat(c.source(LakehouseConfig.WAREHOUSE)).isEqualTo("env MMLAKE_CATALOG_WAREHOUSE");
  }

  @Test
  void flagBeatsEnvironment() throws Exception {
    writeFile("catalog.warehouse=/from/file\n");
    LakehouseConfig c = LakehouseConfig.resolve(null,
        Map.of("MMLAKE_CATALOG_WAREHOUSE", "/from/env"),
        Map.of(LakehouseConfig.HOME, home.toString(), LakehouseConfig.WAREHOUSE, "/from/flag"));
    assertThat(c.warehouse()).isEqualTo("/from/flag");
    assertThat(c.source(LakehouseConfig.WAREHOUSE)).isEqualTo(LakehouseConfig.FLAG);
  }

  @Test
  void unknownKeysWarnWithTheClosestKnownOne() throws Exception {
    writeFile("embed.batchsize=8\ncatalog.jdbc.socketTimeout=5\n");
    LakehouseConfig c = LakehouseConfig.resolve(null,
        Map.of("MMLAKE_EMBED_DEVIC", "gpu", "MMLAKE_JAVA_OPTS", "-Xmx1g"), flags);
    assertThat(c.warnings()).containsExactlyInAnyOrder(
        "Unknown setting embed.batchsize in " + home.resolve("mmlake.properties")
            + " (did you mean embed.batch-size?)",
        "Unknown setting MMLAKE_EMBED_DEVIC in the environment (did you mean "
            + "MMLAKE_EMBED_DEVICE?); it is ignored");
  }

  @Test
  void everySettingIsDocumented() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("^\\| `([a-z][a-z0-9_.-]+)` \\|", Pattern.MULTILINE).matcher(doc);
    while (m.find()) {
      documented.add(m.group(1));
    }
    Set<String> known = new TreeSet<>();
    Settings.all().forEach(s -> known.add(s.key()));
    assertThat(documented).isEqualTo(known);
  }
}
