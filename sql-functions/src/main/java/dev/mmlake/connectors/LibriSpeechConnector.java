package dev.mmlake.connectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.media.FailureCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code read_librispeech(root)}: LibriSpeech, one audio item per transcript line. Under
 * {@code root} (a split such as {@code LibriSpeech/dev-clean}, or any folder above) every
 * {@code <speaker>/<chapter>/<speaker>-<chapter>.trans.txt} is read in path order; each line
 * {@code <speaker>-<chapter>-<utt> TRANSCRIPT} names {@code <speaker>-<chapter>-<utt>.flac} in
 * the same folder. The utterance id is the source id and the transcript is the text. FLAC files
 * no transcript names are not read.
 */
public record LibriSpeechConnector(Path root) implements SourceConnector {
  public static final ConnectorSpec SPEC = new ConnectorSpec("read_librispeech", "librispeech",
      "1.0.0", List.of("root"), a -> new LibriSpeechConnector(a.get(0)));
  private static final Pattern UTTERANCE = Pattern.compile("(\\d+)-(\\d+)-(\\d+)");

  private record Line(Path transcript, int lineNo, String text) {
  }

  @Override
  public void read(IngestContext ctx, Consumer<ItemRow> out) {
    List<Line> lines = new ArrayList<>();
    for (Path t : transcripts(ctx.dataRoots())) {
      try {
        List<String> all = Files.readAllLines(t, StandardCharsets.UTF_8);
        for (int i = 0; i < all.size(); i++) {
          if (!all.get(i).isBlank()) {
            lines.add(new Line(t, i + 1, all.get(i).strip()));
          }
        }
      } catch (IOException e) {
        throw new ConnectorException(e, "Cannot read transcript %s: %s", t, e.getMessage());
      }
    }
    ItemEmitter emitter = new ItemEmitter(ctx, SPEC, out);
    emitter.expect(lines.size());
    for (Line line : lines) {
      String ref = line.transcript() + ":" + line.lineNo();
      int space = line.text().indexOf(' ');
      String uttId = space < 0 ? line.text() : line.text().substring(0, space);
      Matcher m = UTTERANCE.matcher(uttId);
      if (!m.matches()) {
        emitter.fail(null, "audio", ref, FailureCodes.INVALID_RECORD,
            "transcript line does not start with a <speaker>-<chapter>-<utterance> id");
        continue;
      }
      String transcript = space < 0 ? "" : line.text().substring(space + 1).strip();
      ObjectNode meta = Json.object();
      meta.put("speaker", m.group(1)).put("chapter", m.group(2)).put("utterance", m.group(3));
      meta.put("transcript_file", root.relativize(line.transcript()).toString());
      Path flac = line.transcript().resolveSibling(uttId + ".flac");
      emitter.audio(uttId, flac, transcript, meta);
    }
  }

  private List<Path> transcripts(DataRoots roots) {
    ConnectorException.check(Files.isDirectory(root), "LibriSpeech root %s is not a folder; pass "
        + "e.g. .../LibriSpeech/dev-clean", root);
    List<Path> files = SourceFiles.below(root, ".trans.txt", roots, SPEC.sqlName());
    ConnectorException.check(!files.isEmpty(),
        "No <speaker>-<chapter>.trans.txt transcript under %s", root);
    return files;
  }
}
