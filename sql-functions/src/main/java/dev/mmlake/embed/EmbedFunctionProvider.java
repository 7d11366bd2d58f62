package dev.mmlake.embed;

import dev.mmlake.functions.FunctionProvider;
import dev.mmlake.functions.FunctionRegistry;

/** Registers the embedding functions. */
public final class EmbedFunctionProvider implements FunctionProvider {
  @Override
  public void register(FunctionRegistry registry) {
    registry.scalar("EMBED_TEXT", EmbedTextFunction.class);
    registry.scalar("EMBED_CLIP", EmbedClipFunction.class);
    registry.scalar("EMBEDDING", EmbeddingFunction.class);
  }
}
