package dev.mmlake.functions;

/** Registers this package's functions: content hashing, CAS access and the run id. */
public final class CoreFunctionProvider implements FunctionProvider {
  @Override
  public void register(FunctionRegistry registry) {
    registry.scalar("CONTENT_HASH", ContentHashFunction.class);
    registry.scalar("CAS_GET", CasGetFunction.class, Effect.READS_BLOBS);
    registry.scalar("CAS_SIZE", CasSizeFunction.class, Effect.READS_BLOBS);
    registry.scalar("RUN_ID", RunIdFunction.class);
  }
}
