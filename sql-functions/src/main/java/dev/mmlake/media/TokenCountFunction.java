package dev.mmlake.media;

import dev.mmlake.transforms.PrecomputeTransforms;
import dev.mmlake.transforms.TransformDef;
import dev.mmlake.transforms.TransformUses;

/** {@code TOKEN_COUNT(text)}: tokens of {@code text} under {@link TokenCounter}'s tokenizer. */
public final class TokenCountFunction {
  private static final TransformDef USE =
      PrecomputeTransforms.tokenCount(TokenCounter.TOKENIZER);

  public Integer eval(String text) {
    if (text == null) {
      return null;
    }
    TransformUses.record(USE);
    return TokenCounter.shared().count(text);
  }
}
