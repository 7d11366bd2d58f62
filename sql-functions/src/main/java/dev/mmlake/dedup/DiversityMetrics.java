package dev.mmlake.dedup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.metric.Metric;
import dev.mmlake.quality.QualityResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Summary metrics of a quality or deduplication run, for {@code obs.metrics}.
 *
 * <p>Dedup ({@value #DEDUP}): {@code items}, {@code clusters}, {@code near_duplicates_removed}
 * (items minus clusters), {@code removed_share}, {@code largest_cluster_share} (largest cluster
 * size over items) and {@code cluster_size_entropy}: the Shannon entropy of the cluster-size
 * distribution {@code p_c = size_c / items}, divided by {@code ln(items)}, its value when every
 * item is distinct (1 = no duplicates, 0 = one cluster; 1 for 0 or 1 item). Labels: method and
 * threshold.
 *
 * <p>Quality ({@value #QUALITY}): {@code items}, {@code pass_rate}, {@code mean_score}, and one
 * {@code fail_reason_count} per reason code, labelled {@code {"reason": code}}.
 */
public final class DiversityMetrics {
  public static final String DEDUP = "dedup";
  public static final String QUALITY = "quality";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DiversityMetrics() {
  }

  /** Metrics of an ANN dedup run. */
  public static List<Metric> dedup(AnnDedupResult result) {
    List<String> clusters = new ArrayList<>(result.rows().size());
    result.rows().forEach(r -> clusters.add(r.clusterId()));
    return dedup(clusters, result.method(), result.threshold());
  }

  /** Metrics of an exact dedup run ({@code method}: e.g. {@link ExactDedup#METHOD_TEXT}). */
  public static List<Metric> exact(List<ExactDecision> decisions, String method) {
    List<String> clusters = new ArrayList<>(decisions.size());
    decisions.forEach(d -> clusters.add(d.clusterId()));
    return dedup(clusters, method, 1.0);
  }

  /** Metrics from the cluster id of every item. */
  public static List<Metric> dedup(Collection<String> clusterIds, String method,
      double threshold) {
    Map<String, Integer> sizes = new HashMap<>();
    clusterIds.forEach(c -> sizes.merge(c, 1, Integer::sum));
    int items = clusterIds.size();
    int largest = sizes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    double entropy = 0;
    for (int size : sizes.values()) {
      double p = (double) size / items;
      entropy -= p * Math.log(p);
    }
    double normalized = items <= 1 ? 1 : entropy / Math.log(items);
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("method", method);
    labels.put("threshold", threshold);
    String l = json(labels);
    List<Metric> out = new ArrayList<>();
    out.add(new Metric(DEDUP, "items", items, l));
    out.add(new Metric(DEDUP, "clusters", sizes.size(), l));
    out.add(new Metric(DEDUP, "near_duplicates_removed", items - sizes.size(), l));
    out.add(new Metric(DEDUP, "removed_share",
        items == 0 ? 0 : (double) (items - sizes.size()) / items, l));
    out.add(new Metric(DEDUP, "largest_cluster_share", items == 0 ? 0 : (double) largest / items,
        l));
    out.add(new Metric(DEDUP, "cluster_size_entropy", normalized, l));
    return out;
  }

  /** Metrics of a quality run. */
  public static List<Metric> quality(Collection<QualityResult> results) {
    int items = results.size();
    long passed = results.stream().filter(QualityResult::passed).count();
    double scoreSum = 0;
    for (QualityResult r : results) {
      scoreSum += r.score();
    }
    double meanScore = results.isEmpty() ? 0 : scoreSum / results.size();
    Map<String, Integer> reasons = new TreeMap<>();
    results.stream().filter(r -> !r.passed())
        .forEach(r -> reasons.merge(r.reasonCode(), 1, Integer::sum));
    List<Metric> out = new ArrayList<>();
    out.add(new Metric(QUALITY, "items", items, "{}"));
    out.add(new Metric(QUALITY, "pass_rate", items == 0 ? 0 : (double) passed / items, "{}"));
    out.add(new Metric(QUALITY, "mean_score", meanScore, "{}"));
    reasons.forEach((code, count) -> out.add(
        new Metric(QUALITY, "fail_reason_count", count, json(Map.of("reason", code)))));
    return out;
  }

  private static String json(Map<String, ?> labels) {
    try {
      return JSON.writeValueAsString(labels);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write metric labels as JSON", e);
    }
  }
}
