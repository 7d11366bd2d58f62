package dev.mmlake.engine;

import dev.mmlake.catalog.ForwardingTableOperations;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.demo.SampleIngest;
import dev.mmlake.engine.iceberg.IngestCheckpoints;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;

/**
 * The process {@link CheckpointCrashTest} kills: {@code <home> <samples> <items> <commitDelayMs>}
 * ingests the COCO samples into {@code lake.items} with {@code ingest.checkpoint-items=<items>};
 * each commit to {@code lake.items} takes {@code commitDelayMs} longer, so the ingest is still
 * running after its first checkpoint.
 */
public final class CheckpointedIngestMain {
  private CheckpointedIngestMain() {
  }

  public static void main(String[] args) {
    Path home = Path.of(args[0]);
    Path samples = Path.of(args[1]);
    long delay = Long.parseLong(args[3]);
    LakehouseConfig config = LakehouseConfig.embedded(home)
        .with(IngestCheckpoints.ITEMS, args[2]);
    Lakehouse lakehouse = Lakehouse.open(config, (id, ops) -> id.toString().equals("lake.items")
        ? new SlowCommits(ops, delay) : ops);
    try (Engine engine = Engine.of(lakehouse); Session s = engine.newSession("crash")) {
      s.execute(coco(samples)).close();
    }
    System.out.println("finished");
  }

  /** The COCO ingest of the sample corpus under {@code samples}. */
  static String coco(Path samples) {
    return SampleIngest.statements(samples).get(1);
  }

  /** Delegates, sleeping before each commit. */
  private static final class SlowCommits extends ForwardingTableOperations {
    private final long delayMs;

    SlowCommits(TableOperations delegate, long delayMs) {
      super(delegate);
      this.delayMs = delayMs;
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      try {
        TimeUnit.MILLISECONDS.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      super.commit(base, metadata);
    }
  }
}
