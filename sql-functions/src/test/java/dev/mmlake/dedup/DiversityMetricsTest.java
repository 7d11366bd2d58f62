package dev.mmlake.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.metric.Metric;
import dev.mmlake.quality.QualityResult;
import dev.mmlake.quality.QualityScorer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiversityMetricsTest {
  @TempDir Path dir;

  @Test
  void dedupMetricsFromClusterSizes() {
    // clusters: a x4, b x2, c, d  -> 8 items, 4 clusters
    List<String> clusters = List.of("a", "a", "a", "a", "b", "b", "c", "d");
    Map<String, Double> m = values(DiversityMetrics.dedup(clusters, "brute_force", 0.9));
    assertThat(m).containsEntry("items", 8.0).containsEntry("clusters", 4.0)
        .containsEntry("near_duplicates_removed", 4.0).containsEntry("removed_share", 0.5)
        .containsEntry("largest_cluster_share", 0.5);
    double h = -(0.5 * Math.log(0.5) + 0.25 * Math.log(0.25) + 2 * 0.125 * Math.log(0.125));
    assertThat(m.get("cluster_size_entropy")).isCloseTo(h / Math.log(8), within(1e-12));
    assertThat(values(DiversityMetrics.dedup(List.of("a", "b", "c"), "x", 0.9))
        .get("cluster_size_entropy")).isCloseTo(1.0, within(1e-12));
    assertThat(values(DiversityMetrics.dedup(List.of("a", "a"), "x", 0.9))
        .get("cluster_size_entropy")).isZero();
  }

  @Test
  void qualityMetricsCountReasons() {
    List<QualityResult> results = List.of(
        QualityScorer.text("short text", null, null, null),
        QualityScorer.text("tiny", null, null, null),
        QualityScorer.text(null, null, null, null),
        QualityScorer.image(null, null, null));
    List<Metric> metrics = DiversityMetrics.quality(results);
    assertThat(values(metrics)).containsEntry("items", 4.0).containsEntry("pass_rate", 0.0);
    assertThat(metrics).filteredOn(x -> x.metric().equals("fail_reason_count"))
        .extracting(Metric::labelsJson, Metric::value)
        .containsExactly(
            Tuple.tuple("{\"reason\":\"empty\"}", 1.0),
            Tuple.tuple("{\"reason\":\"too_short\"}", 2.0),
            Tuple.tuple("{\"reason\":\"undecodable\"}", 1.0));
  }

  @Test
  void writerAppendsToObsMetrics() throws Exception {
    try (Lakehouse lh = Lakehouse.open(LakehouseConfig.embedded(dir))) {
      lh.init();
      AnnDedupResult r = AnnDedup.run(new String[] {"x", "y"},
          new float[][] {{1, 0}, {0.999f, 0.01f}}, null, 0.9);
      List<Metric> metrics = DiversityMetrics.dedup(r);
      long snapshot = MetricsWriter.append(lh, "run-1", Instant.parse("2026-01-01T00:00:00Z"),
          metrics);
      assertThat(snapshot).isPositive();
      List<Record> rows = new ArrayList<>();
      try (CloseableIterable<Record> it = IcebergGenerics.read(lh.table(LakeTables.METRICS))
          .build()) {
        it.forEach(rows::add);
      }
      assertThat(rows).hasSize(metrics.size());
      Map<Object, Record> byName = rows.stream()
          .collect(Collectors.toMap(x -> x.getField("metric"), Function.identity()));
      assertThat(byName.get("near_duplicates_removed").getField("value")).isEqualTo(1.0);
      assertThat(byName.get("items").getField("run_id")).isEqualTo("run-1");
      assertThat((String) byName.get("items").getField("labels"))
          .isEqualTo("{\"method\":\"brute_force\",\"threshold\":0.9}");
      assertThat(lh.catalog().tableExists(LakeTables.QUALITY)).isTrue();
      assertThat(lh.catalog().tableExists(LakeTables.DEDUP)).isTrue();
      assertThat(MetricsWriter.append(lh, "run-2", Instant.now(), List.of())).isEqualTo(-1);
    }
  }

  static Map<String, Double> values(List<Metric> metrics) {
    return metrics.stream().filter(m -> !m.metric().equals("fail_reason_count"))
        .collect(Collectors.toMap(Metric::metric, Metric::value));
  }
}
