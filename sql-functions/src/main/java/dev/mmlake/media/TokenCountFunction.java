package dev.mmlake.media;

/** {@code TOKEN_COUNT(text)}: tokens of {@code text} under {@link TokenCounter}'s tokenizer. */
public final class TokenCountFunction {
  public Integer eval(String text) {
    return text == null ? null : TokenCounter.shared().count(text);
  }
}
