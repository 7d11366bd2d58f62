package dev.mmlake.cli;

import dev.mmlake.datasheet.Datasheets;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.versions.VersionName;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmlake datasheet <dataset@version>}: the version's datasheet as Markdown and HTML. */
@Command(name = "datasheet", mixinStandardHelpOptions = true,
    description = {"Write a dataset version's datasheet (\"Datasheets for Datasets\" headings) as "
        + "datasheet.md and a self-contained datasheet.html with charts, filled from the "
        + "lakehouse (see docs/versions.md#datasheets)."})
public final class DatasheetCommand implements Callable<Integer> {
  @Mixin LakehouseOptions lakehouse;

  @Parameters(index = "0", paramLabel = "DATASET@VERSION", description = "e.g. coco@v002")
  String version;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Folder to write into (default: datasheet/<dataset>@<version> under the "
          + "lakehouse home)")
  Path out;

  @Override
  public Integer call() {
    VersionName name = VersionName.parse(version);
    try (Engine engine = lakehouse.openEngine(); Session session = engine.newSession()) {
      Path dir = out != null ? out
          : engine.lakehouse().config().home().resolve("datasheet").resolve(name.toString());
      Datasheets.Written w = Datasheets.write(session, name, dir);
      System.out.println("Datasheet of " + name + ": " + w.markdown().toAbsolutePath() + ", "
          + w.html().toAbsolutePath());
    }
    return 0;
  }
}
