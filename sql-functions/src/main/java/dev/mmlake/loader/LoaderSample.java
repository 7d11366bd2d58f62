package dev.mmlake.loader;

import java.util.Map;

/**
 * One decoded sample: the image (JPEG/PNG/WebP member) as an {@link ImageArray}, the {@code .txt}
 * member as a string, the {@code .npy} member as float32 values, the {@code .json} member as its
 * text, the audio member (FLAC, WAV, MP3) as an {@link AudioArray}; each is null when the sample
 * has no such member (or decoding was off). {@code raw} keeps every member's bytes (video is left
 * encoded); {@code worker} is the decode worker that produced it and {@code bytes} the member
 * bytes read.
 */
public record LoaderSample(String key, String shard, int worker, ImageArray image, String text,
    float[] vector, String json, Map<String, byte[]> raw, long bytes, AudioArray audio) {
  /** A sample without decoded audio. */
  public LoaderSample(String key, String shard, int worker, ImageArray image, String text,
      float[] vector, String json, Map<String, byte[]> raw, long bytes) {
    this(key, shard, worker, image, text, vector, json, raw, bytes, null);
  }
}
