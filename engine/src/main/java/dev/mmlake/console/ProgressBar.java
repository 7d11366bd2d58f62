package dev.mmlake.console;

import dev.mmlake.catalog.StatementContext;
import java.io.PrintStream;

/** Renders progress of long statements on one updating stderr line (at most ~4 updates/s). */
public final class ProgressBar implements StatementContext.Progress {
  private final PrintStream err;
  private long startNanos = System.nanoTime();
  private String stage;
  private long lastPrint;

  public ProgressBar(PrintStream err) {
    this.err = err;
  }

  @Override
  public synchronized void update(String stage, long done, long total, long failures, long bytes) {
    long now = System.nanoTime();
    if (!stage.equals(this.stage) || done == 0) {
      this.stage = stage; // rates are per stage, from its first update
      startNanos = now;
    }
    boolean last = total > 0 && done >= total;
    if (!last && now - lastPrint < 250_000_000L) {
      return;
    }
    lastPrint = now;
    double secs = Math.max(1e-3, (now - startNanos) / 1e9);
    String pct = total > 0 ? String.format(" %3d%%", done * 100 / total) : "";
    err.printf("\r%s:%s %d%s items, %.1f items/s, %.1f MB/s, %d failures   ", stage, pct, done,
        total > 0 ? "/" + total : "", done / secs, bytes / secs / 1e6, failures);
    if (last) {
      err.println();
    }
    err.flush();
  }
}
