package dev.mmlake.cas;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A content-addressed blob store on a local (or mounted) file system.
 *
 * <p>Layout: {@code <root>/sha256/<hex[0:2]>/<hex[2:4]>/<hex>}. Contract:
 * <ul>
 *   <li>A blob is written once: bytes go to a temp file under {@code <root>/tmp} and are moved
 *       atomically into place. A reader never sees a partial blob.</li>
 *   <li>Durability is batched: new blobs are fsynced (with their folders) by {@link #sync()},
 *       which the lakehouse calls before every table commit, so no committed row can point to a
 *       blob that a crash could lose, and ingest does not pay one fsync per blob.</li>
 *   <li>{@code put} is idempotent: storing bytes that are already present writes nothing.</li>
 *   <li>Reads verify: {@link #get} re-hashes and throws {@link CorruptBlobException} instead of
 *       returning bytes that do not match their key.</li>
 *   <li>Keys are validated by {@link ContentKey}: only hex digests, so no path traversal.</li>
 * </ul>
 */
public final class ContentStore {
  private final Path root;
  private final Path tmp;
  private final ConcurrentLinkedQueue<Path> unsynced =
      new ConcurrentLinkedQueue<>();

  public ContentStore(Path root) {
    this.root = Objects.requireNonNull(root, "root is null").toAbsolutePath().normalize();
    this.tmp = this.root.resolve("tmp");
    try {
      Files.createDirectories(this.root.resolve("sha256"));
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create content store at " + root, e);
    }
  }

  public Path root() {
    return root;
  }

  /** Stores {@code bytes}; returns the existing ref when they are already present. */
  public ContentRef put(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes is null");
    String hash = Sha256.hex(bytes);
    Path target = pathOf(hash);
    if (sizeOrMinusOne(target) == bytes.length) {
      touch(target);
      return new ContentRef(hash, bytes.length);
    }
    return commit(hash, bytes.length, out -> out.write(bytes));
  }

  /** Streams {@code in} into the store, hashing as it goes. The stream is not closed. */
  public ContentRef put(InputStream in) {
    Objects.requireNonNull(in, "in is null");
    Path temp = newTemp();
    try {
      MessageDigest md = Sha256.newDigest();
      long size;
      try (OutputStream out = Files.newOutputStream(temp);
           DigestInputStream din = new DigestInputStream(in, md)) {
        size = din.transferTo(out);
      }
      String hash = Sha256.hex(md);
      return moveIntoPlace(temp, hash, size);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("Cannot store blob: " + e.getMessage(), e);
    }
  }

  /** Copies a file into the store. */
  public ContentRef putFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return put(in);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("Cannot store " + file + ": file not found", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot store " + file + ": " + e.getMessage(), e);
    }
  }

  /** The verified bytes of a blob, by URI or digest. */
  public byte[] get(String uriOrDigest) {
    String hash = ContentKey.digestOf(uriOrDigest);
    byte[] bytes = readRaw(hash);
    String actual = Sha256.hex(bytes);
    if (!actual.equals(hash)) {
      throw new CorruptBlobException(hash, actual);
    }
    return bytes;
  }

  /**
   * The local file of a blob after verifying its bytes, for decoders that need a path. The file
   * must be treated as read-only.
   */
  public Path verifiedPath(String uriOrDigest) {
    String hash = ContentKey.digestOf(uriOrDigest);
    Path p = pathOf(hash);
    MessageDigest md = Sha256.newDigest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(hash);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read blob " + hash, e);
    }
    String actual = Sha256.hex(md);
    if (!actual.equals(hash)) {
      throw new CorruptBlobException(hash, actual);
    }
    return p;
  }

  /** The size of a blob in bytes (not verified). */
  public long size(String uriOrDigest) {
    String hash = ContentKey.digestOf(uriOrDigest);
    try {
      return Files.size(pathOf(hash));
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(hash);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stat blob " + hash, e);
    }
  }

  public boolean contains(String uriOrDigest) {
    return Files.exists(pathOf(ContentKey.digestOf(uriOrDigest)));
  }

  /** The file a digest maps to; the digest is validated first. */
  public Path pathOf(String digest) {
    ContentKey.requireDigest(digest);
    return root.resolve("sha256").resolve(digest.substring(0, 2)).resolve(digest.substring(2, 4))
        .resolve(digest);
  }

  /** Number of blobs in the store (walks the tree; for tests and stats). */
  public long count() {
    try (var s = Files.walk(root.resolve("sha256"))) {
      return s.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] readRaw(String hash) {
    try {
      return Files.readAllBytes(pathOf(hash));
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(hash);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read blob " + hash, e);
    }
  }

  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private ContentRef commit(String hash, long size, Writer writer) {
    Path temp = newTemp();
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        writer.write(out);
      }
      return moveIntoPlace(temp, hash, size);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("Cannot store blob " + hash + ": " + e.getMessage(), e);
    }
  }

  private ContentRef moveIntoPlace(Path temp, String hash, long size) throws IOException {
    Path target = pathOf(hash);
    if (Files.exists(target) && Files.size(target) == size) {
      Files.deleteIfExists(temp);
      touch(target);
      return new ContentRef(hash, size);
    }
    Files.createDirectories(target.getParent());
    try {
      // REPLACE_EXISTING repairs a corrupt or truncated file left by an earlier failure.
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
      Files.deleteIfExists(temp);
      if (!Files.exists(target)) {
        throw e;
      }
    }
    unsynced.add(target);
    return new ContentRef(hash, size);
  }

  /**
   * Forces every blob stored since the last call (and the folders that name them) to stable
   * storage. Runs the fsyncs in parallel so the file system can group them into few journal
   * commits.
   */
  public void sync() {
    List<Path> files = new ArrayList<>();
    for (Path p = unsynced.poll(); p != null; p = unsynced.poll()) {
      files.add(p);
    }
    if (files.isEmpty()) {
      return;
    }
    Set<Path> dirs = new HashSet<>();
    files.forEach(f -> {
      dirs.add(f.getParent());
      dirs.add(f.getParent().getParent());
    });
    List<Path> all = new ArrayList<>(files);
    all.addAll(dirs);
    ExecutorService pool = Executors.newFixedThreadPool(
        Math.min(16, all.size()));
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Path p : all) {
        done.add(pool.submit(() -> {
          force(p);
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      unsynced.addAll(files);
      throw new UncheckedIOException(new InterruptedIOException("sync interrupted"));
    } catch (ExecutionException e) {
      unsynced.addAll(files);
      throw new UncheckedIOException("Cannot sync the content store: " + e.getCause().getMessage(),
          e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
    } finally {
      pool.shutdown();
    }
  }

  private static void force(Path p) throws IOException {
    boolean dir = Files.isDirectory(p);
    try (var ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (!dir) {
        throw e; // some file systems cannot fsync a directory; files must sync
      }
    }
  }

  private static long sizeOrMinusOne(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Marks an existing blob as just stored again, so that garbage collection, which keeps blobs
   * modified within its grace period, does not remove a blob an in-flight write is about to
   * reference. Best effort.
   */
  private static void touch(Path p) {
    try {
      Files.setLastModifiedTime(p, FileTime.from(Instant.now()));
    } catch (IOException ignored) {
      // a read-only store never garbage-collects either
    }
  }

  private Path newTemp() {
    return tmp.resolve(UUID.randomUUID() + ".part");
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort: a stray temp file is harmless and never visible as a blob
    }
  }
}
