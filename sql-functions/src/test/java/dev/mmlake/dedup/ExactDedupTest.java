package dev.mmlake.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactDedupTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void keepsHighestQualityThenEarliestThenSmallestId() {
    List<ExactCandidate> items = List.of(
        new ExactCandidate("a", "h1", 0.5, T0),
        new ExactCandidate("b", "h1", 0.9, T0.plusSeconds(60)),
        new ExactCandidate("c", "h2", 0.5, T0.plusSeconds(5)),
        new ExactCandidate("d", "h2", 0.5, T0),
        new ExactCandidate("e", "h3", null, null),
        new ExactCandidate("f", "h3", null, null),
        new ExactCandidate("g", "h3", Double.NaN, T0),
        new ExactCandidate("h", null, 0.1, T0),
        new ExactCandidate("i", null, 0.1, T0));
    List<ExactDecision> out = ExactDedup.run(items);
    assertThat(out).containsExactly(
        new ExactDecision("a", "b", false, 2),
        new ExactDecision("b", "b", true, 2),
        new ExactDecision("c", "d", false, 2),
        new ExactDecision("d", "d", true, 2),
        new ExactDecision("e", "g", false, 3),
        new ExactDecision("f", "g", false, 3),
        new ExactDecision("g", "g", true, 3),
        new ExactDecision("h", "h", true, 1),
        new ExactDecision("i", "i", true, 1));

    List<ExactCandidate> shuffled = new ArrayList<>(items);
    Collections.shuffle(shuffled, new Random(1));
    assertThat(ExactDedup.run(shuffled)).isEqualTo(out);
  }

  @Test
  void textKeyIgnoresFormCaseSpacingAndPunctuation() {
    assertThat(TextNormalizer.normalize("  Ｈｅｌｌｏ,\u00A0 WORLD!!\n\tIt's  me. "))
        .isEqualTo("hello world its me");
    assertThat(TextNormalizer.key("Hello, world")).isEqualTo(TextNormalizer.key("hello  WORLD."))
        .hasSize(64);
    assertThat(TextNormalizer.key("hello world")).isNotEqualTo(TextNormalizer.key("hello word"));
    assertThat(TextNormalizer.key(null)).isNull();
  }

  @Test
  void duplicateIdsAreRejected() {
    assertThatThrownBy(() -> ExactDedup.run(List.of(new ExactCandidate("a", "k", 1.0, T0),
        new ExactCandidate("a", "k", 1.0, T0)))).hasMessageContaining("appears twice");
  }
}
