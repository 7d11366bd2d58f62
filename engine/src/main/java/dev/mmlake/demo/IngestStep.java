package dev.mmlake.demo;

import dev.mmlake.samples.SampleCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Generates the sample corpora and ingests all five sources into the content store. */
final class IngestStep implements DemoStep {
  @Override
  public String title() {
    return "Ingest five sources (FineWeb-Edu, COCO, LibriSpeech, MSR-VTT, FineVideo) into CAS";
  }

  @Override
  public void run(Demo.Context ctx) {
    Path samples = ctx.home().resolve("samples");
    try {
      SampleCorpus.Summary s = SampleCorpus.generate(samples);
      ctx.out().println("-- generated " + s.total() + " sample items under " + samples);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String sql : SampleIngest.statements(samples)) {
      ctx.sql(sql);
    }
    ctx.out().println("-- re-ingesting COCO is idempotent (same ids, same blobs):");
    ctx.sql(SampleIngest.statements(samples).get(1));
    ctx.sql("SELECT source, modality, COUNT(*) AS items, SUM(size_bytes) AS bytes, "
        + "MIN(license) AS license FROM lake.items GROUP BY source, modality ORDER BY source");
    ctx.sql("SELECT error_type, source, COUNT(*) AS failures FROM obs.failures "
        + "GROUP BY error_type, source ORDER BY error_type");
    ctx.sql("SELECT COUNT(*) AS items, COUNT(DISTINCT content_hash) AS distinct_blobs "
        + "FROM lake.items");
  }
}
