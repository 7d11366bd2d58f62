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
import java.util.SortedMap;
import java.util.TreeSet;
import org.apache.iceberg.SnapshotRef;

/**
 * Metric deltas between two versions from their latest {@code lake.evals} rows. When both runs
 * recorded per-sample values ({@code lake.eval_samples}, one per query or item) and at least two
 * samples are common to both, the delta is the mean of the paired differences over the common
 * samples (equal to {@code b - a} when both versions have the same samples) and its 95% interval a
 * paired percentile bootstrap ({@link Bootstrap#pairedDifference}, seeded by eval and metric, so a
 * rerun prints the same interval). Otherwise, when both values carry a bootstrap interval, the
 * delta's interval is {@code delta +- sqrt(ha^2 + hb^2)} (ha, hb: the half-widths, the samples
 * taken as independent). Either way the verdict is {@code better} or {@code worse} only when the
 * interval excludes 0, else {@code no significant change}. A metric without an interval (a count
 * or share of the whole version) is {@code better}, {@code worse} or {@code same} by its sign, or
 * {@code changed} for an {@code (info)} metric. Direction comes from the eval file's
 * {@code (lower)} and {@code (info)} marks.
 */
public final class VersionComparison {
  /** Fewer common samples than this are compared as independent intervals. */
  static final int MIN_PAIRS = 2;

  private final Lakehouse lakehouse;
  private final Path evalsDir;

  public VersionComparison(Lakehouse lakehouse, Path evalsDir) {
    this.lakehouse = lakehouse;
    this.evalsDir = evalsDir;
  }

  /**
   * One metric of both versions; a null value: not evaluated on that version.
   *
   * @param interval how the interval was made: {@code paired} (over {@code pairs} common
   *     samples), {@code independent}, or null when there is none
   * @param pairs the samples the paired bootstrap used; 0 unless paired
   */
  public record Delta(String eval, String metric, Double a, Double b, Double delta,
      Double ciLow, Double ciHigh, String verdict, String interval, int pairs) {
  }

  /** Every (eval, metric) recorded for either version, sorted. */
  public List<Delta> compare(VersionName a, VersionName b) {
    EvalStore store = new EvalStore(lakehouse);
    Map<String, EvalStore.Recorded> ma = store.latestRecorded(a, snapshotOf(a));
    Map<String, EvalStore.Recorded> mb = store.latestRecorded(b, snapshotOf(b));
    TreeSet<String> keys = new TreeSet<>(ma.keySet());
    keys.addAll(mb.keySet());
    List<Delta> out = new ArrayList<>();
    for (String key : keys) {
      EvalMetric x = ma.containsKey(key) ? ma.get(key).metric() : null;
      EvalMetric y = mb.containsKey(key) ? mb.get(key).metric() : null;
      EvalMetric any = x != null ? x : y;
      if (x == null || y == null) {
        out.add(new Delta(any.eval(), any.metric(), x == null ? null : x.value(),
            y == null ? null : y.value(), null, null, null,
            "not evaluated on " + (x == null ? a : b), null, 0));
        continue;
      }
      EvalDefinition.MetricSpec spec = spec(any.eval(), any.metric());
      boolean lower = spec != null && spec.lowerIsBetter();
      Paired paired = paired(store, ma.get(key).runId(), mb.get(key).runId(), any.eval(),
          any.metric());
      double delta = y.value() - x.value();
      Double low = null;
      Double high = null;
      String interval = null;
      int pairs = 0;
      if (paired != null) {
        delta = paired.estimate().mean();
        low = paired.estimate().low();
        high = paired.estimate().high();
        interval = "paired";
        pairs = paired.pairs();
      } else if (x.ciLow() != null && y.ciLow() != null) {
        double ha = (x.ciHigh() - x.ciLow()) / 2;
        double hb = (y.ciHigh() - y.ciLow()) / 2;
        double h = Math.sqrt(ha * ha + hb * hb);
        low = delta - h;
        high = delta + h;
        interval = "independent";
      }
      String verdict;
      if (low != null) {
        verdict = low > 0 ? (lower ? "worse" : "better")
            : high < 0 ? (lower ? "better" : "worse") : "no significant change";
      } else if (spec != null && spec.info()) {
        verdict = delta == 0 ? "same" : "changed";
      } else {
        verdict = delta == 0 ? "same" : (delta > 0) != lower ? "better" : "worse";
      }
      out.add(new Delta(any.eval(), any.metric(), x.value(), y.value(), delta, low, high,
          verdict, interval, pairs));
    }
    return out;
  }

  /** A paired bootstrap of the difference and the number of pairs it used. */
  private record Paired(Bootstrap.Estimate estimate, int pairs) {
  }

  /**
   * The paired bootstrap of {@code metric} over the samples both runs recorded, in sample-key
   * order and seeded by eval and metric (deterministic); null when they share fewer than
   * {@value #MIN_PAIRS}.
   */
  static Paired paired(EvalStore store, String runA, String runB, String eval, String metric) {
    SortedMap<String, Double> sa = store.samples(runA, eval, metric);
    if (sa.size() < MIN_PAIRS) {
      return null;
    }
    SortedMap<String, Double> sb = store.samples(runB, eval, metric);
    List<String> common = new ArrayList<>(sa.keySet());
    common.retainAll(sb.keySet());
    if (common.size() < MIN_PAIRS) {
      return null;
    }
    double[] a = new double[common.size()];
    double[] b = new double[common.size()];
    for (int i = 0; i < common.size(); i++) {
      a[i] = sa.get(common.get(i));
      b[i] = sb.get(common.get(i));
    }
    return new Paired(Bootstrap.pairedDifference(a, b, (eval + "/" + metric).hashCode()),
        common.size());
  }

  /** Prints the comparison as a table. */
  public static void print(PrintStream out, VersionName a, VersionName b, List<Delta> deltas) {
    if (deltas.isEmpty()) {
      out.println("No eval results for " + a + " or " + b + "; run e.g. mmlake eval run "
          + "mix " + a);
      return;
    }
    out.printf(Locale.ROOT, "%-15s %-30s %12s %12s %12s  %-21s %-16s %s%n", "eval", "metric",
        a.version(), b.version(), "delta", "95% CI of delta", "interval", "verdict");
    for (Delta d : deltas) {
      String ci = d.ciLow() == null ? "" : String.format(Locale.ROOT, "[%+.4f, %+.4f]",
          d.ciLow(), d.ciHigh());
      String how = d.interval() == null ? "" : "paired".equals(d.interval())
          ? "paired n=" + d.pairs() : d.interval();
      String delta = d.delta() == null ? "" : String.format(Locale.ROOT, "%+.4f", d.delta());
      out.printf(Locale.ROOT, "%-15s %-30s %12s %12s %12s  %-21s %-16s %s%n", d.eval(),
          d.metric(), num(d.a()), num(d.b()), delta, ci, how, d.verdict());
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
