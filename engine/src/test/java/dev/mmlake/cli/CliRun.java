package dev.mmlake.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One in-process run of the {@code mmlake} command line, for tests: its exit code and what it
 * printed on standard output and standard error.
 */
public record CliRun(int code, String out, String err) {

  /** Runs {@code mmlake args...} with an empty standard input. */
  public static CliRun run(String... args) {
    return runWithStdin("", args);
  }

  /** Runs {@code mmlake args...} reading {@code stdin} as its standard input. */
  public static CliRun runWithStdin(String stdin, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      int code = Main.commandLine().setOut(new PrintWriter(System.out, true))
          .setErr(new PrintWriter(System.err, true)).execute(args);
      return new CliRun(code, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }

  /** Standard output as lines (none when it is empty). */
  public List<String> lines() {
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }
}
