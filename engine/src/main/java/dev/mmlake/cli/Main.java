package dev.mmlake.cli;

import dev.mmlake.engine.SqlStatementException;
import java.util.ServiceLoader;
import picocli.CommandLine;

/** Entry point of the {@code mmlake} command. Exit codes: 0 ok, 1 user error, 2 internal error. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code. */
  public static int run(String... args) {
    CommandLine cl = commandLine();
    return cl.execute(args);
  }

  static CommandLine commandLine() {
    MmlakeCommand top = new MmlakeCommand();
    CommandLine cl = new CommandLine(top);
    for (CliExtension ext : ServiceLoader.load(CliExtension.class)) {
      cl.addSubcommand(ext.command());
    }
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      boolean verbose = top.verbose;
      if (verbose) {
        ex.printStackTrace(commandLine.getErr());
      }
      if (ex instanceof SqlStatementException s) {
        commandLine.getErr().println("Error: " + s.describe());
        return s.code() == SqlStatementException.Code.INTERNAL ? 2 : 1;
      }
      if (ex instanceof UserError || ex instanceof IllegalArgumentException
          || ex instanceof dev.mmlake.catalog.LakehouseException) {
        commandLine.getErr().println("Error: " + ex.getMessage());
        return 1;
      }
      commandLine.getErr().println("Internal error: " + ex
          + (verbose ? "" : " (run with --verbose for the stack trace)"));
      return 2;
    });
    return cl;
  }

  /** An error in what the user asked for; printed without a stack trace, exit code 1. */
  public static final class UserError extends RuntimeException {
    public UserError(String message) {
      super(message);
    }
  }
}
