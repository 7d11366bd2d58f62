package dev.mmlake.cas;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;

/** A well-formed content key whose blob is not in the store ({@link ErrorCode#NOT_FOUND}). */
public class BlobNotFoundException extends MmlakeException {
  public BlobNotFoundException(String digest) {
    super(ErrorCode.NOT_FOUND, "Blob " + ContentKey.URI_PREFIX + digest
        + " is not in the content store; re-ingest the item or check cas.root");
  }
}
