package dev.mmlake.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.cas.BlobNotFoundException;
import dev.mmlake.cas.ContentRef;
import dev.mmlake.cas.ContentStore;
import dev.mmlake.cas.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShardSetFailureTest {
  private static final ShardOptions OPTIONS =
      ShardOptions.ofJson("{\"max_samples\": 5, \"seed\": 3, \"prefix\": \"set\"}");

  @TempDir
  Path tmp;

  @Test
  void missingAndCorruptBlobsAreSkippedAndReported() throws Exception {
    ContentStore store = new ContentStore(tmp.resolve("cas"));
    ContentRef good = store.put(TestSamples.bytes(1, 1000));
    ContentRef corrupt = store.put(TestSamples.bytes(2, 1000));
    Files.write(store.pathOf(corrupt.hash()), TestSamples.bytes(3, 1000));
    List<ShardSample> samples = new ArrayList<>(TestSamples.mixed(12));
    samples.add(ShardSample.ofBlob("from-cas", "image", "jpg",
        BlobSource.ofStore(store, good.uri()), Map.of()));
    samples.add(ShardSample.ofBlob("corrupt", "image", "jpg",
        BlobSource.ofStore(store, corrupt.uri()), Map.of()));
    samples.add(ShardSample.ofBlob("unsized", "image", "jpg",
        BlobSource.ofStore(store, "0".repeat(64)), Map.of()));
    samples.add(ShardSample.ofBlob("vanished", "image", "jpg", BlobSource.of(10, () -> {
      throw new BlobNotFoundException("1".repeat(64));
    }), Map.of()));
    List<ShardFailure> heard = new ArrayList<>();
    Path out = tmp.resolve("out");
    ShardSetResult r = new ShardSetWriter(out, OPTIONS).write(samples, new ShardListener() {
      @Override
      public void failure(ShardFailure f) {
        heard.add(f);
      }
    });

    assertThat(heard).isEqualTo(r.failures());
    assertThat(heard).extracting(ShardFailure::itemId)
        .containsExactlyInAnyOrder("corrupt", "unsized", "vanished");
    assertThat(heard.get(0).itemId()).isEqualTo("unsized");
    assertThat(heard.get(0).shard()).isEqualTo(-1);
    assertThat(heard).extracting(ShardFailure::errorType)
        .contains("corrupt_blob", "blob_not_found");
    assertThat(r.samples()).isEqualTo(samples.size() - 3);
    assertThat(r.shards().stream().mapToLong(ShardResult::skipped).sum()).isEqualTo(2);
    List<String> keys = new ArrayList<>();
    for (ShardResult s : r.shards()) {
      for (TestSamples.Member m : TestSamples.read(out.resolve(s.name()))) {
        keys.add(m.key());
      }
    }
    assertThat(keys).contains("from-cas").doesNotContain("corrupt", "unsized", "vanished");
    // the shard that met the corrupt blob was written again: size and sha256 are of the file
    for (ShardResult s : r.shards()) {
      Path f = out.resolve(s.name());
      assertThat(Files.size(f)).isEqualTo(s.bytes());
      assertThat(Sha256.hex(Files.readAllBytes(f))).isEqualTo(s.sha256());
    }
    assertThat(TestSamples.files(out)).noneMatch(n -> n.endsWith(".tmp"));
  }

  @Test
  void withoutVerificationACorruptBlobIsCopiedAndAMissingOneStillSkipped() throws Exception {
    ContentStore store = new ContentStore(tmp.resolve("cas"));
    ContentRef corrupt = store.put(TestSamples.bytes(2, 1000));
    byte[] changed = TestSamples.bytes(3, 1000);
    Files.write(store.pathOf(corrupt.hash()), changed);
    List<ShardSample> samples = List.of(
        ShardSample.ofBlob("corrupt", "image", "jpg",
            BlobSource.ofStore(store, corrupt.uri(), false), Map.of()),
        ShardSample.ofBlob("missing", "image", "jpg",
            BlobSource.ofStore(store, "0".repeat(64), false), Map.of()));
    Path out = tmp.resolve("trusted");
    ShardSetResult r = new ShardSetWriter(out, OPTIONS).write(samples, new ShardListener() {
    });
    assertThat(r.failures()).extracting(ShardFailure::itemId).containsExactly("missing");
    List<TestSamples.Member> members = TestSamples.read(out.resolve(r.shards().get(0).name()));
    assertThat(members.get(0).key()).isEqualTo("corrupt");
    assertThat(members.get(0).data()).isEqualTo(changed);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void anErrorMidWriteLeavesNoShardAndNoTempFile(int threads) throws Exception {
    List<ShardSample> samples = new ArrayList<>(TestSamples.mixed(30));
    samples.add(ShardSample.ofBlob("killer", "video", "mp4", BlobSource.of(200_000,
        () -> new FailingStream(100_000, () -> new Error("simulated kill"))), Map.of()));
    Path out = tmp.resolve("out");
    assertThatThrownBy(() -> new ShardSetWriter(out, OPTIONS.withThreads(threads))
        .write(samples, ShardListener.NONE)).isInstanceOf(Error.class)
        .hasMessage("simulated kill");
    assertThat(TestSamples.files(out)).isEmpty();
  }

  @Test
  void aStreamThatBreaksAfterOpenFailsTheSetCleanly() throws Exception {
    List<ShardSample> samples = new ArrayList<>(TestSamples.mixed(30));
    samples.add(ShardSample.ofBlob("torn", "video", "mp4", BlobSource.of(200_000,
        () -> new FailingStream(5000, () -> new IOException("disk gone"))), Map.of()));
    Path out = tmp.resolve("out");
    assertThatThrownBy(() -> new ShardSetWriter(out, OPTIONS.withThreads(2))
        .write(samples, ShardListener.NONE)).isInstanceOf(ShardException.class)
        .hasMessageContaining("disk gone").hasMessageContaining("nothing of it was kept");
    assertThat(TestSamples.files(out)).isEmpty();
  }

  @Test
  void anInterruptedWriteLeavesNothing() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    List<ShardSample> samples = new ArrayList<>(TestSamples.mixed(30));
    samples.add(ShardSample.ofBlob("slow", "video", "mp4", BlobSource.of(1 << 20,
        () -> new BlockingStream(reading)), Map.of()));
    Path out = tmp.resolve("out");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        new ShardSetWriter(out, OPTIONS.withThreads(2)).write(samples, ShardListener.NONE);
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    writer.start();
    assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
    writer.interrupt();
    writer.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(writer.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(ShardException.class)
        .hasMessageContaining("interrupted");
    assertThat(TestSamples.files(out)).isEmpty();
  }

  /** Delivers {@code goodBytes} bytes, then throws what {@code failure} makes. */
  private static final class FailingStream extends InputStream {
    private final Supplier<Throwable> failure;
    private long left;

    FailingStream(long goodBytes, Supplier<Throwable> failure) {
      this.left = goodBytes;
      this.failure = failure;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        Throwable t = failure.get();
        if (t instanceof IOException io) {
          throw io;
        }
        throw (Error) t;
      }
      int n = (int) Math.min(len, left);
      left -= n;
      return n;
    }
  }

  /** Delivers some bytes, signals, then blocks until interrupted (a stalled network read). */
  private static final class BlockingStream extends InputStream {
    private final CountDownLatch reading;
    private final CountDownLatch never = new CountDownLatch(1);
    private int served;

    BlockingStream(CountDownLatch reading) {
      this.reading = reading;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (served < 3) {
        served++;
        return Math.min(len, 1000);
      }
      reading.countDown();
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("read interrupted");
      }
      return -1;
    }
  }
}
