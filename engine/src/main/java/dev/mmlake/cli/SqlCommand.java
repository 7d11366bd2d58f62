package dev.mmlake.cli;

import dev.mmlake.console.ResultPrinter;
import dev.mmlake.console.StatementRunner;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.SqlStatementException;
import dev.mmlake.engine.sql.SqlScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmlake sql}: runs one statement or a script file. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run a SQL statement, or a script with -f (stops at the first error).")
public final class SqlCommand implements Callable<Integer> {
  @Mixin LakehouseOptions lakehouse;

  @Parameters(arity = "0..1", paramLabel = "STATEMENT", description = "SQL to run")
  String statement;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Run the statements in FILE ('-' reads them from stdin)")
  Path file;

  @Option(names = "--format", defaultValue = "table",
      description = "Output format: table, csv, json (one array) or ndjson (one object a line)"
          + " (default: ${DEFAULT-VALUE})")
  String format;

  @Override
  public Integer call() throws IOException {
    if ((statement == null) == (file == null)) {
      throw new Main.UserError("Give either a STATEMENT or -f FILE");
    }
    ResultPrinter.Format fmt;
    try {
      fmt = ResultPrinter.Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Main.UserError("Unknown --format " + format + "; use table, csv, json or ndjson");
    }
    List<SqlScript.Statement> statements;
    String source;
    if (file != null && file.toString().equals("-")) {
      statements = SqlScript.split(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
      source = "<stdin>";
    } else if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new Main.UserError("Cannot read " + file + ": no such file");
      }
      statements = SqlScript.split(Files.readString(file, StandardCharsets.UTF_8));
      source = file.toString();
    } else {
      statements = SqlScript.split(statement);
      source = null;
    }
    try (Engine engine = lakehouse.openEngine(); Session session = engine.newSession()) {
      StatementRunner runner = new StatementRunner(session, System.out, System.err, fmt);
      for (SqlScript.Statement st : statements) {
        try {
          runner.run(st.sql());
        } catch (SqlStatementException e) {
          if (source != null) {
            int line = e.line() > 0 ? st.line() + e.line() - 1 : st.line();
            String where = e.line() > 0 ? "line " + line + ", column " + e.column()
                : "statement starting at line " + st.line();
            throw new SqlStatementException(e.code(), source + ", " + where + ": "
                + e.getMessage(), 0, 0, e);
          }
          throw e;
        }
      }
    }
    return 0;
  }
}
