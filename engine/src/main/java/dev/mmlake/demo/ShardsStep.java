package dev.mmlake.demo;

/**
 * WebDataset shards of one COCO version: {@code WRITE_SHARDS} writes {@code coco@v002} under the
 * lakehouse folder with the cached CLIP vectors as {@code .npy} members, records the shards in
 * {@code lake.shards}, and a second identical write is a no-op.
 */
final class ShardsStep implements DemoStep {
  /** Where the demo's shard set goes, relative to the lakehouse folder. */
  static final String FOLDER = "shards/coco/v002";

  private final boolean clip;

  ShardsStep(boolean clip) {
    this.clip = clip;
  }

  @Override
  public String title() {
    return "WebDataset shards of coco@v002, recorded in lake.shards";
  }

  @Override
  public void run(Demo.Context ctx) {
    String options = clip ? "{\"max_samples\": 4, \"seed\": 7, \"embeddings\": \"clip\"}"
        : "{\"max_samples\": 4, \"seed\": 7}";
    if (!clip) {
      ctx.out().println("-- no CLIP model configured: shards without .npy embeddings");
    }
    String write = "SELECT shard, samples, bytes, SUBSTRING(sha256 FROM 1 FOR 16) AS sha256, "
        + "SUBSTRING(first_key FROM 1 FOR 12) AS first_key, "
        + "SUBSTRING(last_key FROM 1 FOR 12) AS last_key "
        + "FROM TABLE(WRITE_SHARDS(CURSOR(SELECT * FROM datasets.\"coco@v002\"), '"
        + FOLDER + "', '" + options + "')) ORDER BY shard";
    ctx.sql(write);
    ctx.out().println("-- " + ctx.home().resolve(FOLDER) + " holds the .tar files and "
        + "coco-v002-index.json; Python's tarfile or webdataset reads them without mmlake");
    ctx.sql("SELECT version, snapshot_id, shard, samples, bytes, SUBSTRING(sha256 FROM 1 FOR 16) "
        + "AS sha256, SUBSTRING(options_hash FROM 1 FOR 12) AS options_hash FROM lake.shards "
        + "ORDER BY shard");
    ctx.sql("SELECT metric, \"value\" FROM obs.metrics WHERE stage = 'shards' "
        + "AND labels LIKE '%options_hash%' ORDER BY metric");
    ctx.out().println("-- the same version with the same options again: a no-op that returns "
        + "the recorded shards");
    ctx.sql("SELECT COUNT(*) AS shards, SUM(samples) AS samples FROM TABLE(WRITE_SHARDS(CURSOR("
        + "SELECT * FROM datasets.\"coco@v002\"), '" + FOLDER + "', '" + options + "'))");
    ctx.sql("SELECT COUNT(*) AS rows_in_lake_shards FROM lake.shards");
    ctx.out().println("-- what the demo cost, per stage (obs.metrics, priced by cost.*; "
        + "docs/observability.md)");
    ctx.sql("SELECT stage, COUNT(DISTINCT run_id) AS runs, ROUND(SUM(\"value\"), 6) AS cost_usd "
        + "FROM obs.metrics WHERE metric = 'cost' AND labels NOT LIKE '%basis%' GROUP BY stage "
        + "ORDER BY stage");
  }
}
