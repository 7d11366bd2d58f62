package dev.mmlake.cli;

import dev.mmlake.console.ResultPrinter;
import dev.mmlake.console.StatementRunner;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.SqlStatementException;
import dev.mmlake.engine.sql.SqlScript;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mmlake shell}: an interactive SQL prompt; statements end with a semicolon. */
@Command(name = "shell", mixinStandardHelpOptions = true,
    description = "Interactive SQL shell. End statements with ';'. Type \\q or exit to quit.")
public final class ShellCommand implements Callable<Integer> {
  @Mixin LakehouseOptions lakehouse;

  @Option(names = "--format", defaultValue = "table", description = "table, csv, json or ndjson")
  String format;

  @Override
  public Integer call() throws IOException {
    ResultPrinter.Format fmt = ResultPrinter.Format.valueOf(format.toUpperCase(Locale.ROOT));
    try (Engine engine = lakehouse.openEngine(); Session session = engine.newSession()) {
      StatementRunner runner = new StatementRunner(session, System.out, System.err, fmt);
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      boolean interactive = System.console() != null;
      StringBuilder buf = new StringBuilder();
      System.out.println("mmlake shell on " + engine.lakehouse().config().home()
          + " (end statements with ';', \\q to quit)");
      while (true) {
        if (interactive) {
          System.out.print(buf.length() == 0 ? "mmlake> " : "     -> ");
          System.out.flush();
        }
        String line = in.readLine();
        if (line == null || (buf.length() == 0 && (line.trim().equals("\\q")
            || line.trim().equalsIgnoreCase("exit") || line.trim().equalsIgnoreCase("quit")))) {
          break;
        }
        buf.append(line).append('\n');
        if (!line.trim().endsWith(";")) {
          continue;
        }
        List<SqlScript.Statement> statements = SqlScript.split(buf.toString());
        buf.setLength(0);
        for (SqlScript.Statement st : statements) {
          try {
            runner.run(st.sql());
          } catch (SqlStatementException e) {
            System.err.println(Main.prefix(e.code()) + e.describe());
          }
        }
      }
    }
    return 0;
  }
}
