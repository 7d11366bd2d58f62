package dev.mmlake.shards;

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
   * Blobs of the content store up to this size are read once, verified in memory and written
   * from there; larger ones (videos) are verified in one streaming pass and streamed in a second,
   * so memory stays bounded by this per writer thread.
   */
  int IN_MEMORY_BYTES = 4 << 20;

  /**
   * A blob of the content store by {@code cas://} URI or digest. {@code open} re-hashes the blob
   * before it returns ({@link ContentStore#get} up to {@link #IN_MEMORY_BYTES}, else
   * {@link ContentStore#verifiedPath}), so a corrupt or missing blob skips the sample instead of
   * reaching the tar.
   */
  static BlobSource ofStore(ContentStore store, String uriOrDigest) {
    Objects.requireNonNull(store, "store is null");
    Objects.requireNonNull(uriOrDigest, "uriOrDigest is null");
    return new BlobSource() {
      @Override
      public long size() {
        return store.size(uriOrDigest);
      }

      @Override
      public InputStream open() throws IOException {
        if (store.size(uriOrDigest) <= IN_MEMORY_BYTES) {
          return new ByteArrayInputStream(store.get(uriOrDigest));
        }
        return Files.newInputStream(store.verifiedPath(uriOrDigest));
      }
    };
  }
}
