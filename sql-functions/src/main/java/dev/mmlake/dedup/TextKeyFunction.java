package dev.mmlake.dedup;

import dev.mmlake.transforms.PrecomputeTransforms;
import dev.mmlake.transforms.TransformDef;
import dev.mmlake.transforms.TransformUses;

/**
 * {@code TEXT_KEY(text)}: the exact-dedup key of a text, the SHA-256 of its normalized form
 * (see {@link TextNormalizer}): texts that differ only in case, spacing, punctuation or Unicode
 * form share a key.
 */
public final class TextKeyFunction {
  private static final TransformDef USE = PrecomputeTransforms.textKey();

  public String eval(String text) {
    if (text == null) {
      return null;
    }
    TransformUses.record(USE);
    return TextNormalizer.key(text);
  }
}
