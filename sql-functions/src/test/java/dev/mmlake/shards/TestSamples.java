package dev.mmlake.shards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Generated samples and a plain tar reader for the shard tests. */
final class TestSamples {
  static final List<String> ODD_IDS = List.of("coco/train/000001.jpg", "../../etc/passwd",
      "img.001", "caf\u00e9-\u65e5\u672c", "");
  private static final String[] EXTS = {"jpg", "png", "webp", "flac", "mp4", "txt"};

  private TestSamples() {
  }

  /** {@code n} samples with ids {@code item-<i>} plus {@link #ODD_IDS}. */
  static List<ShardSample> mixed(int n) {
    List<ShardSample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(sample("item-" + i, i));
    }
    for (int i = 0; i < ODD_IDS.size(); i++) {
      out.add(sample(ODD_IDS.get(i), n + i));
    }
    return out;
  }

  static ShardSample sample(String id, int i) {
    String ext = EXTS[i % EXTS.length];
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("source", "coco");
    json.put("source_id", id);
    json.put("license", "CC-BY-4.0");
    json.put("version", "coco@v002");
    json.put("snapshot_id", 1234567890123L);
    json.put("captions", List.of("caption " + i, "another"));
    ShardSample s = ShardSample.ofBlob(id, ext.equals("txt") ? "text" : "image", ext,
        BlobSource.ofBytes(bytes(i, 100 + (i * 37) % 3000)), json);
    if (i % 2 == 0) {
      s = s.withEmbedding(vector(i));
    }
    if (!ext.equals("txt") && i % 3 != 0) {
      s = s.withText("a caption for " + i + " \u00e9");
    }
    return s;
  }

  static byte[] bytes(long seed, int size) {
    byte[] b = new byte[size];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  static float[] vector(int i) {
    float[] v = new float[8];
    for (int d = 0; d < v.length; d++) {
      v[d] = i + d / 8f;
    }
    return v;
  }

  /** A tar member as read back. */
  record Member(String name, byte[] data, TarArchiveEntry entry) {
    String key() {
      return name.substring(0, name.indexOf('.'));
    }
  }

  static List<Member> read(Path tar) throws IOException {
    List<Member> out = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        out.add(new Member(e.getName(), in.readAllBytes(), e));
      }
    }
    return out;
  }

  /** Every file name in {@code dir}, hidden ones included. */
  static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
