package dev.mmlake.cli;

import dev.mmlake.embed.ModelRegistry;
import dev.mmlake.embed.ModelSpec;
import dev.mmlake.engine.Engine;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mmlake model}: register and list embedding models. */
@Command(name = "model", mixinStandardHelpOptions = true,
    description = "Register and list embedding models (stored in lake.models).",
    subcommands = {ModelCommand.Register.class, ModelCommand.ListModels.class})
public final class ModelCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code mmlake model register NAME DIR}. */
  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Register the model in DIR under NAME; its version derives from the files.")
  public static final class Register implements Callable<Integer> {
    @Mixin LakehouseOptions lakehouse;

    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Parameters(index = "1", paramLabel = "DIR") Path dir;

    @Override
    public Integer call() {
      try (Engine engine = lakehouse.openEngine()) {
        ModelSpec s = new ModelRegistry(engine.lakehouse()).register(name, dir);
        System.out.println("Registered " + s.name() + " version " + s.version() + " (" + s.dim()
            + " dims, " + s.modality() + ")");
      }
      return 0;
    }
  }

  /** {@code mmlake model list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered models.")
  public static final class ListModels implements Callable<Integer> {
    @Mixin LakehouseOptions lakehouse;

    @Override
    public Integer call() {
      try (Engine engine = lakehouse.openEngine()) {
        for (ModelSpec s : new ModelRegistry(engine.lakehouse()).list()) {
          System.out.printf("%-24s %-18s %5d dims  %-10s %s%n", s.name(), s.version(), s.dim(),
              s.modality(), s.location() == null ? "" : s.location());
        }
      }
      return 0;
    }
  }
}
