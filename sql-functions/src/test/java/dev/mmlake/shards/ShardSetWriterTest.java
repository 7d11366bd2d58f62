package dev.mmlake.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.cas.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardSetWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ShardOptions OPTIONS =
      ShardOptions.ofJson("{\"max_samples\": 7, \"seed\": 7, \"prefix\": \"coco-v002\"}");

  @TempDir
  Path tmp;

  @Test
  void shardsReadBackWithAPlainTarReader() throws Exception {
    List<ShardSample> samples = TestSamples.mixed(40);
    Map<String, ShardSample> byKey = samples.stream()
        .collect(Collectors.toMap(ShardSample::key, Function.identity()));
    ShardSetResult r = new ShardSetWriter(tmp, OPTIONS.withThreads(3))
        .write(samples, ShardListener.NONE);

    assertThat(r.shards()).hasSize(7);
    assertThat(r.samples()).isEqualTo(45);
    assertThat(r.failures()).isEmpty();
    assertThat(TestSamples.files(tmp)).containsExactly("coco-v002-000000.tar",
        "coco-v002-000001.tar", "coco-v002-000002.tar", "coco-v002-000003.tar",
        "coco-v002-000004.tar", "coco-v002-000005.tar", "coco-v002-000006.tar",
        "coco-v002-index.json");
    Set<String> seen = new HashSet<>();
    List<String> order = new ArrayList<>();
    for (ShardResult shard : r.shards()) {
      Path file = tmp.resolve(shard.name());
      byte[] bytes = Files.readAllBytes(file);
      assertThat(shard.bytes()).isEqualTo(bytes.length);
      assertThat(bytes.length % 10240).isZero();
      assertThat(shard.sha256()).isEqualTo(Sha256.hex(bytes));
      List<List<TestSamples.Member>> groups = groupByKey(TestSamples.read(file));
      assertThat(groups).hasSize((int) shard.samples());
      assertThat(groups.get(0).get(0).key()).isEqualTo(shard.firstKey());
      assertThat(groups.get(groups.size() - 1).get(0).key()).isEqualTo(shard.lastKey());
      for (List<TestSamples.Member> g : groups) {
        String key = g.get(0).key();
        assertThat(seen.add(key)).as("sample %s appears once, its members together", key)
            .isTrue();
        order.add(byKey.get(key).itemId());
        checkSample(byKey.get(key), g);
      }
    }
    assertThat(order).isEqualTo(ShardShuffle.shuffle(samples, ShardSample::itemId, 7).stream()
        .map(ShardSample::itemId).toList());
    for (String odd : TestSamples.ODD_IDS) {
      assertThat(seen).contains(ShardKey.of(odd));
    }

    JsonNode index = JSON.readTree(r.index().toFile());
    assertThat(index.get("__kind__").asText()).isEqualTo("wids-shard-index-v1");
    assertThat(index.get("options_hash").asText()).isEqualTo(OPTIONS.optionsHash());
    assertThat(index.get("samples").asLong()).isEqualTo(45);
    JsonNode first = index.get("shardlist").get(0);
    assertThat(first.get("url").asText()).isEqualTo("coco-v002-000000.tar");
    assertThat(first.get("nsamples").asLong()).isEqualTo(7);
    assertThat(first.get("sha256").asText()).isEqualTo(r.shards().get(0).sha256());
    assertThat(first.get("filesize").asLong()).isEqualTo(r.shards().get(0).bytes());
  }

  @Test
  void plannedSizesAreExact() {
    List<ShardSample> samples = TestSamples.mixed(30);
    List<ShardPlan> plans = ShardPlanner.plan(samples, OPTIONS, f -> { });
    ShardSetResult r = new ShardSetWriter(tmp, OPTIONS).write(samples, ShardListener.NONE);
    for (int i = 0; i < plans.size(); i++) {
      assertThat(r.shards().get(i).bytes()).isEqualTo(plans.get(i).bytes());
    }
  }

  @Test
  void sameSeedGivesByteIdenticalShardsForAnyThreadCount() throws Exception {
    List<ShardSample> samples = TestSamples.mixed(60);
    Map<String, String> one = digests(write(samples, OPTIONS.withThreads(1), "t1"));
    Map<String, String> again = digests(write(samples, OPTIONS.withThreads(1), "t1b"));
    List<ShardSample> reversed = new ArrayList<>(samples);
    Collections.reverse(reversed);
    Map<String, String> four = digests(write(reversed, OPTIONS.withThreads(4), "t4"));
    Map<String, String> otherSeed = digests(write(samples, OPTIONS.withSeed(8), "s8"));

    assertThat(one).hasSize(11);
    assertThat(again).isEqualTo(one);
    assertThat(four).isEqualTo(one);
    assertThat(otherSeed).isNotEqualTo(one);
  }

  @Test
  void maxMbClosesShards() throws Exception {
    List<ShardSample> samples = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      samples.add(ShardSample.ofBlob("big-" + i, "video", "mp4",
          BlobSource.ofBytes(TestSamples.bytes(i, 100_000)), Map.of()));
    }
    samples.add(ShardSample.ofBlob("huge", "video", "mp4",
        BlobSource.ofBytes(TestSamples.bytes(99, 500_000)), Map.of()));
    ShardOptions o = ShardOptions.ofJson("{\"max_samples\": 100, \"max_mb\": 0.35}");
    ShardSetResult r = new ShardSetWriter(tmp, o).write(samples, ShardListener.NONE);

    assertThat(r.samples()).isEqualTo(11);
    for (ShardResult s : r.shards()) {
      if (s.samples() == 1 && s.firstKey().equals("huge")) {
        assertThat(s.bytes()).isGreaterThan(o.maxBytes());
      } else {
        assertThat(s.bytes()).isLessThanOrEqualTo(o.maxBytes());
        assertThat(s.samples()).isBetween(1L, 3L);
      }
    }
    assertThat(r.shards().size()).isGreaterThanOrEqualTo(5);
    assertThat(r.sizeSkew()).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void pythonTarfileReadsTheShards() throws Exception {
    List<ShardSample> samples = TestSamples.mixed(20);
    ShardSetResult r = new ShardSetWriter(tmp, OPTIONS).write(samples, ShardListener.NONE);
    String script = """
        import hashlib, io, json, sys, tarfile, os
        try:
            import numpy as np
        except ImportError:
            np = None
        d = sys.argv[1]
        index = json.load(open(os.path.join(d, 'coco-v002-index.json')))
        out = {}
        for shard in index['shardlist']:
            path = os.path.join(d, shard['url'])
            data = open(path, 'rb').read()
            assert hashlib.sha256(data).hexdigest() == shard['sha256'], shard['url']
            assert len(data) == shard['filesize']
            keys = []
            with tarfile.open(path) as tf:
                for m in tf:
                    assert m.isfile() and m.mtime == 0 and m.uid == 0 and m.gid == 0, m.name
                    assert m.uname == '' and m.gname == '' and m.mode == 0o644, (m.name, m.mode)
                    assert not m.pax_headers, m.pax_headers
                    key, ext = m.name.split('.', 1)
                    if not keys or keys[-1] != key:
                        assert key not in out, 'members of %s not consecutive' % key
                        keys.append(key); out[key] = {'members': []}
                    out[key]['members'].append(ext)
                    body = tf.extractfile(m).read()
                    if ext == 'json':
                        out[key]['id'] = json.loads(body)['id']
                    if ext == 'npy' and np is not None:
                        out[key]['npy'] = np.load(io.BytesIO(body)).tolist()
            assert len(keys) == shard['nsamples']
        print(json.dumps(out, sort_keys=True))
        """;
    JsonNode got = JSON.readTree(Python.script(script, "tarfile", tmp.toString()));
    assertThat(got.size()).isEqualTo(25);
    for (ShardSample s : samples) {
      JsonNode g = got.get(s.key());
      assertThat(g).as(s.itemId()).isNotNull();
      assertThat(g.get("id").asText()).isEqualTo(s.itemId());
      List<String> members = new ArrayList<>();
      g.get("members").forEach(m -> members.add(m.asText()));
      assertThat(members).isEqualTo(expectedExts(s));
      if (s.embedding() != null && g.has("npy")) {
        for (int d = 0; d < s.embedding().length; d++) {
          assertThat((float) g.get("npy").get(d).asDouble()).isEqualTo(s.embedding()[d]);
        }
      }
    }
    assertThat(r.failures()).isEmpty();
  }

  @Test
  void duplicateIdsOrKeysAreRejectedBeforeWriting() throws Exception {
    ShardSample a = TestSamples.sample("same", 1);
    assertThatThrownBy(() -> new ShardSetWriter(tmp, OPTIONS).write(List.of(a, a),
        ShardListener.NONE)).isInstanceOf(ShardException.class).hasMessageContaining("twice");
    String clash = ShardKey.of("a.b");
    assertThatThrownBy(() -> new ShardSetWriter(tmp, OPTIONS).write(
        List.of(TestSamples.sample("a.b", 1), TestSamples.sample(clash, 2)), ShardListener.NONE))
        .isInstanceOf(ShardException.class).hasMessageContaining("both map to the sample key");
    assertThat(TestSamples.files(tmp)).isEmpty();
  }

  @Test
  void aCompleteSetIsNotOverwrittenAndLeftoversAreRemoved() throws Exception {
    Files.write(tmp.resolve(".coco-v002-000003.tar.tmp"), new byte[] {1});
    Files.write(tmp.resolve("coco-v002-000042.tar"), new byte[] {1});
    Files.write(tmp.resolve("other.txt"), new byte[] {1});
    new ShardSetWriter(tmp, OPTIONS).write(TestSamples.mixed(3), ShardListener.NONE);
    assertThat(TestSamples.files(tmp)).containsExactly("coco-v002-000000.tar",
        "coco-v002-000001.tar", "coco-v002-index.json", "other.txt");
    assertThatThrownBy(() -> new ShardSetWriter(tmp, OPTIONS).write(TestSamples.mixed(3),
        ShardListener.NONE)).isInstanceOf(ShardException.class).hasMessageContaining("already");
    assertThat(TestSamples.files(tmp)).hasSize(4);
  }

  static List<String> expectedExts(ShardSample s) {
    List<String> exts = new ArrayList<>();
    if (s.blob() != null) {
      exts.add(s.ext());
    }
    if (s.text() != null) {
      exts.add("txt");
    }
    if (s.embedding() != null) {
      exts.add("npy");
    }
    exts.add("json");
    return exts;
  }

  private static void checkSample(ShardSample s, List<TestSamples.Member> members)
      throws Exception {
    List<String> names = members.stream().map(TestSamples.Member::name).toList();
    assertThat(names).isEqualTo(expectedExts(s).stream().map(e -> s.key() + "." + e).toList());
    for (TestSamples.Member m : members) {
      assertThat(m.entry().getLastModifiedDate().getTime()).isZero();
      assertThat(m.entry().getLongUserId()).isZero();
      assertThat(m.entry().getLongGroupId()).isZero();
      assertThat(m.entry().getUserName()).isEmpty();
      assertThat(m.entry().getGroupName()).isEmpty();
      assertThat(m.entry().getMode()).isEqualTo(0644);
      assertThat(m.entry().isFile()).isTrue();
      String ext = m.name().substring(m.name().indexOf('.') + 1);
      if (ext.equals("json")) {
        JsonNode j = JSON.readTree(m.data());
        assertThat(j.get("id").asText()).isEqualTo(s.itemId());
        assertThat(j.get("version").asText()).isEqualTo("coco@v002");
        assertThat(j.get("snapshot_id").asLong()).isEqualTo(1234567890123L);
        assertThat(j.get("captions")).hasSize(2);
      } else if (ext.equals("npy")) {
        ByteBuffer b = ByteBuffer.wrap(m.data()).order(ByteOrder.LITTLE_ENDIAN);
        int start = 10 + Short.toUnsignedInt(b.getShort(8));
        assertThat(new String(m.data(), 10, start - 10, StandardCharsets.US_ASCII))
            .contains("'descr': '<f4'", "'shape': (8,)");
        for (int d = 0; d < 8; d++) {
          assertThat(b.getFloat(start + 4 * d)).isEqualTo(s.embedding()[d]);
        }
      } else if (ext.equals(s.ext())) {
        assertThat(m.data()).isEqualTo(s.blob().open().readAllBytes());
      } else {
        assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo(s.text());
      }
    }
  }

  static List<List<TestSamples.Member>> groupByKey(List<TestSamples.Member> members) {
    List<List<TestSamples.Member>> groups = new ArrayList<>();
    for (TestSamples.Member m : members) {
      if (groups.isEmpty() || !groups.get(groups.size() - 1).get(0).key().equals(m.key())) {
        groups.add(new ArrayList<>());
      }
      groups.get(groups.size() - 1).add(m);
    }
    return groups;
  }

  private Path write(List<ShardSample> samples, ShardOptions o, String sub) {
    Path dir = tmp.resolve(sub);
    new ShardSetWriter(dir, o).write(samples, ShardListener.NONE);
    return dir;
  }

  private static Map<String, String> digests(Path dir) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    for (String f : TestSamples.files(dir)) {
      out.put(f, Sha256.hex(Files.readAllBytes(dir.resolve(f))));
    }
    return out;
  }
}
