package dev.mmlake.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.error.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AnnDedupTest {
  static final int DIM = 48;

  @ParameterizedTest
  @EnumSource(value = AnnOptions.Method.class, names = {"BRUTE_FORCE", "LSH"})
  void findsPlantedNearDuplicatesAndKeepsTheBestQuality(AnnOptions.Method method) {
    int n = 300;
    float[][] v = randomUnit(n, DIM, 1);
    v[10] = nearCopy(v[5], 0.1, 2);   // cos ~ 0.995
    v[11] = nearCopy(v[5], 0.15, 3);
    v[200] = nearCopy(v[17], 0.2, 4);
    String[] ids = ids(n);
    double[] quality = new double[n];
    quality[11] = 0.9;   // the best of {5, 10, 11}
    AnnDedupResult r = AnnDedup.run(ids, v, quality, 0.9, options(method));
    Map<String, AnnDedupRow> byId = byId(r);

    assertThat(r.method()).startsWith(method == AnnOptions.Method.LSH ? "lsh_simhash" : "brute");
    assertThat(r.removed()).isEqualTo(3);
    assertThat(byId.get(ids[5]).clusterId()).isEqualTo(ids[11]);
    assertThat(byId.get(ids[10]).clusterId()).isEqualTo(ids[11]);
    assertThat(byId.get(ids[11]).kept()).isTrue();
    assertThat(byId.get(ids[5]).kept()).isFalse();
    // equal quality: the smallest id wins
    assertThat(byId.get(ids[200]).clusterId()).isEqualTo(ids[17]);
    assertThat(byId.get(ids[17]).kept()).isTrue();
    assertThat(byId.get(ids[200]).nearestId()).isEqualTo(ids[17]);
    assertThat(byId.get(ids[200]).similarity()).isCloseTo(cosine(v[17], v[200]),
        Offset.offset(1e-5));
    // a vector without near-duplicates is its own cluster
    AnnDedupRow lone = byId.get(ids[42]);
    assertThat(lone.clusterId()).isEqualTo(ids[42]);
    assertThat(lone.kept()).isTrue();
    assertThat(lone.nearestId()).isNull();
    assertThat(lone.similarity()).isNull();
  }

  @Test
  void similarVectorsBelowTheThresholdAreNotMerged() {
    float[][] v = randomUnit(2, DIM, 9);
    // v1 = 0.85 * v0 + sqrt(1 - 0.85^2) * (unit vector orthogonal to v0): cosine exactly 0.85
    float[] orth = v[1].clone();
    double d = cosine(v[0], orth);
    for (int i = 0; i < DIM; i++) {
      orth[i] -= (float) (d * v[0][i]);
    }
    normalize(orth);
    for (int i = 0; i < DIM; i++) {
      v[1][i] = (float) (0.85 * v[0][i] + Math.sqrt(1 - 0.85 * 0.85) * orth[i]);
    }
    assertThat(AnnDedup.run(new String[] {"a", "b"}, v, null, 0.9).removed()).isZero();
    assertThat(AnnDedup.run(new String[] {"a", "b"}, v, null, 0.8).removed()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(value = AnnOptions.Method.class, names = {"BRUTE_FORCE", "LSH"})
  void outputIsIndependentOfInputRowOrder(AnnOptions.Method method) {
    int n = 3000;
    float[] flat = SyntheticVectors.generate(n, DIM, 20, 0.8, 0.15, 0.05, 0.6, 11);
    String[] ids = ids(n);
    double[] quality = new double[n];
    Random random = new Random(5);
    for (int i = 0; i < n; i++) {
      quality[i] = random.nextInt(3);   // many ties
    }
    AnnDedupResult a = AnnDedup.run(ids, flat, DIM, quality, 0.9, options(method));

    List<Integer> perm = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      perm.add(i);
    }
    Collections.shuffle(perm, new Random(99));
    String[] ids2 = new String[n];
    float[][] rows2 = new float[n][];
    double[] quality2 = new double[n];
    for (int i = 0; i < n; i++) {
      int src = perm.get(i);
      ids2[i] = ids[src];
      rows2[i] = Arrays.copyOfRange(flat, src * DIM, (src + 1) * DIM);
      quality2[i] = quality[src];
    }
    AnnDedupResult b = AnnDedup.run(ids2, rows2, quality2, 0.9, options(method));
    assertThat(a.removed()).isGreaterThan(100);
    assertThat(b.rows()).isEqualTo(a.rows());
    assertThat(b.method()).isEqualTo(a.method());
  }

  @Test
  void unnormalizedInputIsNormalizedOnACopy() {
    float[][] v = randomUnit(50, DIM, 3);
    v[7] = nearCopy(v[3], 0.1, 4);
    AnnDedupResult unit = AnnDedup.run(ids(50), v, null, 0.95);
    float[][] scaled = new float[50][];
    for (int i = 0; i < 50; i++) {
      scaled[i] = v[i].clone();
      for (int d = 0; d < DIM; d++) {
        scaled[i][d] *= 3 + i;
      }
    }
    float before = scaled[7][0];
    AnnDedupResult r = AnnDedup.run(ids(50), scaled, null, 0.95);
    assertThat(r.rows()).extracting(AnnDedupRow::clusterId)
        .isEqualTo(unit.rows().stream().map(AnnDedupRow::clusterId).collect(Collectors.toList()));
    assertThat(r.removed()).isEqualTo(1);
    assertThat(scaled[7][0]).isEqualTo(before);
  }

  @Test
  void rejectsBadInput() {
    float[][] v = randomUnit(2, DIM, 1);
    assertThatThrownBy(() -> AnnDedup.run(new String[] {"a", "a"}, v, null, 0.9))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("appears twice");
    assertThatThrownBy(() -> AnnDedup.run(new String[] {"a"}, v, null, 0.9))
        .hasMessageContaining("1 ids but 2 vectors");
    assertThatThrownBy(() -> AnnDedup.run(new String[] {"a", "b"}, v, null, 1.5))
        .hasMessageContaining("threshold");
    assertThatThrownBy(() -> AnnDedup.run(new String[] {"a", "b"},
        new float[][] {v[0], new float[3]}, null, 0.9)).hasMessageContaining("dimensions");
    assertThatThrownBy(() -> AnnDedup.run(new String[] {"a", "b"}, v, new double[1], 0.9))
        .hasMessageContaining("quality");
    assertThat(AnnDedup.run(new String[0], new float[0][], null, 0.9).rows()).isEmpty();
    AnnOptions lsh = options(AnnOptions.Method.LSH);
    assertThat(AnnDedup.run(new String[0], new float[0][], null, 0.9, lsh).rows()).isEmpty();
    assertThat(AnnDedup.run(new String[] {"only"}, new float[][] {v[0]}, null, 0.9, lsh).rows())
        .containsExactly(new AnnDedupRow("only", "only", true, null, null));
  }

  static AnnOptions options(AnnOptions.Method method) {
    return AnnOptions.defaults().withMethod(method).withThreads(2);
  }

  static Map<String, AnnDedupRow> byId(AnnDedupResult r) {
    return r.rows().stream().collect(Collectors.toMap(AnnDedupRow::id, Function.identity()));
  }

  static String[] ids(int n) {
    return SyntheticVectors.ids(n);
  }

  static float[][] randomUnit(int n, int dim, long seed) {
    Random random = new Random(seed);
    float[][] v = new float[n][dim];
    for (float[] row : v) {
      for (int d = 0; d < dim; d++) {
        row[d] = (float) random.nextGaussian();
      }
      normalize(row);
    }
    return v;
  }

  static float[] nearCopy(float[] base, double noise, long seed) {
    Random random = new Random(seed);
    float[] out = new float[base.length];
    for (int d = 0; d < base.length; d++) {
      out[d] = (float) (base[d] + noise / Math.sqrt(base.length) * random.nextGaussian());
    }
    normalize(out);
    return out;
  }

  static void normalize(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    for (int d = 0; d < v.length; d++) {
      v[d] /= (float) Math.sqrt(s);
    }
  }

  static double cosine(float[] a, float[] b) {
    double s = 0;
    for (int d = 0; d < a.length; d++) {
      s += (double) a[d] * b[d];
    }
    return s;
  }
}
