package dev.mmlake.connectors;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a license lets a data team do with an item, coarsely: the classes {@code lake.licenses}
 * assigns to license ids and a recipe's {@code license_policy} names.
 */
public enum LicenseClass {
  /** No condition beyond keeping a notice: CC0, public domain, MIT, Apache-2.0, BSD. */
  PERMISSIVE("permissive"),
  /** Any use with attribution: CC-BY, ODC-By. */
  ATTRIBUTION("attribution"),
  /** Derivatives must carry the same license: CC-BY-SA, ODbL. */
  SHARE_ALIKE("share-alike"),
  /** No commercial use: CC-BY-NC*. */
  NON_COMMERCIAL("non-commercial"),
  /** Research use only, by the provider's own terms. */
  RESEARCH_ONLY("research-only"),
  /** Not known, or needs a review before use. */
  UNKNOWN("unknown");

  private final String sqlName;

  LicenseClass(String sqlName) {
    this.sqlName = sqlName;
  }

  /** The name stored in {@code lake.licenses.class}. */
  public String sqlName() {
    return sqlName;
  }

  /** The class named {@code name} (case-insensitive, {@code _} for {@code -}), if any. */
  public static Optional<LicenseClass> find(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    return Arrays.stream(values()).filter(c -> c.sqlName.equals(n)).findFirst();
  }

  @Override
  public String toString() {
    return sqlName;
  }
}
