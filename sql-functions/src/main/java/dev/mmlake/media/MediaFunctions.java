package dev.mmlake.media;

import dev.mmlake.catalog.StatementContext;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Shared plumbing of the media SQL functions: resolve a {@code cas://} URI to a verified blob,
 * run a decoder on it, and turn a {@link MediaDecodeException} into a failure event of the
 * statement plus a SQL NULL, so one bad item never fails the query.
 */
final class MediaFunctions {
  static final String STAGE = "decode";

  private MediaFunctions() {
  }

  static MediaLimits limits(StatementContext ctx) {
    return MediaLimits.from(ctx.lakehouse().config());
  }

  /** Runs {@code body} on the blob's verified file; NULL (and a failure event) when it fails. */
  static <T> T onFile(StatementContext ctx, String uri, String modality, Function<Path, T> body) {
    try {
      return body.apply(ctx.lakehouse().cas().verifiedPath(uri));
    } catch (MediaDecodeException e) {
      record(ctx, uri, modality, e);
      return null;
    }
  }

  /** Runs {@code body} on the blob's verified bytes; NULL (and a failure event) when it fails. */
  static <T> T onBytes(StatementContext ctx, String uri, String modality,
      Function<byte[], T> body) {
    try {
      return body.apply(ctx.lakehouse().cas().get(uri));
    } catch (MediaDecodeException e) {
      record(ctx, uri, modality, e);
      return null;
    }
  }

  private static void record(StatementContext ctx, String uri, String modality,
      MediaDecodeException e) {
    BlobOwners.recordFailure(ctx, STAGE, modality, uri, e.errorType(), e.reason(),
        e.retryable());
  }
}
