package dev.mmlake.versions;

import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The full name of a dataset version, {@code <dataset>@<version>} (e.g. {@code coco@v002}). The
 * dataset lives in table {@code datasets.<dataset>}; the version is the Iceberg tag
 * {@code <version>} on that table, so SQL reads it as {@code datasets."coco@v002"}.
 */
public record VersionName(String dataset, String version) {
  /** Namespace of every dataset table. */
  public static final Namespace DATASETS = Namespace.of("datasets");

  private static final Pattern DATASET = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  public VersionName {
    Objects.requireNonNull(dataset, "dataset is null");
    Objects.requireNonNull(version, "version is null");
    if (!DATASET.matcher(dataset).matches()) {
      throw new RecipeException("Invalid dataset name '%s': use lower-case letters, digits and _ "
          + "starting with a letter, e.g. coco", dataset);
    }
    if (!VERSION.matcher(version).matches()) {
      throw new RecipeException("Invalid version name '%s': use letters, digits, '.', '_' or '-', "
          + "e.g. v002", version);
    }
  }

  /** Parses {@code dataset@version}. */
  public static VersionName parse(String name) {
    Objects.requireNonNull(name, "name is null");
    int at = name.indexOf('@');
    if (at <= 0 || at == name.length() - 1) {
      throw new RecipeException("Version name '%s' must look like <dataset>@<version>, e.g. "
          + "coco@v002", name);
    }
    return new VersionName(name.substring(0, at).trim(), name.substring(at + 1).trim());
  }

  /**
   * Parses a parent reference: {@code v001} (same dataset as {@code dataset}) or a full
   * {@code other@v001}.
   */
  public static VersionName parseRelative(String ref, String dataset) {
    return ref.contains("@") ? parse(ref) : new VersionName(dataset, ref.trim());
  }

  /** The dataset table, {@code datasets.<dataset>}. */
  public TableIdentifier table() {
    return tableOf(dataset);
  }

  public static TableIdentifier tableOf(String dataset) {
    return TableIdentifier.of(DATASETS, dataset);
  }

  /** How SQL names this version: {@code datasets."coco@v002"}. */
  public String sql() {
    return "datasets.\"" + dataset + "@" + version + "\"";
  }

  @Override
  public String toString() {
    return dataset + "@" + version;
  }
}
