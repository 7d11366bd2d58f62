package dev.mmlake.cas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
  @TempDir Path dir;

  @Test
  void putIsIdempotentAndGetVerifies() throws Exception {
    ContentStore cas = new ContentStore(dir);
    byte[] bytes = "hello mmlake".getBytes(StandardCharsets.UTF_8);
    ContentRef a = cas.put(bytes);
    ContentRef b = cas.put(new ByteArrayInputStream(bytes));
    assertThat(a).isEqualTo(b);
    assertThat(a.hash()).isEqualTo(Sha256.hex(bytes));
    assertThat(a.uri()).isEqualTo("cas://sha256/" + a.hash());
    assertThat(cas.count()).isEqualTo(1);
    assertThat(cas.get(a.uri())).isEqualTo(bytes);
    assertThat(cas.size(a.uri())).isEqualTo(bytes.length);
    assertThat(cas.pathOf(a.hash())).startsWith(dir.resolve("sha256").resolve(a.hash().substring(0, 2))
        .resolve(a.hash().substring(2, 4)));
    assertThat(Files.list(dir.resolve("tmp")).count()).as("no temp files left").isZero();
  }

  @Test
  void corruptedBlobIsDetectedNeverServedAndRepairedByPut() throws Exception {
    ContentStore cas = new ContentStore(dir);
    byte[] bytes = "precious".getBytes(StandardCharsets.UTF_8);
    ContentRef ref = cas.put(bytes);
    Files.write(cas.pathOf(ref.hash()), "PRECIOUS".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> cas.get(ref.uri()))
        .isInstanceOf(CorruptBlobException.class)
        .hasMessageContaining(ref.hash());
    assertThatThrownBy(() -> cas.verifiedPath(ref.uri())).isInstanceOf(CorruptBlobException.class);
    Files.write(cas.pathOf(ref.hash()), "trunc".getBytes(StandardCharsets.UTF_8));
    cas.put(bytes);
    assertThat(cas.get(ref.uri())).isEqualTo(bytes);
  }

  @Test
  void syncFlushesNewBlobsAndIsIdempotent() {
    ContentStore cas = new ContentStore(dir);
    for (int i = 0; i < 40; i++) {
      cas.put(("blob " + i).getBytes(StandardCharsets.UTF_8));
    }
    cas.sync();
    cas.sync();
    assertThat(cas.count()).isEqualTo(40);
    assertThat(cas.get(cas.put("blob 7".getBytes(StandardCharsets.UTF_8)).uri()))
        .isEqualTo("blob 7".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rejectsTraversalAndMalformedKeys() {
    ContentStore cas = new ContentStore(dir);
    for (String bad : new String[] {"../../etc/passwd", "cas://sha256/../../x",
        "cas://sha256/" + "A".repeat(64), "cas://md5/" + "a".repeat(32), "a".repeat(63), "",
        "file:///etc/passwd", "cas://sha256/" + "a".repeat(64) + "/../x"}) {
      assertThatThrownBy(() -> cas.get(bad)).as(bad).isInstanceOf(InvalidContentKeyException.class)
          .hasMessageContaining("Invalid content key");
    }
    assertThatThrownBy(() -> cas.get("cas://sha256/" + "a".repeat(64)))
        .isInstanceOf(BlobNotFoundException.class);
  }
}
