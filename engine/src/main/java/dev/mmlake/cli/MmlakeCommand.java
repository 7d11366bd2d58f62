package dev.mmlake.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code mmlake} command. */
@Command(name = "mmlake", mixinStandardHelpOptions = true, version = "mmlake 0.1.0",
    description = "SQL-first multimodal data lakehouse: Iceberg tables, Calcite SQL, CAS blobs.",
    subcommands = {InitCommand.class, SqlCommand.class, ShellCommand.class, DemoCommand.class,
        BenchCommand.class, SamplesCommand.class, EmbedCommand.class, ModelCommand.class,
        RunCommand.class, VersionCommand.class, ShardsCommand.class, LoaderCommand.class,
        picocli.CommandLine.HelpCommand.class})
public final class MmlakeCommand implements Runnable {
  @Option(names = {"-v", "--verbose"}, scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Print stack traces on errors")
  boolean verbose;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
