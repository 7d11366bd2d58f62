package dev.mmlake.versions;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** The text form of a version diff: a summary by reason and the first changed items. */
public final class DiffReport {
  private DiffReport() {
  }

  /** Prints the summary (and up to {@code items} items) of a diff. */
  public static void print(PrintStream out, VersionName a, VersionName b,
      List<VersionDiff.Change> changes, int items) {
    long added = changes.stream().filter(c -> c.change().equals(VersionDiff.ADDED)).count();
    out.println(a + " -> " + b + ": " + added + " added, " + (changes.size() - added)
        + " removed");
    for (Map.Entry<String, Long> e : VersionDiff.summary(changes).entrySet()) {
      out.printf("  %-28s %d%n", e.getKey(), e.getValue());
    }
    changes.stream().limit(Math.max(0, items)).forEach(c -> out.printf(
        "  %-8s %s  %s%n", c.change(), c.itemId(), c.reason() == null ? "" : c.reason()));
  }
}
