package dev.mmlake.cli;

import dev.mmlake.console.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code mmlake} command. */
@Command(name = "mmlake", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
    description = "SQL-first multimodal data lakehouse: Iceberg tables, Calcite SQL, CAS blobs.",
    subcommands = {InitCommand.class, SqlCommand.class, ShellCommand.class, DemoCommand.class,
        BenchCommand.class, SamplesCommand.class, EmbedCommand.class, ModelCommand.class,
        RunCommand.class, VersionCommand.class, ShardsCommand.class, MaintainCommand.class,
        LoaderCommand.class, TraceCommand.class, ConfigCommand.class, CompletionCommand.class,
        EvalCommand.class, DatasheetCommand.class,
        picocli.CommandLine.HelpCommand.class})
public final class MmlakeCommand implements Runnable {
  boolean verbose;

  @Option(names = {"-v", "--verbose"}, scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Print stack traces on errors and log at INFO (mmlake at DEBUG)")
  void verbose(boolean on) {
    verbose = on;
    if (on) {
      LogLevels.verbose();
    }
  }

  @Option(names = {"-q", "--quiet"}, scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "No progress output and no timings on stderr (errors and warnings still print)")
  void quiet(boolean on) {
    ProgressBar.quiet(on);
  }

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
