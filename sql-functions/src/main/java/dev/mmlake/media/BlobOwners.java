package dev.mmlake.media;

import dev.mmlake.cas.ContentKey;
import dev.mmlake.catalog.FailureEvent;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.StatementContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The item a blob belongs to, for failure rows of functions that only get a {@code cas://} URI
 * (decoders, {@code EMBED_CLIP}): looked up in {@code lake.items} by content hash when a failure
 * is recorded, so the row names the item id, source and modality. Failures are rare, so one
 * filtered scan per failure is cheap enough; the blob of several items names the first found.
 */
public final class BlobOwners {
  /** The owner of a blob. */
  public record Owner(String itemId, String source, String modality) {
  }

  private BlobOwners() {
  }

  /** The item whose content is {@code uri}; null when none is (or the URI is not a CAS URI). */
  public static Owner find(Lakehouse lakehouse, String uri) {
    String digest;
    try {
      digest = ContentKey.digestOf(uri);
    } catch (RuntimeException e) {
      return null;
    }
    if (!lakehouse.catalog().tableExists(LakeTables.ITEMS)) {
      return null;
    }
    Table items = lakehouse.table(LakeTables.ITEMS);
    if (items.currentSnapshot() == null) {
      return null;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(items)
        .select("id", "source", "modality", "content_hash")
        .where(Expressions.equal("content_hash", digest)).build()) {
      for (Record r : rows) {
        if (digest.equals(r.getField("content_hash"))) {
          return new Owner((String) r.getField("id"), (String) r.getField("source"),
              (String) r.getField("modality"));
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + LakeTables.ITEMS, e);
    }
  }

  /**
   * Records a failure of {@code stage} on the blob {@code uri}, naming its item, source and
   * modality when {@code lake.items} has it ({@code modality} is the fallback).
   */
  public static void recordFailure(StatementContext ctx, String stage, String modality,
      String uri, String errorType, String message, boolean retryable) {
    Owner o = find(ctx.lakehouse(), uri);
    ctx.failures().record(FailureEvent.of(stage, o == null ? null : o.source(),
        o == null || o.modality() == null ? modality : o.modality(),
        o == null ? null : o.itemId(), uri, errorType, message, retryable));
  }
}
