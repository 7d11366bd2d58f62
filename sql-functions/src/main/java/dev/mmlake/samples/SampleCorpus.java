package dev.mmlake.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a small, seeded sample of all five sources in their real on-disk layouts, with planted
 * defects and duplicates listed in {@code samples-manifest.json}:
 * <pre>
 *   fineweb/data/CC-MAIN-2024-10/000_0000{0,1}.parquet              read_fineweb
 *   coco/annotations/captions_val2017.json + coco/val2017/*.jpg     read_coco
 *   librispeech/LibriSpeech/dev-clean/&lt;spk&gt;/&lt;chapter&gt;/...            read_librispeech
 *   msrvtt/train_val_videodatainfo.json + msrvtt/TrainValVideo/     read_msrvtt
 *   finevideo/videos/*.mp4 + finevideo/metadata/*.json               read_finevideo
 *   media-cases/annotations/captions_val2017.json + media-cases/val2017/  read_coco
 * </pre>
 * {@code media-cases} holds real-world image variants (progressive, CMYK, WebP, 16-bit PNG, bytes
 * after the EOI marker, truncated files) apart from the five sources, listed under
 * {@code media_cases} in the manifest.
 * The same seed writes the same corpus. {@code mmlake samples <dir>} runs {@link #main}.
 */
public final class SampleCorpus {
  public static final long DEFAULT_SEED = 20_240_601L;
  public static final String MANIFEST = SampleManifest.FILE;

  /** Item counts per source. */
  public record Summary(Path dir, int fineweb, int coco, int librispeech, int msrvtt,
      int finevideo) {
    public int total() {
      return fineweb + coco + librispeech + msrvtt + finevideo;
    }
  }

  private SampleCorpus() {
  }

  /** Writes the corpus under {@code dir} with {@link #DEFAULT_SEED}. */
  public static Summary generate(Path dir) throws IOException {
    return generate(dir, DEFAULT_SEED);
  }

  /**
   * Writes the corpus under {@code dir}, which must be empty or absent (so a rerun never mixes
   * two corpora).
   */
  public static Summary generate(Path dir, long seed) throws IOException {
    if (Files.isDirectory(dir)) {
      try (var s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new IllegalArgumentException("Sample corpus folder " + dir + " is not empty; "
              + "pass a new or empty folder");
        }
      }
    }
    Files.createDirectories(dir);
    SampleManifest m = new SampleManifest(seed);
    Summary s = new Summary(dir,
        FineWebSamples.write(dir, seed, m),
        CocoSamples.write(dir, seed + 1, m),
        LibriSpeechSamples.write(dir, seed + 2, m),
        VideoSamples.writeMsrVtt(dir, seed + 3, m),
        VideoSamples.writeFineVideo(dir, seed + 4, m));
    MediaCaseSamples.write(dir, seed + 5, m);
    m.write(dir);
    return s;
  }

  /**
   * Writes only the FineWeb-Edu and COCO parts of the corpus (the cheap ones, no manifest) under
   * {@code dir}, for tests that need real rows of those sources but not the media-heavy rest.
   */
  public static void generateTextAndImages(Path dir, long seed) throws IOException {
    Files.createDirectories(dir);
    SampleManifest m = new SampleManifest(seed);
    FineWebSamples.write(dir, seed, m);
    CocoSamples.write(dir, seed + 1, m);
  }

  /** {@code mmlake samples <dir> [seed]}: exit 0 on success, 1 on a usage error, 2 on failure. */
  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2 || args[0].equals("--help")) {
      System.out.println("Usage: mmlake samples <dir> [seed]\n"
          + "Writes a small corpus of all five sources (FineWeb-Edu, COCO, LibriSpeech, MSR-VTT,"
          + " FineVideo)\nin their real layouts, with planted defects and duplicates listed in "
          + "<dir>/" + MANIFEST + ".");
      System.exit(args.length == 1 && args[0].equals("--help") ? 0 : 1);
    }
    try {
      long start = System.nanoTime();
      Summary s = generate(Path.of(args[0]),
          args.length == 2 ? Long.parseLong(args[1]) : DEFAULT_SEED);
      System.out.printf("Wrote %d items (fineweb %d, coco %d, librispeech %d, msrvtt %d, "
              + "finevideo %d) to %s in %.1f s%n", s.total(), s.fineweb(), s.coco(),
          s.librispeech(), s.msrvtt(), s.finevideo(), s.dir(), (System.nanoTime() - start) / 1e9);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    } catch (IOException | RuntimeException e) {
      System.err.println("error: cannot write the sample corpus: " + e);
      System.exit(2);
    }
  }
}
