package dev.mmlake.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** Old command names still accepted for one release, with a one-line note on stderr. */
final class DeprecatedNames {
  /** Old top-level command name to its new one. */
  static final Map<String, String> COMMANDS = Map.of("version", "dataset");

  private DeprecatedNames() {
  }

  /** Prints the note when the command line named a command by its old name. */
  static void warn(CommandLine.ParseResult top, PrintWriter err) {
    if (top.subcommand() == null) {
      return;
    }
    for (String arg : top.originalArgs()) {
      if (arg.startsWith("-")) {
        continue; // the top command's own flags (-q, -v) come before the subcommand
      }
      String replacement = COMMANDS.get(arg);
      if (replacement != null && top.subcommand().commandSpec().name().equals(replacement)) {
        err.println("Note: `mmlake " + arg + "` is deprecated; use `mmlake " + replacement
            + "`");
        err.flush();
      }
      return;
    }
  }
}
