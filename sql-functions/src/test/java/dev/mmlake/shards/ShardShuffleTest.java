package dev.mmlake.shards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardShuffleTest {
  /** The algorithm of docs/shards.md, in Python: must give the same order as the Java code. */
  static final String PYTHON_REFERENCE = """
      import sys
      M = (1 << 64) - 1
      def shuffle(ids, seed):
          ids = sorted(ids, key=lambda s: s.encode('utf-16-be'))
          state = seed & M
          def nxt():
              nonlocal state
              state = (state + 0x9E3779B97F4A7C15) & M
              z = state
              z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
              z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
              return z ^ (z >> 31)
          def bounded(b):
              while True:
                  r = nxt() >> 1
                  if r < (1 << 63) - ((1 << 63) % b):
                      return r % b
          for i in range(len(ids) - 1, 0, -1):
              j = bounded(i + 1)
              ids[i], ids[j] = ids[j], ids[i]
          return ids
      print(' '.join(shuffle(sys.argv[2:], int(sys.argv[1]))))
      """;

  @Test
  void splitMix64MatchesTheReferenceVectors() {
    ShardShuffle rng = ShardShuffle.seeded(0);
    assertThat(rng.next()).isEqualTo(0xE220A8397B1DCDAFL);
    assertThat(rng.next()).isEqualTo(0x6E789E6AA1B965F4L);
  }

  @Test
  void orderDependsOnSeedNotOnInputOrder() {
    List<String> ids = IntStream.range(0, 500).mapToObj(i -> "item-" + i).toList();
    List<String> reversed = new ArrayList<>(ids);
    Collections.reverse(reversed);
    List<String> a = ShardShuffle.shuffle(ids, Function.identity(), 7);
    assertThat(ShardShuffle.shuffle(reversed, Function.identity(), 7)).isEqualTo(a);
    assertThat(ShardShuffle.shuffle(ids, Function.identity(), 8)).isNotEqualTo(a);
    assertThat(a).containsExactlyInAnyOrderElementsOf(ids).isNotEqualTo(ids);
  }

  @Test
  void boundedIsInRange() {
    ShardShuffle rng = ShardShuffle.seeded(42);
    for (long b : new long[] {1, 2, 3, 7, 1000, Integer.MAX_VALUE, Long.MAX_VALUE}) {
      for (int i = 0; i < 100; i++) {
        assertThat(rng.bounded(b)).isBetween(0L, b - 1);
      }
    }
  }

  @Test
  void pythonPortGivesTheSameOrder() throws Exception {
    List<String> ids = IntStream.range(0, 60).mapToObj(i -> "id" + (i * 7919 % 101)).distinct()
        .toList();
    for (long seed : new long[] {0, 7, -3, Long.MAX_VALUE}) {
      List<String> args = new ArrayList<>(List.of(Long.toString(seed)));
      args.addAll(ids);
      String out = Python.script(PYTHON_REFERENCE, "sys", args.toArray(String[]::new));
      assertThat(List.of(out.strip().split(" ")))
          .isEqualTo(ShardShuffle.shuffle(ids, Function.identity(), seed));
    }
  }
}
