package dev.mmlake.embed;

import dev.mmlake.cas.ContentKey;
import dev.mmlake.cas.ContentStore;
import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.functions.BatchFunction;
import dev.mmlake.functions.SqlReturns;
import dev.mmlake.media.BlobOwners;
import dev.mmlake.media.ImageDecoder;
import dev.mmlake.media.MediaDecodeException;
import dev.mmlake.media.MediaLimits;
import dev.mmlake.media.VideoDecoder;
import dev.mmlake.transforms.PrecomputeTransforms;
import dev.mmlake.transforms.TransformUses;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code EMBED_CLIP(x)}: the L2-normalized CLIP embedding of {@code x}, which is either text, or a
 * {@code cas://} URI of an image (JPEG, PNG, GIF, BMP) or a video (MP4/MOV, WebM/MKV). A video is
 * embedded as the mean of its {@code embed.clip.video-frames} (default 8) evenly spaced keyframes,
 * re-normalized. The model is the CLIP export in {@code embed.clip.model-dir}.
 *
 * <p>Runs in batches, reuses cached vectors keyed by the content hash (the blob's digest, or the
 * text's sha256) and model version, and turns an undecodable item into NULL plus a failure row.
 * Model load and inference times go to the statement's {@link InferenceStats}.
 */
public final class EmbedClipFunction implements BatchFunction {
  public static final String VIDEO_FRAMES = "embed.clip.video-frames";

  private StatementContext ctx;
  private ClipEmbedder clip;
  private QueryEmbeddings cache;
  private ImageDecoder images;
  private VideoDecoder videos;
  private int videoFrames;
  private InferenceStats stats;
  private String device;

  @SqlReturns("REAL ARRAY")
  public List<Float> eval(String input) {
    @SuppressWarnings("unchecked")
    List<Float> out = (List<Float>) evalBatch(
        Collections.singletonList(new Object[] {input})).get(0);
    return out;
  }

  @Override
  public List<Object> evalBatch(List<Object[]> args) {
    init();
    TransformUses.record(ctx, PrecomputeTransforms.embedClip(clip.model(), clip.version(),
        videoFrames));
    List<String> keys = new ArrayList<>(args.size());
    Map<String, String> texts = new LinkedHashMap<>();
    Map<String, BufferedImage> pictures = new LinkedHashMap<>();
    Map<String, List<BufferedImage>> clips = new LinkedHashMap<>();
    List<String> inputKeys = new ArrayList<>(args.size());
    for (Object[] a : args) {
      String input = (String) a[0];
      inputKeys.add(input == null ? null
          : ContentKey.isUri(input) ? ContentKey.digestOf(input) : Sha256.hex(input));
    }
    cache.lookUp(inputKeys);
    countCached(args, inputKeys);
    for (int i = 0; i < args.size(); i++) {
      String input = (String) args.get(i)[0];
      String key = inputKeys.get(i);
      if (key != null && cache.get(key) == null && !texts.containsKey(key)
          && !pictures.containsKey(key) && !clips.containsKey(key)) {
        if (!ContentKey.isUri(input)) {
          texts.put(key, input);
        } else if (!decode(input, key, pictures, clips)) {
          key = null;
        }
      }
      keys.add(key);
    }
    store(texts.keySet(), timed("text", texts.size(),
        () -> clip.embedTexts(new ArrayList<>(texts.values()))));
    store(pictures.keySet(), timed("image", pictures.size(),
        () -> clip.embedImages(new ArrayList<>(pictures.values()))));
    store(clips.keySet(), timed("video_frame",
        clips.values().stream().mapToInt(List::size).sum(),
        () -> clip.embedVideos(new ArrayList<>(clips.values()))));
    List<Object> out = new ArrayList<>(keys.size());
    for (String k : keys) {
      out.add(k == null ? null : QueryEmbeddings.toList(cache.get(k)));
    }
    return out;
  }

  /** Counts the inputs the cache answered, per input kind. */
  private void countCached(List<Object[]> args, List<String> inputKeys) {
    int texts = 0;
    int blobs = 0;
    for (int i = 0; i < args.size(); i++) {
      String key = inputKeys.get(i);
      if (key != null && cache.get(key) != null) {
        if (ContentKey.isUri((String) args.get(i)[0])) {
          blobs++;
        } else {
          texts++;
        }
      }
    }
    stats.cached(clip, device, "text", texts);
    stats.cached(clip, device, "blob", blobs);
  }

  /** Runs one model call on {@code items} inputs of kind {@code input}, timed into the stats. */
  private float[][] timed(String input, int items, Supplier<float[][]> call) {
    if (items == 0) {
      return null;
    }
    long start = System.nanoTime();
    float[][] vectors = call.get();
    stats.inferred(clip, device, input, items, (System.nanoTime() - start) / 1e9);
    return vectors;
  }

  private void store(Set<String> keys, float[][] vectors) {
    int i = 0;
    for (String k : keys) {
      cache.put(k, vectors[i++]);
    }
  }

  /** Decodes a blob into an image or keyframes; false (and a failure row) when it cannot. */
  private boolean decode(String uri, String key, Map<String, BufferedImage> pictures,
      Map<String, List<BufferedImage>> clips) {
    ContentStore cas = ctx.lakehouse().cas();
    try {
      byte[] head = headOf(cas, uri);
      if (isVideo(head)) {
        clips.put(key, videos.keyframes(cas.verifiedPath(uri), videoFrames, uri));
      } else {
        pictures.put(key, images.decode(cas.get(uri), uri));
      }
      return true;
    } catch (MediaDecodeException e) {
      fail(uri, e.errorType(), e.getMessage(), e.retryable());
    } catch (RuntimeException e) {
      fail(uri, e.getClass().getSimpleName(), e.getMessage(), false);
    }
    return false;
  }

  private void fail(String uri, String type, String message, boolean retryable) {
    BlobOwners.recordFailure(ctx, "embed", "image", uri, type,
        "EMBED_CLIP could not use " + uri + ": " + message, retryable);
  }

  private static byte[] headOf(ContentStore cas, String uri) {
    try (var in = Files.newInputStream(cas.pathOf(ContentKey.digestOf(uri)))) {
      return in.readNBytes(12);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + uri, e);
    }
  }

  static boolean isVideo(byte[] h) {
    boolean ftyp = h.length >= 8 && h[4] == 'f' && h[5] == 't' && h[6] == 'y' && h[7] == 'p';
    boolean ebml = h.length >= 4 && (h[0] & 0xff) == 0x1A && (h[1] & 0xff) == 0x45
        && (h[2] & 0xff) == 0xDF && (h[3] & 0xff) == 0xA3;
    return ftyp || ebml;
  }

  private void init() {
    if (clip != null) {
      return;
    }
    ctx = StatementContext.current();
    EmbedConfig config = EmbedConfig.from(ctx.lakehouse().config());
    Embedders.Loaded<ClipEmbedder> loaded = Embedders.loadClip(config);
    clip = loaded.embedder();
    device = config.device().toString();
    stats = InferenceStats.of(ctx);
    stats.loaded(clip, device, loaded.loadSeconds());
    new ModelRegistry(ctx.lakehouse()).register(clip.spec(), ctx.writes());
    cache = new QueryEmbeddings(ctx, clip.model(), clip.version());
    MediaLimits limits = MediaLimits.from(ctx.lakehouse().config());
    images = new ImageDecoder(limits);
    videos = new VideoDecoder(limits);
    videoFrames = Integer.parseInt(ctx.lakehouse().config().get(VIDEO_FRAMES, "8"));
  }
}
