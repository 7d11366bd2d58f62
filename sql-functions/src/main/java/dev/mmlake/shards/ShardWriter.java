package dev.mmlake.shards;

import dev.mmlake.cas.Sha256;
import dev.mmlake.error.ErrorCode;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
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
 */
final class ShardWriter {
  /** The mtime of every member. */
  static final FileTime MTIME = FileTime.fromMillis(0);
  /** rw-r--r--: permission bits only, as GNU tar writes them (the type is the entry's flag). */
  static final int MODE = 0644;
  private static final int COPY_BUFFER = 64 * 1024;

  private ShardWriter() {
  }

  /** The temp name a shard is written under before it is renamed. */
  static String tempName(String name) {
    return "." + name + ".tmp";
  }

  /** Writes {@code plan} into {@code dir}; failures of single samples go to the result. */
  static Written write(ShardPlan plan, Path dir) throws IOException {
    Path temp = dir.resolve(tempName(plan.name()));
    Path target = dir.resolve(plan.name());
    List<ShardFailure> failures = new ArrayList<>();
    try {
      MessageDigest md = Sha256.newDigest();
      long samples = 0;
      String first = null;
      String last = null;
      long bytes;
      try (FileOutputStream file = new FileOutputStream(temp.toFile());
           BufferedOutputStream buffered = new BufferedOutputStream(file, COPY_BUFFER);
           TarArchiveOutputStream tar = newTar(new DigestOutputStream(buffered, md))) {
        byte[] buffer = new byte[COPY_BUFFER];
        for (ShardPlan.Planned p : plan.samples()) {
          checkInterrupted();
          InputStream blob = null;
          if (p.sample().blob() != null) {
            try {
              blob = p.sample().blob().open();
            } catch (Exception e) {
              checkInterrupted();
              failures.add(ShardFailure.of(p.sample(), plan.index(), e));
              continue;
            }
          }
          try (InputStream in = blob) {
            writeSample(tar, p, in, buffer);
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
      return new Written(result, List.copyOf(failures));
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

  private static TarArchiveOutputStream newTar(java.io.OutputStream out) {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, SampleMembers.BLOCK,
        StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    return tar;
  }

  private static void writeSample(TarArchiveOutputStream tar, ShardPlan.Planned p,
      InputStream blob, byte[] buffer) throws IOException {
    List<SampleMembers.Member> members = SampleMembers.of(p.sample(), p.key(), p.blobSize());
    if (SampleMembers.tarBytes(members) != p.tarBytes()) {
      throw new ShardException(ErrorCode.CORRUPT_BLOB,
          "Sample %s changed while its shard was written (planned %d tar "
          + "bytes, now %d); do not modify samples during a write", p.sample().itemId(),
          p.tarBytes(), SampleMembers.tarBytes(members));
    }
    for (SampleMembers.Member m : members) {
      tar.putArchiveEntry(entry(m.name(), m.size()));
      if (m.bytes() != null) {
        tar.write(m.bytes());
      } else {
        copyExactly(blob, tar, m.size(), buffer, p.sample().itemId());
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
