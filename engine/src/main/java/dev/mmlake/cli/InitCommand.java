package dev.mmlake.cli;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.engine.BiViews;
import dev.mmlake.engine.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mmlake init}: creates the namespaces and core tables; safe to run again. */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Create the lakehouse's namespaces, core tables and bi views (idempotent).")
public final class InitCommand implements Callable<Integer> {
  @Mixin LakehouseOptions lakehouse;

  @Override
  public Integer call() {
    Lakehouse lh = Lakehouse.open(lakehouse.config());
    int created;
    try {
      created = Engine.init(lh);
    } catch (RuntimeException e) {
      lh.close();
      throw e;
    }
    try (Engine engine = Engine.of(lh)) {
      int views = BiViews.install(engine);
      System.out.println("Lakehouse at " + lh.config().home() + ": " + created
          + " table(s) created, " + views + " bi view(s) written, catalog "
          + lh.config().catalogUri());
    }
    return 0;
  }
}
