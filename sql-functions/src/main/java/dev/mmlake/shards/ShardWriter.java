package dev.mmlake.shards;

import dev.mmlake.cas.CorruptBlobException;
import dev.mmlake.cas.Sha256;
import dev.mmlake.error.ErrorCode;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes one planned shard as a deterministic POSIX (ustar) tar file: every member has mtime 0,
 * uid and gid 0, empty user and group names and mode 0644, members come in the order of
 * {@link ShardSample}, and the file is padded to 10240-byte blocks.
 *
 * <p>Contract: the tar is written to {@code .<name>.tmp} in the target folder, fsynced, and
 * renamed to {@code <name>} with an atomic move only when complete; on any exception or error the
 * temp file is deleted before it propagates, so a failed write leaves nothing. The sha256 and
 * size are computed from the bytes as they are written. A sample whose blob cannot be opened is
 * skipped and returned as a {@link ShardFailure}; the shard is still completed.
 *
 * <p>Blobs with an {@link BlobSource#expectedSha256() expected digest} (content-store blobs) are
 * read once: each chunk read updates the blob's digest and, through the tar, the shard's digest,
 * from the same buffer. A blob whose digest (or length) turns out wrong at the end of its member
 * is corrupt: the temp file is deleted, the sample becomes a {@link ShardFailure}, and the shard
 * is written again without it. Corrupt blobs are rare, so the usual cost is one read and two
 * digest updates per byte.
 */
final class ShardWriter {
  /** The mtime of every member. */
  static final FileTime MTIME = FileTime.fromMillis(0);
  /** rw-r--r--: permission bits only, as GNU tar writes them (the type is the entry's flag). */
  static final int MODE = 0644;
  /** The copy buffer of a worker: blob bytes are read into it and hashed from it. */
  private static final int COPY_BUFFER = 1 << 20;
  /** Buffer between the tar's 10240-byte blocks and the file. */
  private static final int FILE_BUFFER = 256 * 1024;
  private static final ThreadLocal<byte[]> BUFFERS =
      ThreadLocal.withInitial(() -> new byte[COPY_BUFFER]);

  private ShardWriter() {
  }

  /** The temp name a shard is written under before it is renamed. */
  static String tempName(String name) {
    return "." + name + ".tmp";
  }

  /** Writes {@code plan} into {@code dir}; failures of single samples go to the result. */
  static Written write(ShardPlan plan, Path dir) throws IOException {
    Map<Integer, ShardFailure> corrupt = new TreeMap<>();
    while (true) {
      try {
        return attempt(plan, dir, corrupt);
      } catch (CorruptMember c) {
        // the temp file is gone; write the shard again without the sample
        corrupt.put(c.position, ShardFailure.of(plan.samples().get(c.position).sample(),
            plan.index(), c.cause));
      }
    }
  }

  /** One try at the shard, leaving out the samples of {@code corrupt}. */
  private static Written attempt(ShardPlan plan, Path dir, Map<Integer, ShardFailure> corrupt)
      throws IOException {
    Path temp = dir.resolve(tempName(plan.name()));
    Path target = dir.resolve(plan.name());
    Map<Integer, ShardFailure> failures = new TreeMap<>(corrupt);
    try {
      MessageDigest md = Sha256.newDigest();
      MessageDigest blobDigest = Sha256.newDigest();
      long samples = 0;
      String first = null;
      String last = null;
      long bytes;
      try (FileOutputStream file = new FileOutputStream(temp.toFile());
           BufferedOutputStream buffered = new BufferedOutputStream(file, FILE_BUFFER);
           TarArchiveOutputStream tar = newTar(new DigestOutputStream(buffered, md))) {
        byte[] buffer = BUFFERS.get();
        List<ShardPlan.Planned> planned = plan.samples();
        for (int i = 0; i < planned.size(); i++) {
          checkInterrupted();
          if (corrupt.containsKey(i)) {
            continue;
          }
          ShardPlan.Planned p = planned.get(i);
          BlobSource source = p.sample().blob();
          String expected = source == null ? null : source.expectedSha256();
          InputStream blob = null;
          if (source != null) {
            try {
              blob = expected == null ? source.open() : source.openUnverified();
            } catch (Exception e) {
              checkInterrupted();
              failures.put(i, ShardFailure.of(p.sample(), plan.index(), e));
              continue;
            }
          }
          try (InputStream in = blob) {
            writeSample(tar, p, in, buffer, expected, blobDigest, i);
          }
          samples++;
          first = first == null ? p.key() : first;
          last = p.key();
        }
        tar.finish();
        buffered.flush();
        file.getFD().sync();
        bytes = tar.getBytesWritten();
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      ShardResult result = new ShardResult(plan.index(), plan.name(), samples, failures.size(),
          bytes, Sha256.hex(md), first, last);
      return new Written(result, List.copyOf(failures.values()));
    } catch (IOException | RuntimeException | Error e) {
      deleteQuietly(temp, e);
      throw e;
    }
  }

  /** Deletes {@code file}; a failure to delete is added to {@code primary}, never hides it. */
  static void deleteQuietly(Path file, Throwable primary) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException | RuntimeException e) {
      primary.addSuppressed(e);
    }
  }

  /** A shard written and the samples it skipped. */
  record Written(ShardResult result, List<ShardFailure> failures) {
  }

  /** The blob of the sample at {@code position} was found corrupt while it was copied. */
  private static final class CorruptMember extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int position;
    private final transient CorruptBlobException cause;

    CorruptMember(int position, CorruptBlobException cause) {
      super(cause.getMessage(), cause, false, false);
      this.position = position;
      this.cause = cause;
    }
  }

  private static TarArchiveOutputStream newTar(OutputStream out) {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, SampleMembers.BLOCK,
        StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    return tar;
  }

  private static void writeSample(TarArchiveOutputStream tar, ShardPlan.Planned p,
      InputStream blob, byte[] buffer, String expected, MessageDigest blobDigest, int position)
      throws IOException {
    for (SampleMembers.Member m : p.members()) {
      tar.putArchiveEntry(entry(m.name(), m.size()));
      if (m.bytes() != null) {
        tar.write(m.bytes());
      } else if (expected == null) {
        copyExactly(blob, tar, m.size(), buffer, p.sample().itemId());
      } else {
        copyVerified(blob, tar, m.size(), buffer, expected, blobDigest, position);
      }
      tar.closeArchiveEntry();
    }
  }

  static TarArchiveEntry entry(String name, long size) {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(size);
    e.setMode(MODE);
    e.setModTime(MTIME);
    e.setUserId(0);
    e.setGroupId(0);
    e.setUserName("");
    e.setGroupName("");
    return e;
  }

  /**
   * Copies a blob of known digest: every chunk read updates {@code digest} and then goes into the
   * tar (which hashes the shard). A wrong length or digest throws {@link CorruptMember}.
   */
  private static void copyVerified(InputStream in, TarArchiveOutputStream out, long size,
      byte[] buffer, String expected, MessageDigest digest, int position) throws IOException {
    digest.reset();
    long left = size;
    while (left > 0) {
      checkInterrupted();
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        break; // shorter than its size: its digest is wrong too
      }
      digest.update(buffer, 0, n);
      out.write(buffer, 0, n);
      left -= n;
    }
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      digest.update(buffer, 0, n); // longer than its size: hash the rest for the message
    }
    String actual = Sha256.hex(digest);
    if (!actual.equals(expected)) {
      throw new CorruptMember(position, new CorruptBlobException(expected, actual));
    }
  }

  private static void copyExactly(InputStream in, TarArchiveOutputStream out, long size,
      byte[] buffer, String itemId) throws IOException {
    long left = size;
    while (left > 0) {
      checkInterrupted();
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new ShardException(ErrorCode.CORRUPT_BLOB,
            "The blob of item %s ended after %d of its %d bytes while it was "
            + "being written; it changed after it was sized, so rewrite the shard set", itemId,
            size - left, size);
      }
      out.write(buffer, 0, n);
      left -= n;
    }
    if (in.read() >= 0) {
      throw new ShardException(ErrorCode.CORRUPT_BLOB,
          "The blob of item %s is longer than its size of %d bytes; its "
          + "BlobSource reports a wrong size", itemId, size);
    }
  }

  private static void checkInterrupted() throws InterruptedIOException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("shard write interrupted");
    }
  }
}
