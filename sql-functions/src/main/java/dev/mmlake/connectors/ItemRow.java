package dev.mmlake.connectors;

import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.LakeTables;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * One row of {@code lake.items}; the components are the columns of
 * {@link LakeTables#ITEMS_SCHEMA}, in order.
 *
 * @param license an id of {@code lake.licenses} (SPDX or {@code LicenseRef-})
 * @param metadata a JSON object string with the source's own fields
 * @param licenseTerms the source's own wording of the license
 * @param sourceFile the file the item was read from (for a row of a file, its path and row)
 * @param runId the {@code obs.runs} run that ingested it; null outside a statement
 */
public record ItemRow(String id, String source, String sourceId, String modality,
    String contentHash, String contentUri, String mime, Long sizeBytes, String text,
    String license, String connector, String connectorVersion, Instant ingestedAt,
    String metadata, String licenseTerms, String sourceFile, String runId) {

  public ItemRow {
    Objects.requireNonNull(id, "id is null");
    Objects.requireNonNull(source, "source is null");
    Objects.requireNonNull(sourceId, "sourceId is null");
    Objects.requireNonNull(modality, "modality is null");
  }

  /** The stable item id: sha256 hex of {@code source + ":" + sourceId}. */
  public static String idOf(String source, String sourceId) {
    return Sha256.hex(source + ":" + sourceId);
  }

  /** The column values in {@link LakeTables#ITEMS_SCHEMA} order; {@code ingested_at} is an
   * Instant. */
  public Object[] values() {
    return new Object[] {id, source, sourceId, modality, contentHash, contentUri, mime, sizeBytes,
        text, license, connector, connectorVersion, ingestedAt, metadata, licenseTerms,
        sourceFile, runId};
  }

  /** This row as an Iceberg record of {@code lake.items} (timestamps as UTC OffsetDateTime). */
  public Record toRecord() {
    GenericRecord r = GenericRecord.create(LakeTables.ITEMS_SCHEMA);
    Object[] v = values();
    for (int i = 0; i < v.length; i++) {
      r.set(i, v[i] instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : v[i]);
    }
    return r;
  }
}
