package dev.mmlake.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.samples.SampleManifest.Item;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * MSR-VTT ({@code msrvtt/train_val_videodatainfo.json} + {@code msrvtt/TrainValVideo/<id>.mp4})
 * and FineVideo ({@code finevideo/videos/<id>.mp4} + {@code finevideo/metadata/<id>.json}).
 * Plants an audio-only mp4, a missing video, an mp4 shared by both sources, a truncated mp4 and
 * an mp4 with a scrambled middle.
 */
final class VideoSamples {
  static final String MSRVTT = "msrvtt";
  static final String FINEVIDEO = "finevideo";
  static final int MSRVTT_VIDEOS = 10;
  static final int FINEVIDEO_VIDEOS = 6;
  static final int FRAMES = 20;
  private static final String[] CAPTIONS = {"a man is cooking in a kitchen",
      "a cartoon ball rolls across the screen", "people are talking about a car",
      "a woman explains how to fold paper", "a red disc moves from left to right",
      "a news anchor reads the weather", "kids play football in a park",
      "someone demonstrates a video game"};

  private VideoSamples() {
  }

  static int writeMsrVtt(Path root, long seed, SampleManifest m) throws IOException {
    Random r = new Random(seed);
    Path videos = Files.createDirectories(root.resolve("msrvtt/TrainValVideo"));
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode json = mapper.createObjectNode();
    json.putObject("info").put("contributor", "mmlake sample corpus").put("year", "2016");
    ArrayNode vids = json.putArray("videos");
    ArrayNode sentences = json.putArray("sentences");
    long senId = 0;
    for (int i = 0; i < MSRVTT_VIDEOS; i++) {
      String id = "video" + i;
      Path mp4 = videos.resolve(id + ".mp4");
      if (i == 6) {
        SampleMedia.audioOnlyMp4(mp4, SampleMedia.voice(2.0, seed + i));
        m.defect(MSRVTT, id, "no_video_stream", "mp4 holding only an AAC audio track");
      } else if (i == 8) {
        m.defect(MSRVTT, id, "missing_file", "listed in videodatainfo.json, no mp4 on disk");
      } else {
        SampleMedia.mp4(mp4, seed * 100 + i, FRAMES);
      }
      double start = Math.round(r.nextDouble() * 3000) / 100.0;
      vids.addObject().put("category", r.nextInt(20)).put("url",
          "https://www.youtube.com/watch?v=sample" + i).put("video_id", id)
          .put("start time", start).put("end time", start + 2.0).put("split", "train")
          .put("id", i);
      for (int c = 0; c < 3; c++) {
        String caption = i == 2 && c == 0 ? "ein Mann kocht in München — 東京の台所"
            : CAPTIONS[r.nextInt(CAPTIONS.length)];
        sentences.addObject().put("caption", caption).put("video_id", id).put("sen_id", senId++);
      }
    }
    m.nonAscii(new Item(MSRVTT, "video2"));
    mapper.writeValue(root.resolve("msrvtt/train_val_videodatainfo.json").toFile(), json);
    m.source(MSRVTT, "read_msrvtt", List.of("msrvtt/train_val_videodatainfo.json",
        "msrvtt/TrainValVideo"), MSRVTT_VIDEOS, 2);
    return MSRVTT_VIDEOS;
  }

  /** Call after {@link #writeMsrVtt}: one FineVideo item reuses an MSR-VTT mp4's bytes. */
  static int writeFineVideo(Path root, long seed, SampleManifest m) throws IOException {
    Random r = new Random(seed);
    Path videos = Files.createDirectories(root.resolve("finevideo/videos"));
    Path metadata = Files.createDirectories(root.resolve("finevideo/metadata"));
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 0; i < FINEVIDEO_VIDEOS; i++) {
      String id = String.format("sample_%06d", i);
      Path mp4 = videos.resolve(id + ".mp4");
      switch (i) {
        case 2 -> {
          Files.copy(root.resolve("msrvtt/TrainValVideo/video3.mp4"), mp4);
          m.exactDuplicates("the same mp4 bytes in MSR-VTT and FineVideo", List.of(
              new Item(MSRVTT, "video3"), new Item(FINEVIDEO, id)));
        }
        case 4 -> {
          SampleMedia.mp4(mp4, seed * 100 + 50 + i, FRAMES);
          byte[] b = Files.readAllBytes(mp4);
          Files.write(mp4, Arrays.copyOf(b, b.length / 2));
          m.defect(FINEVIDEO, id, "corrupt_video", "mp4 cut in half (no moov atom)");
        }
        case 5 -> {
          SampleMedia.mp4(mp4, seed * 100 + 50 + i, FRAMES);
          byte[] b = Files.readAllBytes(mp4);
          for (int k = b.length / 3; k < 2 * b.length / 3; k++) {
            b[k] = (byte) (k * 31);
          }
          Files.write(mp4, b);
          m.defect(FINEVIDEO, id, "truncated_video",
              "mp4 whose middle third is overwritten: decodes only part of its frames");
        }
        default -> SampleMedia.mp4(mp4, seed * 100 + 50 + i, FRAMES);
      }
      ObjectNode meta = mapper.createObjectNode();
      meta.put("original_video_filename", id + ".mp4").put("duration_seconds", 2)
          .put("resolution", SampleMedia.VIDEO_WIDTH + "x" + SampleMedia.VIDEO_HEIGHT)
          .put("youtube_title", "Sample lesson " + i).put("youtube_channel", "mmlake samples")
          .put("content_parent_category", "Education")
          .put("content_fine_category", r.nextBoolean() ? "Science" : "Crafts")
          .put("text_to_speech", "today we look at a moving disc");
      meta.putObject("content_metadata").put("title", "Moving shapes " + i)
          .put("description", CAPTIONS[r.nextInt(CAPTIONS.length)] + " (sample " + i + ")");
      mapper.writeValue(metadata.resolve(id + ".json").toFile(), meta);
    }
    m.source(FINEVIDEO, "read_finevideo", List.of("finevideo"), FINEVIDEO_VIDEOS, 2);
    return FINEVIDEO_VIDEOS;
  }
}
