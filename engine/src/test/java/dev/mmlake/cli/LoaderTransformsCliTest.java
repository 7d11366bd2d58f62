package dev.mmlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.versions.Manifest;
import dev.mmlake.versions.Recipe;
import dev.mmlake.versions.RecipeRunner;
import dev.mmlake.versions.VersionRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mmlake loader read --transforms}: the version's live contract, reported or refused. */
class LoaderTransformsCliTest {
  @TempDir static Path dir;
  static String home;
  static String contract;

  private static CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(home);
    return CliRun.run(all.toArray(String[]::new));
  }

  @BeforeAll
  static void writeShards() {
    Path lh = dir.resolve("lh");
    try (Engine e = Engine.open(LakehouseConfig.embedded(lh)); Session s = e.newSession("t")) {
      s.execute("INSERT INTO lake.items (id, source, source_id, modality, text, license) VALUES "
          + "('a', 'web', '1', 'text', 'one two three', 'cc0-1.0'), "
          + "('b', 'web', '2', 'text', 'four five six', 'cc0-1.0')").close();
      VersionRecord r = new RecipeRunner(s).run(Recipe.parse("-- dataset: web\n-- version: v1\n"
          + "-- parent: none\n-- description: texts\n"
          + "-- live_transform: token_mask_v001 {\"mask_prob\": 0.5}\n"
          + "SELECT * FROM lake.items", null));
      contract = Manifest.parse(r.manifest()).path("live_contract").path("contract_hash")
          .asText();
      // a version whose contract names a transform this loader does not know
      s.execute("INSERT INTO lake.versions (name, dataset, version, manifest) VALUES ('web@v2', "
          + "'web', 'v2', '" + r.manifest().replace("token_mask_v001", "token_shuffle_v001")
          .replace("'", "''") + "')").close();
    }
    home = "--home=" + lh;
    assertThat(cli("shards", "write", "web@v1", dir.resolve("out").toString(), "--threads", "1")
        .code()).isZero();
  }

  @Test
  void readReportsTheContractItRanWith() {
    assertThat(contract).hasSize(64);
    for (String mode : new String[] {"on", "off"}) {
      CliRun r = cli("loader", "read", "web@v1", "--transforms", mode);
      assertThat(r.code()).isZero();
      assertThat(r.lines()).hasSize(2);
      assertThat(r.err()).contains("live transforms: " + mode + ", contract " + contract
          + " (token_mask_v001)");
    }
  }

  @Test
  void readRefusesAnUnknownContract() {
    CliRun r = cli("loader", "read", "web@v2");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("web@v2 pins live transform 'token_shuffle_v001'")
        .contains("token_mask_v001");
    assertThat(cli("loader", "read", "web@v1", "--transforms", "maybe").err())
        .contains("--transforms must be on or off");
  }
}
