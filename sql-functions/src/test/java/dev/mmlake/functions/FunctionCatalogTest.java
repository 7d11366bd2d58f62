package dev.mmlake.functions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FunctionCatalogTest {
  @Test
  void eachPackageRegistersItsFunctionsThroughItsProvider() {
    assertThat(FunctionCatalog.scalars().keySet()).containsSubsequence("CONTENT_HASH", "CAS_GET",
        "CAS_SIZE", "RUN_ID", "EMBED_TEXT", "EMBED_CLIP", "EMBEDDING", "QUALITY_SCORE",
        "TEXT_KEY", "IMAGE_THUMB_VECTOR", "IMAGE_INFO", "VIDEO_INFO", "VIDEO_KEYFRAMES",
        "AUDIO_INFO", "AUDIO_SILENCE_RATIO", "TOKEN_COUNT");
    assertThat(FunctionCatalog.scalars()).containsEntry("RUN_ID", RunIdFunction.class);
  }

  @Test
  void registerAddsOrReplacesAScalarFunction() {
    FunctionCatalog.register("test_run_id", RunIdFunction.class);
    assertThat(FunctionCatalog.scalars()).containsEntry("TEST_RUN_ID", RunIdFunction.class);
  }
}
