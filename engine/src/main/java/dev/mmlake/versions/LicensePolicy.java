package dev.mmlake.versions;

import dev.mmlake.connectors.LicenseClass;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The licenses a version may contain, from a recipe's {@code license_policy} header: a
 * comma-separated list whose entries are license classes ({@code permissive}, {@code attribution},
 * {@code share-alike}, {@code non-commercial}, {@code research-only}, {@code unknown}) or license
 * ids ({@code CC-BY-4.0}, {@code LicenseRef-...}). An item is allowed when its license id is
 * listed or its class (from {@code lake.licenses}, see {@link LicenseBook}) is. Ids compare
 * case-insensitively; an item without a license is of class {@code unknown}.
 *
 * @param spec the header value as written
 * @param classes the classes named
 * @param ids the license ids named, lower case
 * @param book the classes of license ids
 */
public record LicensePolicy(String spec, Set<LicenseClass> classes, Set<String> ids,
    LicenseBook book) {
  public LicensePolicy {
    classes = classes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(classes));
    ids = Set.copyOf(ids);
  }

  /** Parses a header value against the shipped license table; null when blank. */
  public static LicensePolicy parse(String spec) {
    return parse(spec, LicenseBook.shipped());
  }

  /** Parses a header value; null when {@code spec} is null or blank. */
  public static LicensePolicy parse(String spec, LicenseBook book) {
    if (spec == null || spec.isBlank()) {
      return null;
    }
    String s = spec.strip();
    Set<LicenseClass> classes = EnumSet.noneOf(LicenseClass.class);
    Set<String> ids = new LinkedHashSet<>();
    for (String part : s.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      LicenseClass.find(p).ifPresentOrElse(classes::add,
          () -> ids.add(p.toLowerCase(Locale.ROOT)));
    }
    if (classes.isEmpty() && ids.isEmpty()) {
      throw new RecipeException("license_policy '%s' names no license; name classes such as "
          + "'permissive, attribution' or license ids such as 'CC-BY-4.0, CC0-1.0'", spec);
    }
    return new LicensePolicy(s, classes, ids, book);
  }

  /** True when an item with license id {@code license} may be in the version. */
  public boolean allows(String license) {
    if (license != null && ids.contains(license.strip().toLowerCase(Locale.ROOT))) {
      return true;
    }
    return classes.contains(book.classOf(license));
  }

  /** Why {@code license} is refused, e.g. {@code CC-BY-NC-2.0 (non-commercial)}. */
  public String describe(String license) {
    return license + " (" + book.classOf(license) + ")";
  }
}
