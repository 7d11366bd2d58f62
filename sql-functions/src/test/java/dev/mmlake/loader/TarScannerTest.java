package dev.mmlake.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Header scanning, member reads across window and buffer bounds, and damaged shards. */
class TarScannerTest {
  @TempDir Path dir;

  /** A tar of {@code names} with {@code sizes} bytes each (byte i of member m = (m + i) % 251). */
  private Path tar(String file, List<String> names, List<Integer> sizes) throws IOException {
    Path p = dir.resolve(file);
    try (OutputStream f = Files.newOutputStream(p);
         TarArchiveOutputStream out = new TarArchiveOutputStream(f)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.putArchiveEntry(new TarArchiveEntry("somedir/", TarArchiveEntry.LF_DIR));
      out.closeArchiveEntry();
      for (int m = 0; m < names.size(); m++) {
        TarArchiveEntry e = new TarArchiveEntry(names.get(m));
        e.setSize(sizes.get(m));
        out.putArchiveEntry(e);
        out.write(bytes(m, sizes.get(m)));
        out.closeArchiveEntry();
      }
    }
    return p;
  }

  private static byte[] bytes(int m, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ((m + i) % 251);
    }
    return b;
  }

  private static List<RawSample> readAll(Path p) throws IOException {
    List<RawSample> out = new ArrayList<>();
    try (ShardFiles files = new ShardFiles()) {
      TarScanner scanner = new TarScanner(new LoaderShard("s", p, 0, Files.size(p)), files,
          ByteBuffer.allocateDirect(TarScanner.WINDOW));
      SampleRef ref;
      while ((ref = scanner.next()) != null) {
        out.add(files.load(ref));
      }
    }
    return out;
  }

  @Test
  void groupsMembersByKeySkipsDirectoriesAndReadsLargeMembersExactly() throws IOException {
    int big = ShardFiles.READ_BUFFER + 1000; // larger than the read buffer: read in pieces
    Path p = tar("a.tar", List.of("x/a.jpg", "x/a.json", "x/b.txt", "x/b.npy", "x/c.bin"),
        List.of(30_000, 10, 0, big, 700));
    List<RawSample> got = readAll(p);
    assertThat(got).extracting(RawSample::key).containsExactly("x/a", "x/b", "x/c");
    assertThat(got.get(0).members().keySet()).containsExactly("jpg", "json");
    assertThat(got.get(0).members().get("jpg")).isEqualTo(bytes(0, 30_000));
    assertThat(got.get(0).members().get("json")).isEqualTo(bytes(1, 10));
    assertThat(got.get(1).members().get("txt")).isEmpty();
    assertThat(got.get(1).members().get("npy")).isEqualTo(bytes(3, big));
    assertThat(got.get(1).bytes()).isEqualTo(big);
    assertThat(got.get(2).members().get("bin")).isEqualTo(bytes(4, 700));
  }

  @Test
  void manySmallMembersShareHeaderWindows() throws IOException {
    List<String> names = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      names.add(String.format("k%02d.txt", i));
      sizes.add(i * 37);
    }
    List<RawSample> got = readAll(tar("small.tar", names, sizes));
    assertThat(got).hasSize(40);
    for (int i = 0; i < 40; i++) {
      assertThat(got.get(i).members().get("txt")).as("member %d", i).isEqualTo(bytes(i, i * 37));
    }
  }

  @Test
  void aTruncatedShardIsCorruptMetadata() throws IOException {
    Path p = tar("t.tar", List.of("a.jpg", "b.jpg"), List.of(5000, 5000));
    byte[] all = Files.readAllBytes(p);
    Path cut = dir.resolve("cut.tar");
    Files.write(cut, Arrays.copyOf(all, 512 * 2 + 3000));
    assertThatThrownBy(() -> readAll(cut)).isInstanceOf(LoaderException.class)
        .hasMessageContaining("truncated")
        .extracting(e -> ((LoaderException) e).code()).isEqualTo(ErrorCode.CORRUPT_METADATA);
    Path bad = dir.resolve("bad.tar");
    byte[] header = new byte[512];
    System.arraycopy("x.txt".getBytes(StandardCharsets.US_ASCII), 0, header, 0, 5);
    System.arraycopy("99zz".getBytes(StandardCharsets.US_ASCII), 0, header, 124, 4);
    Files.write(bad, header);
    assertThatThrownBy(() -> readAll(bad)).isInstanceOf(LoaderException.class)
        .hasMessageContaining("bad tar header");
  }
}
