package dev.mmlake.evals;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.versions.VersionName;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.iceberg.SnapshotRef;

/**
 * Metric deltas between two versions from their latest {@code lake.evals} rows. When both values
 * carry a bootstrap interval, the delta's 95% interval is {@code delta +- sqrt(ha^2 + hb^2)} (ha,
 * hb: the half-widths, the samples taken as independent); the verdict is {@code better} or
 * {@code worse} only when that interval excludes 0, else {@code no significant change}. A metric
 * without an interval (a count or share of the whole version) is {@code better}, {@code worse} or
 * {@code same} by its sign, or {@code changed} for an {@code (info)} metric. Direction comes from
 * the eval file's {@code (lower)} and {@code (info)} marks.
 */
public final class VersionComparison {
  private final Lakehouse lakehouse;
  private final Path evalsDir;

  public VersionComparison(Lakehouse lakehouse, Path evalsDir) {
    this.lakehouse = lakehouse;
    this.evalsDir = evalsDir;
  }

  /** One metric of both versions; a null value: not evaluated on that version. */
  public record Delta(String eval, String metric, Double a, Double b, Double delta,
      Double ciLow, Double ciHigh, String verdict) {
  }

  /** Every (eval, metric) recorded for either version, sorted. */
  public List<Delta> compare(VersionName a, VersionName b) {
    EvalStore store = new EvalStore(lakehouse);
    Map<String, EvalMetric> ma = store.latest(a, snapshotOf(a));
    Map<String, EvalMetric> mb = store.latest(b, snapshotOf(b));
    TreeSet<String> keys = new TreeSet<>(ma.keySet());
    keys.addAll(mb.keySet());
    List<Delta> out = new ArrayList<>();
    for (String key : keys) {
      EvalMetric x = ma.get(key);
      EvalMetric y = mb.get(key);
      EvalMetric any = x != null ? x : y;
      if (x == null || y == null) {
        out.add(new Delta(any.eval(), any.metric(), x == null ? null : x.value(),
            y == null ? null : y.value(), null, null, null,
            "not evaluated on " + (x == null ? a : b)));
        continue;
      }
      EvalDefinition.MetricSpec spec = spec(any.eval(), any.metric());
      boolean lower = spec != null && spec.lowerIsBetter();
      double delta = y.value() - x.value();
      Double low = null;
      Double high = null;
      String verdict;
      if (x.ciLow() != null && y.ciLow() != null) {
        double ha = (x.ciHigh() - x.ciLow()) / 2;
        double hb = (y.ciHigh() - y.ciLow()) / 2;
        double h = Math.sqrt(ha * ha + hb * hb);
        low = delta - h;
        high = delta + h;
        verdict = low > 0 ? (lower ? "worse" : "better")
            : high < 0 ? (lower ? "better" : "worse") : "no significant change";
      } else if (spec != null && spec.info()) {
        verdict = delta == 0 ? "same" : "changed";
      } else {
        verdict = delta == 0 ? "same" : (delta > 0) != lower ? "better" : "worse";
      }
      out.add(new Delta(any.eval(), any.metric(), x.value(), y.value(), delta, low, high,
          verdict));
    }
    return out;
  }

  /** Prints the comparison as a table. */
  public static void print(PrintStream out, VersionName a, VersionName b, List<Delta> deltas) {
    if (deltas.isEmpty()) {
      out.println("No eval results for " + a + " or " + b + "; run e.g. mmlake eval run "
          + "mix " + a);
      return;
    }
    out.printf(Locale.ROOT, "%-15s %-30s %12s %12s %12s  %-21s %s%n", "eval", "metric",
        a.version(), b.version(), "delta", "95% CI of delta", "verdict");
    for (Delta d : deltas) {
      String ci = d.ciLow() == null ? "" : String.format(Locale.ROOT, "[%+.4f, %+.4f]",
          d.ciLow(), d.ciHigh());
      out.printf(Locale.ROOT, "%-15s %-30s %12s %12s %12s  %-21s %s%n", d.eval(), d.metric(),
          num(d.a()), num(d.b()), d.delta() == null ? "" : String.format(Locale.ROOT, "%+.4f",
              d.delta()), ci, d.verdict());
    }
  }

  private static String num(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** The metric's declaration in its eval file, or null (then higher counts as better). */
  private EvalDefinition.MetricSpec spec(String eval, String metric) {
    Path f = evalsDir == null ? null : evalsDir.resolve(eval + ".sql");
    if (f == null || !Files.isRegularFile(f)) {
      return null;
    }
    return EvalDefinition.read(f).spec(metric);
  }

  private long snapshotOf(VersionName v) {
    SnapshotRef ref = lakehouse.catalog().tableExists(v.table())
        ? lakehouse.catalog().loadTable(v.table()).refs().get(v.version()) : null;
    if (ref == null) {
      throw new EvalException(ErrorCode.NOT_FOUND, "No version %s (table %s has no tag %s); list "
          + "versions with mmlake dataset list", v, v.table(), v.version());
    }
    return ref.snapshotId();
  }
}
