package dev.mmlake.engine.shards;

import dev.mmlake.functions.Effect;
import dev.mmlake.functions.FunctionProvider;
import dev.mmlake.functions.FunctionRegistry;

/** Registers the {@code WRITE_SHARDS} table function. */
public final class ShardFunctionProvider implements FunctionProvider {
  @Override
  public void register(FunctionRegistry registry) {
    registry.table("WRITE_SHARDS", WriteShardsFunction.class, "writeShards",
        Effect.WRITES_SERVER_FILES, Effect.READS_BLOBS, Effect.WRITES_TABLES);
  }
}
