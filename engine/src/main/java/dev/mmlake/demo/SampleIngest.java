package dev.mmlake.demo;

import java.nio.file.Path;
import java.util.List;

/** The SQL that ingests a corpus written by {@code mmlake samples} into {@code lake.items}. */
public final class SampleIngest {
  private SampleIngest() {
  }

  /** One INSERT per source, in the sample corpus layout under {@code dir}. */
  public static List<String> statements(Path dir) {
    Path d = dir.toAbsolutePath();
    return List.of(
        insert("read_fineweb('" + d.resolve("fineweb/data") + "')"),
        insert("read_coco('" + d.resolve("coco/annotations/captions_val2017.json") + "', '"
            + d.resolve("coco/val2017") + "')"),
        insert("read_librispeech('" + d.resolve("librispeech/LibriSpeech/dev-clean") + "')"),
        insert("read_msrvtt('" + d.resolve("msrvtt/train_val_videodatainfo.json") + "', '"
            + d.resolve("msrvtt/TrainValVideo") + "')"),
        insert("read_finevideo('" + d.resolve("finevideo") + "')"));
  }

  private static String insert(String call) {
    return "INSERT INTO lake.items SELECT * FROM TABLE(" + call.replace("\\", "/") + ")";
  }
}
