package dev.mmlake.engine.shards;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import java.nio.file.Path;

/**
 * The process {@link WriteShardsKillTest} kills: {@code <home> <folder> <options>} runs one
 * WRITE_SHARDS statement of {@link GeneratedVersion#NAME} into the folder and prints
 * {@code finished}.
 */
public final class WriteShardsMain {
  private WriteShardsMain() {
  }

  public static void main(String[] args) {
    try (Engine engine = Engine.open(LakehouseConfig.embedded(Path.of(args[0])));
         Session s = engine.newSession("killed")) {
      GeneratedVersion.column(s, GeneratedVersion.writeShards(args[1], args[2]), "shard");
    }
    System.out.println("finished");
  }
}
