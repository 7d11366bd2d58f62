package dev.mmlake.shards;

import dev.mmlake.cas.BlobNotFoundException;
import dev.mmlake.cas.ContentKey;
import dev.mmlake.cas.ContentStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the bytes of a sample's media member come from, read as a stream so that a shard writer
 * holds at most one copy buffer of a blob in memory, never a whole video.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #size()} is cheap (a stat) and exact; the shard planner calls it once per sample
 *       before any shard is written, to decide shard boundaries.</li>
 *   <li>{@link #open()} checks the blob (exists, not corrupt) before it returns. Any exception it
 *       throws (a {@code BlobNotFoundException}, a {@code CorruptBlobException}, an
 *       {@code IOException}) skips the sample and is reported as a {@link ShardFailure}; the set
 *       still completes. An {@link Error} is not caught and ends the write.</li>
 *   <li>Once {@code open} has returned, the member header is in the tar: the stream must deliver
 *       exactly {@code size()} bytes. A stream that fails or ends early fails the whole set
 *       ({@link ShardException}), which leaves no shard behind.</li>
 * </ul>
 */
public interface BlobSource {
  /** The exact number of bytes {@link #open()} will deliver. */
  long size() throws IOException;

  /** A new stream over the blob, checked before it is returned; the caller closes it. */
  InputStream open() throws IOException;

  /** Opens a stream; a lambda form of {@link BlobSource#open()}. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }

  /** A blob of known size whose stream comes from {@code opener}. */
  static BlobSource of(long size, Opener opener) {
    Objects.requireNonNull(opener, "opener is null");
    if (size < 0) {
      throw new IllegalArgumentException("Blob size must be >= 0, got " + size);
    }
    return new BlobSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return opener.open();
      }
    };
  }

  /** Bytes already in memory (text bodies, small test blobs). */
  static BlobSource ofBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes is null");
    return of(bytes.length, () -> new ByteArrayInputStream(bytes));
  }

  /** A local file, streamed. */
  static BlobSource ofFile(Path file) {
    Objects.requireNonNull(file, "file is null");
    return new BlobSource() {
      @Override
      public long size() throws IOException {
        return Files.size(file);
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }
    };
  }

  /**
   * The lowercase sha256 hex the bytes must have, or null. When it is set, a shard writer reads
   * the blob once through {@link #openUnverified()} and checks the digest while it copies the
   * bytes (one read, the blob digest and the shard digest updated from the same buffer); a
   * mismatch leaves the sample out and the shard is written again without it, so a corrupt blob
   * never reaches a finished shard. When it is null, {@link #open()} does its own checking.
   */
  default String expectedSha256() {
    return null;
  }

  /**
   * A stream over the bytes that has not been checked yet; the caller verifies
   * {@link #expectedSha256()} as it reads. The default is {@link #open()}.
   */
  default InputStream openUnverified() throws IOException {
    return open();
  }

  /**
   * A blob of the content store by {@code cas://} URI or digest, verified by the shard writer:
   * {@link #expectedSha256()} is its digest and {@link #openUnverified()} streams its file, so a
   * corrupt blob is detected while it is copied and its sample is left out. {@link #open()}
   * checks the whole blob before it returns ({@link ContentStore#verifiedPath}).
   */
  static BlobSource ofStore(ContentStore store, String uriOrDigest) {
    return ofStore(store, uriOrDigest, true);
  }

  /**
   * A blob of the content store; with {@code verify} false its bytes are trusted: streamed as
   * they are, only their size checked (a missing blob is still detected, a changed one is not).
   */
  static BlobSource ofStore(ContentStore store, String uriOrDigest, boolean verify) {
    Objects.requireNonNull(store, "store is null");
    Objects.requireNonNull(uriOrDigest, "uriOrDigest is null");
    return new BlobSource() {
      @Override
      public long size() {
        return store.size(uriOrDigest);
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(verify ? store.verifiedPath(uriOrDigest) : file());
      }

      @Override
      public String expectedSha256() {
        return verify ? ContentKey.digestOf(uriOrDigest) : null;
      }

      @Override
      public InputStream openUnverified() throws IOException {
        return Files.newInputStream(file());
      }

      private Path file() {
        String digest = ContentKey.digestOf(uriOrDigest);
        Path p = store.pathOf(digest);
        if (!Files.isRegularFile(p)) {
          throw new BlobNotFoundException(digest);
        }
        return p;
      }
    };
  }
}
