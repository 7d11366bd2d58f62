package dev.mmlake.connectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.media.FailureCodes;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code read_msrvtt(videodatainfo_json, videos_dir)}: MSR-VTT, one video item per entry of the
 * JSON's {@code videos} array, in file order. The video is {@code videos_dir/<video_id>.mp4}; the
 * {@code sentences} with that {@code video_id} are its captions (text joins them with newlines in
 * {@code sen_id} order). Metadata keeps {@code url, start time, end time, category, split, id}
 * and every caption.
 */
public record MsrVttConnector(Path infoJson, Path videosDir) implements SourceConnector {
  public static final ConnectorSpec SPEC = new ConnectorSpec("read_msrvtt", "msrvtt", "1.0.0",
      List.of("videodatainfo_json", "videos_dir"), a -> new MsrVttConnector(a.get(0), a.get(1)));
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.-]+");

  record InfoFile(List<Video> videos, List<Sentence> sentences) {
  }

  record Video(@JsonProperty("video_id") String videoId, String url,
      @JsonProperty("start time") Double startTime, @JsonProperty("end time") Double endTime,
      Integer category, String split, Long id) {
  }

  record Sentence(@JsonProperty("video_id") String videoId, String caption,
      @JsonProperty("sen_id") Long senId) {
  }

  @Override
  public void read(IngestContext ctx, Consumer<ItemRow> out) {
    InfoFile info = Json.read(infoJson, InfoFile.class, "MSR-VTT videodatainfo file");
    ConnectorException.check(info.videos() != null,
        "%s has no 'videos' array: pass MSR-VTT's videodatainfo.json", infoJson);
    Map<String, List<Sentence>> byVideo = Captions.byItem(info.sentences(), Sentence::videoId,
        Comparator.comparing(s -> s.senId() == null ? Long.MAX_VALUE : s.senId()));
    ItemEmitter emitter = new ItemEmitter(ctx, SPEC, out);
    emitter.expect(info.videos().size());
    for (Video v : info.videos()) {
      if (v.videoId() == null || !SAFE_ID.matcher(v.videoId()).matches()) {
        emitter.fail(null, "video", infoJson + "#video_id=" + v.videoId(),
            FailureCodes.INVALID_RECORD, "video entry has no usable video_id");
        continue;
      }
      List<Sentence> sentences = byVideo.getOrDefault(v.videoId(), List.of());
      ObjectNode meta = Json.object();
      meta.put("url", v.url());
      meta.put("start_time", v.startTime());
      meta.put("end_time", v.endTime());
      meta.put("category", v.category());
      meta.put("split", v.split());
      meta.put("msrvtt_id", v.id());
      Captions.addTo(meta, sentences, "sen_id", Sentence::senId, Sentence::caption);
      emitter.video(v.videoId(), videosDir.resolve(v.videoId() + ".mp4"),
          Captions.text(sentences, Sentence::caption), meta);
    }
  }
}
