package dev.mmlake.engine.exec;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of what scans actually read, per statement: data files planned after pruning, files
 * opened, and rows produced. The engine reports rows read in {@code obs.runs}; tests use the file
 * counts to prove pushdown.
 */
public final class ScanStats {
  private final AtomicLong filesScanned = new AtomicLong();
  private final AtomicLong filesSkipped = new AtomicLong();
  private final AtomicLong rowsRead = new AtomicLong();

  public void fileScanned() {
    filesScanned.incrementAndGet();
  }

  public void filesSkipped(long n) {
    filesSkipped.addAndGet(n);
  }

  public void rowsRead(long n) {
    rowsRead.addAndGet(n);
  }

  public long filesScanned() {
    return filesScanned.get();
  }

  public long filesSkipped() {
    return filesSkipped.get();
  }

  public long rowsRead() {
    return rowsRead.get();
  }
}
