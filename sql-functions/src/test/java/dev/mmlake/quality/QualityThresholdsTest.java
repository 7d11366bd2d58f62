package dev.mmlake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.error.InvalidArgumentException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityThresholdsTest {
  @Test
  void jsonOverridesApplyWithOrWithoutPrefix() {
    QualityThresholds t = QualityThresholds.ofJson(Modality.AUDIO,
        "{\"audio.max_silence_ratio\": 0.9, \"clip_level\": \"0.95\", \"text.min_tokens\": 3}");
    assertThat(t.get("max_silence_ratio")).isEqualTo(0.9);
    assertThat(t.get("clip_level")).isEqualTo(0.95);
    assertThat(t.get("min_duration_s")).isEqualTo(1.0);
    assertThat(t.toJson()).contains("\"audio.max_silence_ratio\":0.9");
  }

  @Test
  void unknownKeysAndBadValuesAreRejected() {
    assertThatThrownBy(() -> QualityThresholds.of(Modality.TEXT, Map.of("min_tokenz", "3")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("min_tokenz");
    assertThatThrownBy(() -> QualityThresholds.of(Modality.TEXT, Map.of("text.min_side", "3")))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> QualityThresholds.of(Modality.TEXT, Map.of("min_tokens", "many")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("finite number");
    assertThatThrownBy(() -> QualityThresholds.ofJson(Modality.TEXT, "[1]"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("JSON object");
  }
}
