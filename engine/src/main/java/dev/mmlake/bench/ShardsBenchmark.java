package dev.mmlake.bench;

import dev.mmlake.cas.ContentRef;
import dev.mmlake.cas.ContentStore;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.StatementResult;
import dev.mmlake.engine.shards.WriteShardsFunction;
import dev.mmlake.versions.Recipe;
import dev.mmlake.versions.RecipeRunner;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Shard writing throughput: MB/s and samples/s of {@code WRITE_SHARDS} over a generated dataset
 * version (image-sized random blobs in the content store, a caption each) against two sequential
 * tars of the same blob files with commons-compress, in the same run: a plain one, and one that
 * also does WRITE_SHARDS' integrity work (re-hash every blob as it is copied, hash the tar).
 * Rounds alternate after a warm-up read, so all three read blobs from the page cache; the best of
 * each is reported. Every variant fsyncs its output.
 *
 * <p>What WRITE_SHARDS does on top of the plain tar: with {@code shards.verify-blobs} (the
 * default) it re-hashes every blob from the buffer it copies it from (a corrupt blob is skipped,
 * never shipped), writes a {@code .txt} and a {@code .json} member per
 * sample, hashes every shard while writing it, fsyncs and renames each shard, writes the index,
 * and runs as a SQL statement (planning, the cursor scan, commits of {@code lake.shards} and
 * {@code obs.metrics}); shards are written by one thread per core. The {@code seconds} metric
 * the statement records (building the samples and writing the set) is printed too, to tell the
 * writer's throughput from the statement's fixed cost.
 */
public final class ShardsBenchmark {
  private final Path dir;
  private final int items;
  private final int kb;
  private final int rounds;
  private final boolean verifyBlobs;
  private final PrintStream out;

  /**
   * @param verifyBlobs the {@value WriteShardsFunction#VERIFY_BLOBS} setting of the lakehouse
   *     (true, the default: every blob is re-hashed while it is copied)
   */
  public ShardsBenchmark(Path dir, int items, int kb, int rounds, boolean verifyBlobs,
      PrintStream out) {
    this.dir = dir;
    this.items = items;
    this.kb = kb;
    this.rounds = rounds;
    this.verifyBlobs = verifyBlobs;
    this.out = out;
  }

  public void run() throws Exception {
    Files.createDirectories(dir);
    LakehouseConfig config = LakehouseConfig.embedded(dir.resolve("lakehouse"))
        .with(WriteShardsFunction.VERIFY_BLOBS, String.valueOf(verifyBlobs));
    try (Engine engine = Engine.open(config);
         Session session = engine.newSession("bench")) {
      ContentStore cas = engine.lakehouse().cas();
      List<Path> blobs = generate(session, cas);
      long blobBytes = 0;
      for (Path p : blobs) {
        blobBytes += Files.size(p);
      }
      out.printf("generated bench@v001: %d items, %.1f MB of blobs; %d cores; %s=%s%n", items,
          blobBytes / 1e6, Runtime.getRuntime().availableProcessors(),
          WriteShardsFunction.VERIFY_BLOBS, verifyBlobs);
      warm(blobs);
      double bestPlain = Double.MAX_VALUE;
      double bestChecked = Double.MAX_VALUE;
      double bestSql = Double.MAX_VALUE;
      double bestWriter = Double.MAX_VALUE;
      long plainBytes = 0;
      long sqlBytes = 0;
      for (int round = 1; round <= rounds; round++) {
        Path plainFile = dir.resolve("plain-" + round + ".tar");
        long t0 = System.nanoTime();
        plainBytes = plainTar(blobs, plainFile, false);
        double plain = (System.nanoTime() - t0) / 1e9;
        Files.delete(plainFile);
        t0 = System.nanoTime();
        plainTar(blobs, plainFile, true);
        double checked = (System.nanoTime() - t0) / 1e9;
        Files.delete(plainFile);
        t0 = System.nanoTime();
        String hash = writeShards(session, dir.resolve("shards-" + round), round);
        double sql = (System.nanoTime() - t0) / 1e9;
        sqlBytes = (long) metric(session, hash, "bytes");
        double writer = metric(session, hash, "seconds");
        out.printf("round %d: WRITE_SHARDS %.2f s (%.1f MB/s, %.0f samples/s); plain tar %.2f s "
            + "(%.1f MB/s); plain tar + sha256 of blobs and tar %.2f s (%.1f MB/s)%n", round, sql,
            sqlBytes / 1e6 / sql, items / sql, plain, plainBytes / 1e6 / plain, checked,
            plainBytes / 1e6 / checked);
        bestPlain = Math.min(bestPlain, plain);
        bestChecked = Math.min(bestChecked, checked);
        bestSql = Math.min(bestSql, sql);
        bestWriter = Math.min(bestWriter, writer);
        out.printf("         of which building and writing the set (obs.metrics seconds) %.2f s "
            + "(%.1f MB/s); the rest is the statement: parse, plan, cursor scan, commits%n",
            writer, sqlBytes / 1e6 / writer);
      }
      out.printf("best: WRITE_SHARDS %.1f MB/s, %.0f samples/s; plain tar %.1f MB/s, %.0f "
          + "files/s; plain tar + sha256 %.1f MB/s%n", sqlBytes / 1e6 / bestSql, items / bestSql,
          plainBytes / 1e6 / bestPlain, items / bestPlain, plainBytes / 1e6 / bestChecked);
      out.printf("WRITE_SHARDS/plain tar = %.2fx (samples/s), %.2fx (MB/s); "
          + "WRITE_SHARDS/(plain tar + sha256) = %.2fx (samples/s)%n", bestPlain / bestSql,
          (sqlBytes / bestSql) / (plainBytes / bestPlain), bestChecked / bestSql);
      out.printf("set writer alone (no statement overhead): %.1f MB/s = %.2fx plain tar (MB/s)%n",
          sqlBytes / 1e6 / bestWriter, (sqlBytes / bestWriter) / (plainBytes / bestPlain));
    }
  }

  /** Items with random blobs of kb/2 to 3kb/2 KiB in the content store, as version bench@v001. */
  private List<Path> generate(Session session, ContentStore cas) {
    Random random = new Random(42);
    List<Path> blobs = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < items; i++) {
      byte[] b = new byte[(kb * 1024 / 2) + random.nextInt(kb * 1024 + 1)];
      random.nextBytes(b);
      ContentRef ref = cas.put(b);
      blobs.add(cas.pathOf(ref.hash()));
      sql.append(sql.length() == 0 ? "INSERT INTO lake.items (id, source, source_id, modality, "
          + "content_hash, content_uri, mime, size_bytes, text, license) VALUES " : ", ")
          .append(String.format("('bench-%06d', 'bench', '%d', 'image', '%s', '%s', 'image/jpeg', "
              + "%d, 'generated image number %d', 'cc0-1.0')", i, i, ref.hash(), ref.uri(),
              b.length, i));
      if ((i + 1) % 500 == 0 || i == items - 1) {
        session.execute(sql.toString()).close();
        sql.setLength(0);
      }
    }
    new RecipeRunner(session).run(Recipe.parse("-- dataset: bench\n-- version: v001\n"
        + "-- parent: none\n-- description: generated images for bench shards\n"
        + "SELECT * FROM lake.items", null));
    return blobs;
  }

  private static void warm(List<Path> blobs) throws IOException {
    byte[] buf = new byte[1 << 16];
    for (Path p : blobs) {
      try (InputStream in = Files.newInputStream(p)) {
        while (in.read(buf) >= 0) {
          // read into the page cache
        }
      }
    }
  }

  /**
   * The same blob files as one sequential tar, fsynced at the end; returns its size. With
   * {@code integrity}, also what WRITE_SHARDS does for integrity, on one thread: each blob is
   * read once and re-hashed before it is written, and the tar is hashed as it is written.
   */
  private static long plainTar(List<Path> blobs, Path file, boolean integrity) throws Exception {
    MessageDigest tarDigest = MessageDigest.getInstance("SHA-256");
    OutputStream target = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(integrity
        ? new DigestOutputStream(target, tarDigest) : target)) {
      int i = 0;
      MessageDigest blobDigest = MessageDigest.getInstance("SHA-256");
      for (Path p : blobs) {
        TarArchiveEntry e = new TarArchiveEntry(String.format("%06d.jpg", i++));
        e.setSize(Files.size(p));
        tar.putArchiveEntry(e);
        if (integrity) {
          byte[] bytes = Files.readAllBytes(p);
          blobDigest.update(bytes);
          if (!HexFormat.of().formatHex(blobDigest.digest()).equals(
              p.getFileName().toString())) {
            throw new IllegalStateException("blob " + p + " is corrupt");
          }
          tar.write(bytes);
        } else {
          Files.copy(p, tar);
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    return Files.size(file);
  }

  /** WRITE_SHARDS of bench@v001 into {@code folder}; returns the set's options hash. */
  private static String writeShards(Session session, Path folder, int seed) throws Exception {
    String hash = null;
    try (StatementResult r = session.execute("SELECT options_hash FROM TABLE(WRITE_SHARDS("
        + "CURSOR(SELECT * FROM datasets.\"bench@v001\"), '" + folder + "', '{\"max_mb\": 32, "
        + "\"seed\": " + seed + "}'))")) {
      ResultSet rs = r.resultSet();
      while (rs.next()) {
        hash = rs.getString(1);
      }
    }
    return hash;
  }

  /** The {@code obs.metrics} value the write of set {@code hash} recorded for {@code metric}. */
  private static double metric(Session session, String hash, String metric) throws Exception {
    try (StatementResult r = session.execute("SELECT MAX(\"value\") FROM obs.metrics WHERE "
        + "stage = 'shards' AND metric = '" + metric + "' AND labels LIKE '%" + hash + "%'")) {
      ResultSet rs = r.resultSet();
      rs.next();
      return rs.getDouble(1);
    }
  }
}
