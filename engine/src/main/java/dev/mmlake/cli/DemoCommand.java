package dev.mmlake.cli;

import dev.mmlake.demo.Demo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mmlake demo}: the end-to-end demo on a fresh lakehouse with bundled sample data. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Build a fresh lakehouse and run every pipeline step end to end.")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--dir", paramLabel = "DIR",
      description = "Folder for the demo lakehouse (default: a new temp folder); must be empty")
  Path dir;

  @Option(names = "--clip-model-dir", paramLabel = "DIR",
      description = "CLIP export for EMBED_CLIP (default: $MMLAKE_EMBED_CLIP_MODEL_DIR, else the bundled "
          + "random-weight test model tiny-clip, whose vectors are meaningless)")
  Path clipModelDir;

  private Path clipDir() {
    if (clipModelDir != null) {
      return clipModelDir;
    }
    for (String env : new String[] {"MMLAKE_EMBED_CLIP_MODEL_DIR", "MMLAKE_CLIP_MODEL_DIR",
        "MMLAKE_DEMO_CLIP_DIR"}) {
      String v = System.getenv(env);
      if (v != null && Files.isDirectory(Path.of(v))) {
        return Path.of(v);
      }
    }
    return null;
  }

  @Override
  public Integer call() throws IOException {
    Path home = dir != null ? dir : Files.createTempDirectory("mmlake-demo-");
    if (Files.isDirectory(home)) {
      try (var s = Files.list(home)) {
        if (s.findAny().isPresent()) {
          throw new Main.UserError("Demo folder " + home + " is not empty; pass an empty --dir");
        }
      }
    }
    new Demo(home, System.out, clipDir()).run();
    return 0;
  }
}
