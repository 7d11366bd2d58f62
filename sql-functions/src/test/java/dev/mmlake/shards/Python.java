package dev.mmlake.shards;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs python3 scripts for the "readable without mmlake" checks; skips when python3 is absent. */
final class Python {
  private Python() {
  }

  static boolean has(String module) {
    try {
      return run(List.of("python3", "-c", "import " + module), Path.of(".")).exitCode == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Runs {@code script} with {@code args}; skips the test when python3 or a module is absent. */
  static String script(String script, String module, String... args) throws IOException {
    assumeTrue(has(module), "python3 with " + module + " is not installed");
    List<String> cmd = new ArrayList<>(List.of("python3", "-c", script));
    cmd.addAll(List.of(args));
    Result r = run(cmd, Path.of("."));
    if (r.exitCode != 0) {
      throw new AssertionError("python3 failed (" + r.exitCode + "):\n" + r.output);
    }
    return r.output;
  }

  private record Result(int exitCode, String output) {
  }

  private static Result run(List<String> cmd, Path dir) throws IOException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("python3 did not finish");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
