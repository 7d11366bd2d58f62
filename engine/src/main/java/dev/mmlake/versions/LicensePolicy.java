package dev.mmlake.versions;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The licenses a version may contain, from a recipe's {@code license_policy} header: either
 * {@code permissive} (the list in {@link #PERMISSIVE}) or a comma-separated list of license ids.
 * Ids compare case-insensitively; an item without a license never satisfies a policy.
 */
public record LicensePolicy(String spec, Set<String> allowed) {
  /**
   * Licenses that allow commercial training use with at most attribution: public-domain
   * dedications, CC0/CC BY, and the permissive software and data licenses.
   */
  public static final Set<String> PERMISSIVE = Set.of("cc0-1.0", "pddl-1.0", "public-domain",
      "cc-by-2.0", "cc-by-3.0", "cc-by-4.0", "odc-by-1.0", "mit", "apache-2.0", "bsd-2-clause",
      "bsd-3-clause", "cdla-permissive-2.0");

  public LicensePolicy {
    allowed = Set.copyOf(allowed);
  }

  /** Parses a header value; null when {@code spec} is null or blank. */
  public static LicensePolicy parse(String spec) {
    if (spec == null || spec.isBlank()) {
      return null;
    }
    String s = spec.strip();
    if (s.equalsIgnoreCase("permissive")) {
      return new LicensePolicy(s, PERMISSIVE);
    }
    Set<String> ids = Arrays.stream(s.split(","))
        .map(x -> x.strip().toLowerCase(Locale.ROOT))
        .filter(x -> !x.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
    if (ids.isEmpty()) {
      throw new RecipeException("license_policy '%s' names no license; use 'permissive' or a "
          + "comma-separated list such as 'cc-by-4.0, cc0-1.0'", spec);
    }
    return new LicensePolicy(s, ids);
  }

  public boolean allows(String license) {
    return license != null && allowed.contains(license.strip().toLowerCase(Locale.ROOT));
  }
}
