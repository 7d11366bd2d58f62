package dev.mmlake.engine.search;

import dev.mmlake.functions.FunctionProvider;
import dev.mmlake.functions.FunctionRegistry;

/**
 * Registers the pure functions of vector search: {@code VECTOR_SEARCH}, {@code VECTOR_SEARCH_BATCH}
 * and {@code COSINE_SIMILARITY}.
 */
public final class SearchTableFunctionProvider implements FunctionProvider {
  @Override
  public void register(FunctionRegistry registry) {
    registry.table("VECTOR_SEARCH", VectorSearchFunctions.class, "vectorSearch");
    registry.table("VECTOR_SEARCH_BATCH", VectorSearchFunctions.class, "vectorSearchBatch");
    registry.scalar("COSINE_SIMILARITY", CosineSimilarityFunction.class);
  }
}
