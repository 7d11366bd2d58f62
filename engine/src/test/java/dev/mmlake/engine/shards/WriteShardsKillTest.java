package dev.mmlake.engine.shards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a JVM in the middle of a WRITE_SHARDS statement: the folder holds no
 * incomplete {@code .tar} (only complete shards, byte-identical to a clean write, and hidden
 * {@code .*.tmp} files), no index, and {@code lake.shards} has no row; a rerun writes the set
 * byte-identical to a clean write and removes the leftovers.
 */
class WriteShardsKillTest {
  /**
   * One 1 MiB sample per shard, one thread: each shard is read, hashed twice, written, fsynced and
   * renamed in turn, so the set takes a while even on a fast disk.
   */
  private static final String OPTIONS = "{\"max_samples\": 1, \"seed\": 3, \"threads\": 1}";
  private static final int ITEMS = 60;

  @TempDir Path dir;

  @Test
  void aKilledWriteLeavesNoPartialShardNoIndexNoRowsAndARerunEqualsACleanWrite()
      throws Exception {
    Path home = dir.resolve("lakehouse");
    Path clean = dir.resolve("clean");
    Map<String, String> cleanShas;
    try (Engine engine = Engine.open(LakehouseConfig.embedded(home));
         Session s = engine.newSession("test")) {
      GeneratedVersion.create(s, ITEMS, 1 << 20);
      GeneratedVersion.column(s, GeneratedVersion.writeShards(clean.toString(), OPTIONS),
          "shard");
      cleanShas = recorded(s);
      assertThat(cleanShas).hasSize(ITEMS);
      // forget the clean set, so that the set is written again below
      s.execute("DELETE FROM lake.shards WHERE version = '" + GeneratedVersion.NAME + "'")
          .close();
    }

    Path killed = dir.resolve("killed");
    Process p = start(home, killed);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (p.isAlive() && listing(killed).stream().noneMatch(n -> n.endsWith(".tar"))
          && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      assertThat(p.isAlive()).as("the writer is still writing shards when it is killed "
          + "(see %s)", dir.resolve("writer.log")).isTrue();
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } finally {
      p.destroyForcibly();
    }

    List<String> left = listing(killed);
    assertThat(left).as("no index: the set is not complete").doesNotContain(
        "gen-v001-index.json");
    List<String> tars = left.stream().filter(n -> n.endsWith(".tar")).toList();
    assertThat(tars).as("some shards were written before the kill").isNotEmpty()
        .hasSizeLessThan(ITEMS);
    for (String tar : tars) {
      assertThat(Sha256.hex(Files.readAllBytes(killed.resolve(tar))))
          .as("%s is complete", tar).isEqualTo(cleanShas.get(tar));
    }
    assertThat(left.stream().filter(n -> !n.endsWith(".tar")))
        .as("anything else is a hidden temp file").allMatch(n -> n.matches("\\..*\\.tar\\.tmp"));

    try (Engine engine = Engine.open(LakehouseConfig.embedded(home));
         Session s = engine.newSession("rerun")) {
      assertThat(recorded(s)).as("no lake.shards row of the killed write").isEmpty();
      GeneratedVersion.column(s, GeneratedVersion.writeShards(killed.toString(), OPTIONS),
          "shard");
      assertThat(recorded(s)).isEqualTo(cleanShas);
    }
    List<String> after = listing(killed);
    assertThat(after).hasSize(ITEMS + 1).contains("gen-v001-index.json")
        .noneMatch(n -> n.endsWith(".tmp"));
    assertThat(Files.readAllBytes(killed.resolve("gen-v001-index.json")))
        .isEqualTo(Files.readAllBytes(clean.resolve("gen-v001-index.json")));
  }

  /** sha256 of every shard of the version recorded in lake.shards, by shard name. */
  private static Map<String, String> recorded(Session s) {
    String sql = "SELECT shard || ' ' || sha256 AS v FROM lake.shards WHERE version = '"
        + GeneratedVersion.NAME + "'";
    Map<String, String> out = new TreeMap<>();
    for (Object v : GeneratedVersion.column(s, sql, "v")) {
      String[] parts = v.toString().split(" ");
      out.put(parts[0], parts[1]);
    }
    return out;
  }

  private Process start(Path home, Path folder) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dai.djl.offline=true", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-modules", "jdk.incubator.vector",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"),
        WriteShardsMain.class.getName(), home.toString(), folder.toString(), OPTIONS));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("writer.log").toFile());
    pb.environment().put("OPT_OUT_TRACKING", "true");
    return pb.start();
  }

  private static List<String> listing(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
