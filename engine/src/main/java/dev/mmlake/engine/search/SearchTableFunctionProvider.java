package dev.mmlake.engine.search;

import dev.mmlake.functions.FunctionProvider;
import dev.mmlake.functions.FunctionRegistry;

/** Registers the pure table functions {@code VECTOR_SEARCH} and {@code VECTOR_SEARCH_BATCH}. */
public final class SearchTableFunctionProvider implements FunctionProvider {
  @Override
  public void register(FunctionRegistry registry) {
    registry.table("VECTOR_SEARCH", VectorSearchFunctions.class, "vectorSearch");
    registry.table("VECTOR_SEARCH_BATCH", VectorSearchFunctions.class, "vectorSearchBatch");
  }
}
