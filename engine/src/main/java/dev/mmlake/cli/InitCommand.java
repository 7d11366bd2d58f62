package dev.mmlake.cli;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.engine.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mmlake init}: creates the namespaces and core tables; safe to run again. */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Create the lakehouse's namespaces and core tables (idempotent).")
public final class InitCommand implements Callable<Integer> {
  @Mixin LakehouseOptions lakehouse;

  @Override
  public Integer call() {
    try (Lakehouse lh = Lakehouse.open(lakehouse.config())) {
      int created = Engine.init(lh);
      System.out.println("Lakehouse at " + lh.config().home() + ": " + created
          + " table(s) created, catalog " + lh.config().catalogUri());
    }
    return 0;
  }
}
