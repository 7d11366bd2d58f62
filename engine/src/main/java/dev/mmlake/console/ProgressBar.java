package dev.mmlake.console;

import dev.mmlake.catalog.StatementContext;
import java.io.PrintStream;

/**
 * Renders progress of long statements. On a terminal: one updating stderr line (at most ~4
 * updates/s). In a pipe or log: only one summary line when a stage with a known total completes.
 * With {@code --quiet}: nothing.
 */
public final class ProgressBar implements StatementContext.Progress {
  private static volatile boolean quiet;
  private final PrintStream err;
  private final boolean terminal;
  private long startNanos = System.nanoTime();
  private String stage;
  private long lastPrint;

  /**
   * A progress bar on {@code err}, updating in place only when stderr is a terminal: as the
   * launcher says in {@code -Dmmlake.stderr.tty}, else when the JVM has a console.
   */
  public ProgressBar(PrintStream err) {
    this(err, stderrIsTerminal());
  }

  private static boolean stderrIsTerminal() {
    String tty = System.getProperty("mmlake.stderr.tty");
    return tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
  }

  ProgressBar(PrintStream err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /** Turns all progress output off (the {@code --quiet} flag) or back on. */
  public static void quiet(boolean on) {
    quiet = on;
  }

  /** Whether progress and timings update on a terminal: stderr is one and not {@code --quiet}. */
  public static boolean interactive() {
    return !quiet && stderrIsTerminal();
  }

  /** Whether progress output is off. */
  public static boolean quiet() {
    return quiet;
  }

  @Override
  public synchronized void update(String stage, long done, long total, long failures, long bytes) {
    if (quiet) {
      return;
    }
    long now = System.nanoTime();
    if (!stage.equals(this.stage) || done == 0) {
      this.stage = stage; // rates are per stage, from its first update
      startNanos = now;
    }
    boolean last = total > 0 && done >= total;
    if (!terminal && !last) {
      return;
    }
    if (!last && now - lastPrint < 250_000_000L) {
      return;
    }
    lastPrint = now;
    double secs = Math.max(1e-3, (now - startNanos) / 1e9);
    String pct = total > 0 ? String.format(" %3d%%", done * 100 / total) : "";
    String text = String.format("%s:%s %d%s items, %.1f items/s, %.1f MB/s, %d failures", stage,
        pct, done, total > 0 ? "/" + total : "", done / secs, bytes / secs / 1e6, failures);
    if (terminal) {
      err.print("\r" + text + "   ");
      if (last) {
        err.println();
      }
    } else {
      err.println(text);
    }
    err.flush();
  }
}
