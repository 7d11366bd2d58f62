package dev.mmlake.lineage;

import java.time.Instant;

/**
 * One hop of an item's lineage, a row of {@code LINEAGE('<item id>')}.
 *
 * @param hopNo 1-based position in the lineage
 * @param hop the kind of hop: source, blob, asset, quality, dedup, embedding, version, shard,
 *     loader
 * @param name what the hop is about (a file, a URI, a verdict, a model, a version, a shard)
 * @param detail a JSON object with the hop's facts
 * @param runId the {@code obs.runs} run (or loader run) behind it, when known
 * @param snapshotId the Iceberg snapshot involved (a version's tag), when there is one
 * @param at when it happened, when known
 */
public record Hop(int hopNo, String hop, String name, String detail, String runId,
    Long snapshotId, Instant at) {
  public static final String SOURCE = "source";
  public static final String BLOB = "blob";
  public static final String ASSET = "asset";
  public static final String QUALITY = "quality";
  public static final String DEDUP = "dedup";
  public static final String EMBEDDING = "embedding";
  public static final String VERSION = "version";
  public static final String SHARD = "shard";
  public static final String LOADER = "loader";
}
