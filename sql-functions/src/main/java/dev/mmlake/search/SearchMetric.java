package dev.mmlake.search;

import dev.mmlake.error.InvalidArgumentException;
import java.util.Locale;

/**
 * How {@code VECTOR_SEARCH} measures distance; smaller is nearer for every metric. Each distance is
 * derived from one dot product and the two squared norms, so the SIMD dot kernel does the work:
 * <ul>
 *   <li>{@code cosine}: {@code 1 - q.x / (|q| |x|)}, in [0, 2]; a zero vector is at distance 1;</li>
 *   <li>{@code l2}: Euclidean distance {@code sqrt(|q|^2 + |x|^2 - 2 q.x)} (clamped at 0);</li>
 *   <li>{@code dot}: {@code -q.x} (maximum inner product search).</li>
 * </ul>
 */
public enum SearchMetric {
  COSINE, L2, DOT;

  /** The metric named {@code name} (case-insensitive): cosine, l2 or dot. */
  public static SearchMetric parse(String name) {
    if (name == null) {
      return COSINE;
    }
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "cosine", "cos" -> COSINE;
      case "l2", "euclidean" -> L2;
      case "dot", "ip", "inner_product" -> DOT;
      default -> throw new InvalidArgumentException(
          "Unknown vector search metric '%s'; use 'cosine', 'l2' or 'dot'", name);
    };
  }

  /** The SQL name of this metric. */
  public String sqlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The distance of two vectors from their dot product and squared norms. Deterministic: the same
   * inputs give the same float bit for bit.
   */
  public float distance(float dot, float queryNormSq, float rowNormSq) {
    return switch (this) {
      case COSINE -> {
        if (queryNormSq == 0f || rowNormSq == 0f) {
          yield 1f;
        }
        yield (float) (1.0 - dot / Math.sqrt((double) queryNormSq * rowNormSq));
      }
      case L2 -> (float) Math.sqrt(Math.max(0.0, (double) queryNormSq + rowNormSq - 2.0 * dot));
      case DOT -> -dot;
    };
  }
}
