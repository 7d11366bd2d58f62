package dev.mmlake.engine.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.functions.Effect;
import dev.mmlake.functions.Effects;
import dev.mmlake.functions.FunctionCatalog;
import org.junit.jupiter.api.Test;

/** The effects mmlake's own functions declare, and how a plugin function declares its own. */
class FunctionEffectsTest {
  /** A user function declaring its effect on the class. */
  @Effects(Effect.WRITES_TABLES)
  public static final class Logging {
    public String eval(String s) {
      return s;
    }
  }

  @Test
  void builtInFunctionsDeclareWhatTheyDo() {
    FunctionEffects e = FunctionEffects.registered();
    assertThat(e.of("read_coco")).containsExactlyInAnyOrder(Effect.READS_SERVER_FILES,
        Effect.WRITES_CAS);
    assertThat(e.of("READ_FINEWEB")).contains(Effect.READS_SERVER_FILES);
    assertThat(e.of("embed_text")).containsExactly(Effect.WRITES_TABLES);
    assertThat(e.of("EMBED_CLIP")).contains(Effect.WRITES_TABLES, Effect.READS_BLOBS);
    assertThat(e.of("ANN_DEDUP")).containsExactly(Effect.WRITES_TABLES);
    assertThat(e.of("EXACT_DEDUP")).containsExactly(Effect.WRITES_TABLES);
    assertThat(e.of("CAS_GET")).containsExactly(Effect.READS_BLOBS);
    assertThat(e.of("IMAGE_RESIZE")).containsExactly(Effect.READS_BLOBS);
    assertThat(e.of("QUALITY_SCORE")).containsExactly(Effect.READS_BLOBS);
    assertThat(e.of("VIDEO_KEYFRAMES")).contains(Effect.READS_BLOBS, Effect.WRITES_CAS);
    assertThat(e.of("CONTENT_HASH")).isEmpty();
    assertThat(e.of("EMBEDDING")).isEmpty();
    assertThat(e.of("VERSION_DIFF")).isEmpty();
    assertThat(e.of("UPPER")).isEmpty();
  }

  @Test
  void anAnnotationDeclaresEffectsOfAFunctionRegisteredLater() {
    FunctionCatalog.register("TEST_LOGGING", Logging.class);
    assertThat(FunctionEffects.registered().of("test_logging"))
        .containsExactly(Effect.WRITES_TABLES);
  }
}
