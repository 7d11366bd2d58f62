package dev.mmlake.cli;

import dev.mmlake.console.ResultPrinter;
import dev.mmlake.console.SqlShell;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.SqlStatementException;
import dev.mmlake.error.MmlakeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mmlake shell}: the interactive SQL prompt ({@link SqlShell}). */
@Command(name = "shell", mixinStandardHelpOptions = true,
    description = {"Interactive SQL shell (JLine): end statements with ';' (they may span lines),",
        "Tab completes keywords, schemas, tables and columns, Ctrl-C cancels the running",
        "statement, .help lists the dot commands (.tables, .schema T, .quit)."})
public final class ShellCommand implements Callable<Integer> {
  /** Environment variable naming the history file. */
  static final String HISTORY_ENV = "MMLAKE_HISTORY";

  @Mixin LakehouseOptions lakehouse;

  @Option(names = "--format", defaultValue = "table", description = "table, csv, json or ndjson")
  String format;

  @Option(names = "--history", paramLabel = "FILE",
      description = "History file (default: $MMLAKE_HISTORY, else ~/.mmlake_history)")
  Path history;

  @Override
  public Integer call() throws IOException {
    ResultPrinter.Format fmt;
    try {
      fmt = ResultPrinter.Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Main.UserError("Unknown --format " + format + "; use table, csv, json or ndjson");
    }
    try (Engine engine = lakehouse.openEngine(); Session session = engine.newSession();
        Terminal terminal = terminal()) {
      new SqlShell(session, terminal, historyFile(), fmt, System.err, ShellCommand::describe)
          .run();
    }
    return 0;
  }

  /** A real terminal when there is one; else a dumb one over stdin and stdout (pipes, tests). */
  private static Terminal terminal() throws IOException {
    if (System.console() != null) {
      return TerminalBuilder.builder().system(true).dumb(true).build();
    }
    return new DumbTerminal(System.in, System.out);
  }

  private Path historyFile() {
    if (history != null) {
      return history;
    }
    String env = System.getenv(HISTORY_ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".mmlake_history");
  }

  static String describe(MmlakeException e) {
    return Main.prefix(e.code())
        + (e instanceof SqlStatementException s ? s.describe() : e.getMessage());
  }
}
