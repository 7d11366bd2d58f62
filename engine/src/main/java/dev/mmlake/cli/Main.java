package dev.mmlake.cli;

import dev.mmlake.console.ProgressBar;
import dev.mmlake.engine.SqlStatementException;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.ErrorKind;
import dev.mmlake.error.MmlakeException;
import java.util.ServiceLoader;
import picocli.CommandLine;

/**
 * Entry point of the {@code mmlake} command. Exit codes follow the error's kind: 0 ok, 1 user
 * error, 2 internal error, 3 data error, 4 conflict (retry), 5 external failure; a command line
 * that does not parse (unknown option, missing parameter, a command group without its
 * subcommand) exits {@value #EX_USAGE} (EX_USAGE of sysexits.h).
 */
public final class Main {
  /** Exit code of a command line that does not parse: sysexits.h's EX_USAGE. */
  public static final int EX_USAGE = 64;

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
    ProgressBar.quiet(false); // set again by --quiet; runs in one JVM (tests) must not share it
    MmlakeCommand top = new MmlakeCommand();
    CommandLine cl = new CommandLine(top);
    for (CliExtension ext : ServiceLoader.load(CliExtension.class)) {
      CommandLine parent = ext.parent() == null ? cl : cl.getSubcommands().get(ext.parent());
      if (parent == null) {
        throw new IllegalStateException("CLI extension " + ext.getClass().getName()
            + " names parent command '" + ext.parent() + "', which does not exist");
      }
      CommandLine command = new CommandLine(ext.command());
      parent.getCommandSpec().removeSubcommand(command.getCommandName());
      parent.addSubcommand(command);
    }
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      boolean verbose = top.verbose;
      if (verbose) {
        ex.printStackTrace(commandLine.getErr());
      }
      if (ex instanceof MmlakeException m && m.kind() != ErrorKind.INTERNAL) {
        String text = m instanceof SqlStatementException s ? s.describe() : m.getMessage();
        commandLine.getErr().println(prefix(m.code()) + text);
        return exitCode(m.kind());
      }
      String text = ex instanceof SqlStatementException s ? s.describe() : String.valueOf(ex);
      String code = ex instanceof MmlakeException m ? m.code() + ": " : "";
      commandLine.getErr().println("Internal error: " + code + text
          + (verbose ? "" : " (run with --verbose for the stack trace)"));
      return exitCode(ErrorKind.INTERNAL);
    });
    setExitCodeOnInvalidInput(cl, EX_USAGE);
    cl.setExecutionStrategy(Main::execute);
    return cl;
  }

  /**
   * Runs the last command given, as picocli does, except that a parent command given without one
   * of its subcommands ({@code mmlake}, {@code mmlake model}) prints its usage to stderr and exits
   * {@value #EX_USAGE}: it did not do what the user may have meant.
   */
  private static int execute(CommandLine.ParseResult parseResult) {
    Integer help = CommandLine.executeHelpRequest(parseResult);
    if (help != null) {
      return help;
    }
    DeprecatedNames.warn(parseResult, parseResult.commandSpec().commandLine().getErr());
    CommandLine.ParseResult last = parseResult;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    CommandLine leaf = last.commandSpec().commandLine();
    if (!leaf.getSubcommands().isEmpty()) {
      leaf.usage(leaf.getErr());
      return EX_USAGE;
    }
    return new CommandLine.RunLast().execute(parseResult);
  }

  /**
   * The exit code of a command that failed with an error of this kind: 1 user error, 2 internal
   * error (a bug), 3 data error, 4 conflict or busy catalog (running it again may succeed),
   * 5 external failure (a model, runtime or storage outside mmlake).
   */
  public static int exitCode(ErrorKind kind) {
    return switch (kind) {
      case USER -> 1;
      case INTERNAL -> 2;
      case DATA -> 3;
      case CONFLICT -> 4;
      case EXTERNAL -> 5;
    };
  }

  /** How an error of this code is introduced: {@code Error: } for user errors, else its kind. */
  static String prefix(ErrorCode code) {
    return switch (code.kind()) {
      case USER -> "Error: ";
      case DATA -> "Data error (" + code + "): ";
      case CONFLICT -> "Conflict (" + code + "; run it again): ";
      case EXTERNAL -> "External error (" + code + "): ";
      case INTERNAL -> "Internal error (" + code + "): ";
    };
  }

  /** Bad options and parameters exit EX_USAGE (picocli's default is 2, our internal error). */
  private static void setExitCodeOnInvalidInput(CommandLine cl, int code) {
    cl.getCommandSpec().exitCodeOnInvalidInput(code);
    for (CommandLine sub : cl.getSubcommands().values()) {
      setExitCodeOnInvalidInput(sub, code);
    }
  }

  /** An error in what the user asked for; printed without a stack trace, exit code 1. */
  public static final class UserError extends MmlakeException {
    public UserError(String message) {
      super(ErrorCode.INVALID_ARGUMENT, message);
    }
  }
}
