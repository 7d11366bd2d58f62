package dev.mmlake.embed;

import dev.mmlake.cas.Sha256;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Digests of a model's files and the version derived from them. */
public final class ModelFiles {
  private ModelFiles() {
  }

  /**
   * sha256 of every {@code .onnx}, {@code .json} and {@code .txt} file directly in {@code dir},
   * by file name. Other files (README, licenses) do not change what the model computes.
   */
  public static SortedMap<String, String> digests(Path dir) {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile).filter(ModelFiles::isModelFile)
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          e, "Cannot list model directory %s: %s", dir, e.getMessage());
    }
    if (files.isEmpty()) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          "Model directory %s holds no .onnx/.json files", dir);
    }
    SortedMap<String, String> out = new TreeMap<>();
    for (Path f : files) {
      out.put(f.getFileName().toString(), sha256(f));
    }
    return out;
  }

  private static boolean isModelFile(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".onnx") || n.endsWith(".json") || n.endsWith(".txt");
  }

  /**
   * The version of a model with these files: the first 16 hex chars of sha256 over the lines
   * {@code <file name> <sha256>\n}, sorted by file name.
   */
  public static String version(Map<String, String> fileDigests) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(fileDigests).forEach((name, sha) -> sb.append(name).append(' ').append(sha)
        .append('\n'));
    return Sha256.hex(sb.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  static String sha256(Path file) {
    MessageDigest md = Sha256.newDigest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          e, "Cannot read model file %s: %s", file, e.getMessage());
    }
    return Sha256.hex(md);
  }
}
