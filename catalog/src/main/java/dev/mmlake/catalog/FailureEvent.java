package dev.mmlake.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * A structured record of one item that a stage could not process. The pipeline records it in
 * {@code obs.failures} and carries on with the other items.
 *
 * @param stage pipeline stage, e.g. {@code ingest}, {@code decode}, {@code embed}
 * @param source source name, e.g. {@code coco}
 * @param modality text, image, audio or video (may be null when unknown)
 * @param itemId the item's stable id when known
 * @param itemRef where the item came from (a path or URI) so a user can find it
 * @param errorType a stable code a client can act on, e.g. {@code corrupt_jpeg}
 * @param message what went wrong, in words
 * @param retryable whether retrying the same input might succeed
 */
public record FailureEvent(String stage, String source, String modality, String itemId,
    String itemRef, String errorType, String message, boolean retryable, Instant occurredAt) {

  public FailureEvent {
    Objects.requireNonNull(stage, "stage is null");
    Objects.requireNonNull(errorType, "errorType is null");
    Objects.requireNonNull(message, "message is null");
    occurredAt = occurredAt == null ? Instant.now() : occurredAt;
  }

  public static FailureEvent of(String stage, String source, String modality, String itemId,
      String itemRef, String errorType, String message, boolean retryable) {
    return new FailureEvent(stage, source, modality, itemId, itemRef, errorType, message,
        retryable, Instant.now());
  }
}
