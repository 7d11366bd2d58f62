package dev.mmlake.loader.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmlake.loader.LoaderSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code token_mask_v001}: replaces each token of the sample's text with {@code mask_token}
 * independently with probability {@code mask_prob} (one uniform draw per token, in order). Tokens
 * are the text's whitespace-separated words; the result joins them with single spaces. Config:
 * {@code mask_prob} (default 0.15), {@code mask_token} (default {@code [MASK]}).
 */
public final class TokenMasking extends ConfiguredTransform {
  static final String NAME = "token_mask";
  private final double maskProb;
  private final String maskToken;

  TokenMasking(String id, JsonNode given) {
    super(id, "text", given, Set.of("mask_prob", "mask_token"));
    LiveConfig c = settings();
    this.maskProb = c.number("mask_prob", 0.15, 0, 1);
    this.maskToken = c.text("mask_token", "[MASK]");
  }

  @Override
  public LoaderSample apply(LoaderSample s, LiveRandom random) {
    if (s.text() == null) {
      return s;
    }
    List<String> tokens = List.of(s.text().trim().split("\\s+"));
    String text = s.text().isBlank() ? s.text() : String.join(" ", mask(tokens, random));
    return new LoaderSample(s.key(), s.shard(), s.worker(), s.image(), text, s.vector(),
        s.json(), s.raw(), s.bytes(), s.audio());
  }

  /** {@code tokens} with the drawn ones replaced by the mask token. */
  public List<String> mask(List<String> tokens, LiveRandom random) {
    List<String> out = new ArrayList<>(tokens.size());
    for (String t : tokens) {
      out.add(random.nextDouble() < maskProb ? maskToken : t);
    }
    return out;
  }
}
