package dev.mmlake.console;

import dev.mmlake.engine.Session;
import dev.mmlake.engine.sql.SqlScript;
import dev.mmlake.error.MmlakeException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.function.Function;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The interactive SQL shell on JLine 3: line editing, history kept in a file, statements over
 * several lines until {@code ;}, Tab completion ({@link SqlCompleter}), dot commands
 * ({@link MetaCommands}), and Ctrl-C that cancels the running statement
 * ({@link Session#cancel()}) or, at the prompt, clears the line.
 */
public final class SqlShell {
  private final Session session;
  private final Terminal terminal;
  private final Path historyFile;
  private final ResultPrinter.Format format;
  private final PrintStream err;
  private final Function<MmlakeException, String> errorText;

  /**
   * A shell on {@code terminal}; results go to the terminal, errors to {@code err}.
   *
   * @param errorText how an error prints (the CLI's prefixes and positions)
   */
  public SqlShell(Session session, Terminal terminal, Path historyFile,
      ResultPrinter.Format format, PrintStream err, Function<MmlakeException, String> errorText) {
    this.session = session;
    this.terminal = terminal;
    this.historyFile = historyFile;
    this.format = format;
    this.err = err;
    this.errorText = errorText;
  }

  /** Reads and runs statements until end of input or {@code .quit}; saves the history. */
  public void run() {
    LineReader reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("mmlake")
        .parser(new StatementParser())
        .completer(new SqlCompleter(session))
        .variable(LineReader.HISTORY_FILE, historyFile)
        .variable(LineReader.SECONDARY_PROMPT_PATTERN, "     -> ")
        .build();
    PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
    StatementRunner runner = new StatementRunner(session, out, err, format);
    MetaCommands meta = new MetaCommands(session, out);
    boolean prompts = !Terminal.TYPE_DUMB.equals(terminal.getType());
    out.println("mmlake shell on " + session.lakehouse().config().home()
        + " (end statements with ';', .help for commands, .quit to leave)");
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT,
        signal -> session.cancel());
    try {
      while (true) {
        String line;
        try {
          line = reader.readLine(prompts ? "mmlake> " : "");
        } catch (UserInterruptException e) {
          continue; // Ctrl-C at the prompt: drop the line, as psql does
        } catch (EndOfFileException e) {
          break;
        }
        if (MetaCommands.isQuit(line)) {
          break;
        }
        if (line.isBlank()) {
          continue;
        }
        if (MetaCommands.isMeta(line)) {
          try {
            meta.run(line);
          } catch (SQLException e) {
            err.println("Error: " + e.getMessage());
          }
          continue;
        }
        // JLine's own handler is off while a statement runs: Ctrl-C reaches ours and cancels it
        for (SqlScript.Statement st : SqlScript.split(line)) {
          try {
            runner.run(st.sql());
          } catch (MmlakeException e) {
            err.println(errorText.apply(e));
            break;
          }
        }
      }
    } finally {
      terminal.handle(Terminal.Signal.INT, previous);
      out.flush();
      try {
        reader.getHistory().save();
      } catch (IOException e) {
        err.println("Warning: cannot save the shell history to " + historyFile + ": "
            + e.getMessage());
      }
    }
  }
}
