package dev.mmlake.embed;

import dev.mmlake.functions.Effect;
import dev.mmlake.functions.FunctionProvider;
import dev.mmlake.functions.FunctionRegistry;

/** Registers the embedding functions. */
public final class EmbedFunctionProvider implements FunctionProvider {
  @Override
  public void register(FunctionRegistry registry) {
    // the embedding cache and model registrations are table writes
    registry.scalar("EMBED_TEXT", EmbedTextFunction.class, Effect.WRITES_TABLES);
    registry.scalar("EMBED_CLIP", EmbedClipFunction.class, Effect.WRITES_TABLES,
        Effect.READS_BLOBS);
    registry.scalar("EMBEDDING", EmbeddingFunction.class); // reads lake.embeddings only
    // the URI form reads blob bytes; the bytes form is pure
    registry.scalar("IMAGE_RESIZE", ImageResizeFunction.class, Effect.READS_BLOBS);
  }
}
