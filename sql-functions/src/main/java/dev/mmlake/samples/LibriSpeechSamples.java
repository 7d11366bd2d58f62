package dev.mmlake.samples;

import dev.mmlake.samples.SampleManifest.Item;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * LibriSpeech in its own layout: {@code LibriSpeech/dev-clean/<speaker>/<chapter>/} with FLAC
 * utterances and a {@code <speaker>-<chapter>.trans.txt}. Plants a near-silent utterance, an
 * exact duplicate, a truncated FLAC and a transcript line whose FLAC is missing.
 */
final class LibriSpeechSamples {
  static final String SOURCE = "librispeech";
  static final String ROOT = "librispeech/LibriSpeech/dev-clean";
  private static final int[][] CHAPTERS = {{84, 121123}, {84, 121550}, {174, 50561}, {174, 168635}};
  private static final int UTTERANCES = 6;
  private static final String[] WORDS = {"THE", "OLD", "MAN", "WALKED", "SLOWLY", "ALONG", "RIVER",
      "AND", "SHE", "SAID", "THAT", "NIGHT", "WAS", "COLD", "HOUSE", "LIGHT", "WHEN", "THEY",
      "CAME", "HOME", "LITTLE", "VOICE", "HEARD", "MORNING"};

  private LibriSpeechSamples() {
  }

  static int write(Path root, long seed, SampleManifest m) throws IOException {
    Random r = new Random(seed);
    List<String> ids = new ArrayList<>();
    for (int[] sc : CHAPTERS) {
      Path dir = Files.createDirectories(root.resolve(ROOT).resolve(sc[0] + "/" + sc[1]));
      List<String> lines = new ArrayList<>();
      for (int u = 0; u < UTTERANCES; u++) {
        String id = String.format("%d-%d-%04d", sc[0], sc[1], u);
        ids.add(id);
        lines.add(id + " " + transcript(r));
        Path flac = dir.resolve(id + ".flac");
        double seconds = 1.0 + r.nextInt(11) / 10.0;
        switch (id) {
          case "84-121123-0003" -> {
            SampleMedia.flac(flac, SampleMedia.silence(seconds, seed + ids.size()));
            m.special("silent_audio", new Item(SOURCE, id));
          }
          case "84-121123-0005" -> {
            SampleMedia.flac(flac, SampleMedia.voice(2.0, seed + ids.size()));
            byte[] b = Files.readAllBytes(flac);
            Files.write(flac, Arrays.copyOf(b, b.length * 6 / 10));
            m.defect(SOURCE, id, "truncated_audio", "FLAC cut at 60% of its bytes");
          }
          case "174-168635-0002" ->
              m.defect(SOURCE, id, "missing_file", "transcript line without its FLAC file");
          case "174-50561-0004" -> {
            Files.copy(root.resolve(ROOT).resolve("84/121550/84-121550-0001.flac"), flac);
            m.exactDuplicates("the same FLAC bytes under two utterance ids", List.of(
                new Item(SOURCE, "84-121550-0001"), new Item(SOURCE, id)));
          }
          default -> SampleMedia.flac(flac, SampleMedia.voice(seconds, seed + ids.size()));
        }
      }
      Files.write(dir.resolve(sc[0] + "-" + sc[1] + ".trans.txt"),
          (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    m.source(SOURCE, "read_librispeech", List.of(ROOT), ids.size(), 2);
    return ids.size();
  }

  private static String transcript(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = 4 + r.nextInt(8);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(WORDS[r.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }
}
