package dev.mmlake.console;

import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import java.io.PrintStream;
import java.sql.SQLException;

/** Runs statements for the CLI and prints their results and summaries. */
public final class StatementRunner {
  private final Session session;
  private final PrintStream out;
  private final PrintStream err;
  private final ResultPrinter printer;

  public StatementRunner(Session session, PrintStream out, PrintStream err,
      ResultPrinter.Format format) {
    this.session = session;
    this.out = out;
    this.err = err;
    this.printer = new ResultPrinter(out, format);
    session.progress(new ProgressBar(err));
  }

  /** Runs one statement and prints its rows or its summary line, then its warnings. */
  public void run(String sql) {
    long start = System.nanoTime();
    StatementResult result;
    try (StatementResult r = session.execute(sql)) {
      result = r;
      if (r.isQuery()) {
        try {
          printer.print(r.resultSet());
        } catch (SQLException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      } else {
        out.println(r.message());
      }
      if (r.failures() > 0) {
        err.println(r.failures() + " item failure(s) recorded in obs.failures (run "
            + r.runId() + ")");
      }
    }
    // complete once the statement is closed: a query's side writes commit at close
    result.warnings().forEach(w -> err.println("Warning: " + w));
    if (ProgressBar.interactive()) { // timings are for people; pipes and logs get none
      double ms = (System.nanoTime() - start) / 1e6;
      err.printf("(%.0f ms)%n", ms);
    }
  }
}
