package dev.mmlake.connectors;

import java.util.function.Consumer;

/**
 * Reads one public corpus in its real on-disk layout and emits one {@link ItemRow} per item, in a
 * deterministic order. An instance is one read of one source: its paths are constructor
 * arguments. What SQL knows of a connector (its table function name, parameters, source and
 * version) is its {@link ConnectorSpec}, which the connector class keeps as a constant and a
 * {@link ConnectorProvider} registers.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>An item's bytes (media file, or a text's UTF-8) are stored with
 *       {@link dev.mmlake.cas.ContentStore#put} before its row is emitted, so every emitted
 *       {@code content_uri} resolves.</li>
 *   <li>Media is decoded with the bounded decoders of {@code dev.mmlake.media} before emission:
 *       an item that is missing, corrupt, truncated or over a cap is recorded as a
 *       {@link dev.mmlake.catalog.FailureEvent} in {@link IngestContext#failures()} and the read
 *       goes on. Such an item is never emitted.</li>
 *   <li>Ids are stable: {@link ItemRow#idOf} of source and source id, so reading the same data
 *       twice yields the same ids and stores no new blob.</li>
 *   <li>Rows carry the spec's source, SQL name (as {@code connector}) and version.</li>
 *   <li>A source that cannot be read at all (its index file is missing or not JSON) throws
 *       {@link ConnectorException} before any row is emitted.</li>
 * </ul>
 * mmlake's own connectors do the per-item steps with the package's {@code ItemEmitter}.
 */
public interface SourceConnector {
  /** Reads the whole source, emitting rows to {@code out} and failures to {@code ctx}. */
  void read(IngestContext ctx, Consumer<ItemRow> out);
}
