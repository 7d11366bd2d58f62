package dev.mmlake.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import dev.mmlake.embed.ClipConfig;
import dev.mmlake.embed.ClipEmbedder;
import dev.mmlake.embed.ClipImagePreprocessor;
import dev.mmlake.embed.ClipImageTranslator;
import dev.mmlake.embed.EmbedConfig;
import dev.mmlake.embed.EmbedDevice;
import dev.mmlake.embed.EmbedException;
import dev.mmlake.embed.Embedder;
import dev.mmlake.embed.Embedders;
import dev.mmlake.embed.MeanPoolTranslator;
import dev.mmlake.embed.ModelSpec;
import dev.mmlake.embed.PixelBatch;
import dev.mmlake.embed.TextModelFiles;
import dev.mmlake.embed.TextOnnxEmbedder;
import dev.mmlake.embed.TokenBatch;
import dev.mmlake.embed.Vectors;
import dev.mmlake.error.ErrorCode;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Throughput of the batch API against a plain DJL predictor loop (one input per call) over the
 * same inputs, in one run: {@code EMBED_TEXT}'s MiniLM (texts/s) and a CLIP's vision tower
 * (images/s; tiny-clip from the test resources unless {@code --clip-dir} names a real export).
 *
 * <pre>
 * java -Dai.djl.offline=true -cp ... dev.mmlake.bench.EmbedBenchmark [--texts N] [--images N]
 *     [--batch-size N] [--clip-dir DIR] [--device cpu|gpu] [--models-dir DIR]
 * </pre>
 * Both paths run {@value #ROUNDS} rounds, alternating, and the best of each is reported.
 * Exit codes: 0 ok, 1 bad arguments, 2 failure.
 */
public final class EmbedBenchmark {
  private static final String[] WORDS = ("the a photo of cat dog street red bus people riding "
      + "bicycles river mountain city night market model data lake table query fast slow camera "
      + "light beautiful old new small large green blue café über naïve 東京 données")
      .split(" ");

  /** Each path runs this often, alternating; the best round of each is reported. */
  private static final int ROUNDS = 3;
  private static final Path TINY_CLIP =
      Path.of("sql-functions/src/test/resources/models/tiny-clip");

  private EmbedBenchmark() {
  }

  public static void main(String[] args) {
    Map<String, String> opts;
    try {
      opts = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      usage();
      System.exit(1);
      return;
    }
    if (opts.containsKey("help")) {
      usage();
      return;
    }
    try {
      EmbedConfig config = EmbedConfig.fromEnvironment()
          .withBatchSize(Integer.parseInt(opts.getOrDefault("batch-size", "32")))
          .withDevice(EmbedDevice.parse(opts.getOrDefault("device", "cpu")));
      if (opts.containsKey("models-dir")) {
        config = config.withModelsDir(Path.of(opts.get("models-dir")));
      }
      if (opts.containsKey("clip-dir")) {
        config = config.withClipModelDir(Path.of(opts.get("clip-dir")));
      } else if (config.clipModelDir() == null) {
        config = config.withClipModelDir(TINY_CLIP);
      }
      System.out.printf(Locale.ROOT, "device=%s batch-size=%d cores=%d%n", config.device(),
          config.batchSize(), Runtime.getRuntime().availableProcessors());
      benchTexts(config, Integer.parseInt(opts.getOrDefault("texts", "256")));
      benchImages(config, Integer.parseInt(opts.getOrDefault("images", "64")));
    } catch (NumberFormatException e) {
      System.err.println("Not a number: " + e.getMessage());
      System.exit(1);
    } catch (RuntimeException e) {
      System.err.println("Benchmark failed: " + e.getMessage());
      e.printStackTrace();
      System.exit(2);
    } finally {
      Embedders.closeAll();
    }
  }

  private static void benchTexts(EmbedConfig config, int n) throws RuntimeException {
    List<String> texts = sentences(n, new Random(42));
    Embedder batched = Embedders.text(config);
    ModelSpec spec = batched.spec();
    System.out.printf(Locale.ROOT, "EMBED_TEXT %s: %d texts, warming up...%n", spec.key(), n);
    batched.embedTexts(texts.subList(0, Math.min(n, config.batchSize())));
    try (PlainTextLoop plain = new PlainTextLoop(config)) {
      double batchS = Double.MAX_VALUE;
      double loopS = Double.MAX_VALUE;
      long calls = 0;
      float[][] fast = null;
      float[][] slow = null;
      for (int round = 0; round < ROUNDS; round++) {
        long t0 = System.nanoTime();
        long calls0 = batched.invocations();
        fast = batched.embedTexts(texts);
        batchS = Math.min(batchS, (System.nanoTime() - t0) / 1e9);
        calls = batched.invocations() - calls0;
        t0 = System.nanoTime();
        slow = plain.embed(texts);
        loopS = Math.min(loopS, (System.nanoTime() - t0) / 1e9);
      }
      report("texts", n, batchS, calls, loopS, minCosine(fast, slow));
    }
  }

  /**
   * The baseline for the SQL path: seconds for a plain DJL predictor (batch 1, no mmlake code)
   * to embed {@code texts} with the built-in text model, after one warm-up call.
   */
  public static double plainTextLoopSeconds(EmbedConfig config, List<String> texts) {
    try (PlainTextLoop plain = new PlainTextLoop(config)) {
      long t0 = System.nanoTime();
      plain.embed(texts);
      return (System.nanoTime() - t0) / 1e9;
    }
  }

  /** The plain DJL way for texts: one model, one predictor, one text per call, warmed up. */
  private static final class PlainTextLoop implements AutoCloseable {
    private final HuggingFaceTokenizer tok;
    private final ZooModel<TokenBatch, float[][]> model;
    private final Predictor<TokenBatch, float[][]> predictor;

    PlainTextLoop(EmbedConfig config) {
      Path dir = Embedders.text(config).spec().location();
      try {
        tok = TextOnnxEmbedder.truncating(dir.resolve(TextModelFiles.TOKENIZER));
        model = load(dir.resolve(TextModelFiles.MODEL), config, TokenBatch.class,
            new MeanPoolTranslator());
        predictor = model.newPredictor();
        embed(List.of("warm up"));
      } catch (Exception e) {
        throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
            e, "Plain text loop failed: %s", e.getMessage());
      }
    }

    float[][] embed(List<String> texts) {
      float[][] out = new float[texts.size()][];
      try {
        for (int i = 0; i < out.length; i++) {
          out[i] = predictor.predict(TokenBatch.pad(List.of(tok.encode(texts.get(i)).getIds()),
              0))[0];
        }
      } catch (TranslateException e) {
        throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
            e, "Plain text loop failed: %s", e.getMessage());
      }
      return out;
    }

    @Override
    public void close() {
      predictor.close();
      model.close();
      tok.close();
    }
  }

  /** {@code n} varied benchmark sentences (seeded). */
  public static List<String> benchmarkSentences(int n, long seed) {
    return sentences(n, new Random(seed));
  }

  private static void benchImages(EmbedConfig config, int n) {
    List<BufferedImage> images = images(n, new Random(7));
    ClipEmbedder clip = Embedders.clip(config);
    ModelSpec spec = clip.spec();
    System.out.printf(Locale.ROOT, "EMBED_CLIP %s: %d images (640x480), warming up...%n",
        spec.key(), n);
    clip.embedImages(images.subList(0, Math.min(n, config.batchSize())));
    ClipConfig cc = ClipConfig.load(spec.location());
    ClipImagePreprocessor pre = new ClipImagePreprocessor(cc);
    try (ZooModel<PixelBatch, float[][]> model = load(spec.location().resolve(
            ClipConfig.VISION_MODEL), config, PixelBatch.class, new ClipImageTranslator());
        Predictor<PixelBatch, float[][]> plain = model.newPredictor()) {
      plain.predict(new PixelBatch(pre.pixelValues(images.get(0)), 1, cc.imageSize()));
      double batchS = Double.MAX_VALUE;
      double loopS = Double.MAX_VALUE;
      long calls = 0;
      float[][] fast = null;
      float[][] slow = new float[n][];
      for (int round = 0; round < ROUNDS; round++) {
        long t0 = System.nanoTime();
        long calls0 = clip.invocations();
        fast = clip.embedImages(images);
        batchS = Math.min(batchS, (System.nanoTime() - t0) / 1e9);
        calls = clip.invocations() - calls0;
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          slow[i] = plain.predict(new PixelBatch(pre.pixelValues(images.get(i)), 1,
              cc.imageSize()))[0];
        }
        loopS = Math.min(loopS, (System.nanoTime() - t0) / 1e9);
      }
      report("images", n, batchS, calls, loopS, minCosine(fast, slow));
      long t0 = System.nanoTime();
      for (BufferedImage img : images) {
        pre.pixelValues(img);
      }
      System.out.printf(Locale.ROOT, "  preprocessing alone:  %8.1f images/s (one thread; resize "
          + "640x480 -> crop 224)%n", n / ((System.nanoTime() - t0) / 1e9));
    } catch (Exception e) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          e, "Image benchmark failed: %s", e.getMessage());
    }
  }

  /** The plain DJL way: one model, one predictor, called in a loop. */
  private static <I> ZooModel<I, float[][]> load(Path file, EmbedConfig config, Class<I> in,
      Translator<I, float[][]> translator) throws Exception {
    return Criteria.builder().setTypes(in, float[][].class).optModelPath(file)
        .optEngine(ModelSpec.ENGINE).optDevice(config.device().toDjl())
        .optTranslator(translator).build().loadModel();
  }

  private static void report(String unit, int n, double batchS, long calls, double loopS,
      double minCos) {
    double fast = n / batchS;
    double slow = n / loopS;
    System.out.printf(Locale.ROOT, "  batch API:            %8.1f %s/s (%d model invocations)%n",
        fast, unit, calls);
    System.out.printf(Locale.ROOT, "  plain predictor loop: %8.1f %s/s (%d model invocations, "
        + "same preprocessing, one input per call)%n", slow, unit, n);
    System.out.printf(Locale.ROOT, "  ratio batch/loop:     %8.2fx   (min cosine between the two "
        + "paths %.6f)%n", fast / slow, minCos);
  }

  private static double minCosine(float[][] a, float[][] b) {
    double min = 1;
    for (int i = 0; i < a.length; i++) {
      min = Math.min(min, Vectors.cosine(a[i], b[i]));
    }
    return min;
  }

  static List<String> sentences(int n, Random rnd) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int len = 6 + rnd.nextInt(40);
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < len; w++) {
        sb.append(w == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
      }
      out.add(sb.append('.').toString());
    }
    return out;
  }

  static List<BufferedImage> images(int n, Random rnd) {
    List<BufferedImage> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
      int base = rnd.nextInt(0xFFFFFF);
      for (int y = 0; y < 480; y++) {
        for (int x = 0; x < 640; x++) {
          img.setRGB(x, y, base ^ ((x * 31 + y * 17) & 0xFFFF));
        }
      }
      out.add(img);
    }
    return out;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        m.put("help", "");
      } else if (a.startsWith("--") && i + 1 < args.length) {
        m.put(a.substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("Unknown argument: " + a);
      }
    }
    return m;
  }

  private static void usage() {
    System.out.println("Usage: EmbedBenchmark [--texts N] [--images N] [--batch-size N] "
        + "[--clip-dir DIR] [--device cpu|gpu] [--models-dir DIR]");
  }
}
