package dev.mmlake.cli;

import dev.mmlake.demo.SampleIngest;
import dev.mmlake.samples.SampleCorpus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmlake samples <dir>}: writes the sample corpora in the sources' real layouts. */
@Command(name = "samples", mixinStandardHelpOptions = true,
    description = "Write small sample corpora for every source (FineWeb-Edu, COCO, LibriSpeech, "
        + "MSR-VTT, FineVideo) in their real on-disk layouts, with planted defects and duplicates.")
public final class SamplesCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "Empty or missing folder to write into")
  Path dir;

  @Option(names = "--seed", description = "Random seed (default: the bundled corpus seed)")
  Long seed;

  @Override
  public Integer call() throws Exception {
    SampleCorpus.Summary s = SampleCorpus.generate(dir,
        seed == null ? SampleCorpus.DEFAULT_SEED : seed);
    System.out.println("Wrote sample corpora to " + dir + ": " + s);
    System.out.println("Ingest them with the SQL in docs/connectors.md, e.g.:");
    for (String sql : SampleIngest.statements(dir)) {
      System.out.println("  ./mmlake sql \"" + sql + "\"");
    }
    return 0;
  }
}
