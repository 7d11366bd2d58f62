package dev.mmlake.engine.ingest;

import dev.mmlake.connectors.Connectors;
import java.util.List;
import org.apache.calcite.schema.ScannableTable;

/**
 * The source connectors as SQL table functions. Each returns rows with the columns of
 * {@code lake.items}, so {@code INSERT INTO lake.items SELECT * FROM TABLE(read_coco(...))} works.
 */
public final class ConnectorFunctions {
  private ConnectorFunctions() {
  }

  /** {@code read_fineweb(parquet_file_or_dir)}. */
  public static ScannableTable readFineweb(String path) {
    return table("read_fineweb", path);
  }

  /** {@code read_coco(captions_json, images_dir)}. */
  public static ScannableTable readCoco(String captionsJson, String imagesDir) {
    return table("read_coco", captionsJson, imagesDir);
  }

  /** {@code read_librispeech(root)}. */
  public static ScannableTable readLibrispeech(String root) {
    return table("read_librispeech", root);
  }

  /** {@code read_msrvtt(videodatainfo_json, videos_dir)}. */
  public static ScannableTable readMsrvtt(String videoDataInfoJson, String videosDir) {
    return table("read_msrvtt", videoDataInfoJson, videosDir);
  }

  /** {@code read_finevideo(root)}. */
  public static ScannableTable readFinevideo(String root) {
    return table("read_finevideo", root);
  }

  private static ScannableTable table(String name, String... args) {
    return new ConnectorTable(Connectors.create(name, List.of(args)));
  }
}
