package dev.mmlake.cas;

/** A well-formed content key whose blob is not in the store. */
public class BlobNotFoundException extends RuntimeException {
  public BlobNotFoundException(String digest) {
    super("Blob " + ContentKey.URI_PREFIX + digest
        + " is not in the content store; re-ingest the item or check cas.root");
  }
}
