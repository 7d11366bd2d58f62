package dev.mmlake.versions;

import dev.mmlake.functions.FunctionProvider;
import dev.mmlake.functions.FunctionRegistry;

/** Registers the {@code VERSION_DIFF} table function. */
public final class VersionFunctionProvider implements FunctionProvider {
  @Override
  public void register(FunctionRegistry registry) {
    registry.table("VERSION_DIFF", VersionDiffFunction.class, "versionDiff");
  }
}
