package dev.mmlake.catalog;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.exceptions.AlreadyExistsException;

/**
 * Records {@link DerivedAsset}s in {@code lake.assets} as a side write of the running statement:
 * the rows are committed after the statement's main commit and discarded when it fails, like
 * the embedding cache. The table is unique on {@code asset_id}, so a transform run twice on the
 * same parent records its assets once (the first run stays their creator). Thread-safe: scalar
 * functions may call it from several batch threads.
 *
 * <p>Transforms call {@code AssetRecorder.of(StatementContext.current()).record(asset)}.
 */
public final class AssetRecorder {
  private final StatementContext context;

  private AssetRecorder(StatementContext context) {
    this.context = context;
  }

  /** The recorder of {@code context}'s statement. */
  public static AssetRecorder of(StatementContext context) {
    return new AssetRecorder(context);
  }

  /** Adds {@code asset} to the statement's pending rows of {@code lake.assets}. */
  public void record(DerivedAsset asset) {
    recordAll(List.of(asset));
  }

  /** Adds each of {@code assets} to the statement's pending rows of {@code lake.assets}. */
  public void recordAll(List<DerivedAsset> assets) {
    if (assets.isEmpty()) {
      return;
    }
    Lakehouse lakehouse = context.lakehouse();
    TableAppender a = context.writes().appender(LakeTables.ASSETS, table(lakehouse));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    synchronized (a) {
      a.uniqueOn(List.of("asset_id"), null);
      for (DerivedAsset asset : assets) {
        GenericRecord r = a.newRecord();
        r.setField("asset_id", asset.assetId());
        r.setField("item_id", asset.itemId());
        r.setField("parent_hash", asset.parentHash());
        r.setField("kind", asset.kind());
        r.setField("asset_hash", asset.assetHash());
        r.setField("asset_uri", asset.assetUri());
        r.setField("ordinal", asset.ordinal());
        r.setField("transform", asset.transform());
        r.setField("config_hash", asset.configHash());
        r.setField("config", asset.config());
        r.setField("run_id", context.runId());
        r.setField("created_at", now);
        a.add(r);
      }
    }
  }

  /** {@code lake.assets}, created when a lakehouse opened without {@code init} lacks it. */
  private static Table table(Lakehouse lakehouse) {
    if (!lakehouse.catalog().tableExists(LakeTables.ASSETS)) {
      lakehouse.ensureNamespace(LakeTables.LAKE);
      try {
        lakehouse.createTable(LakeTables.ASSETS, LakeTables.ASSETS_SCHEMA);
      } catch (AlreadyExistsException race) {
        // created concurrently
      }
    }
    return lakehouse.table(LakeTables.ASSETS);
  }
}
