package dev.mmlake.evals;

import dev.mmlake.engine.sql.SqlHeader;
import dev.mmlake.engine.sql.SqlScript;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An eval as a SQL file {@code sql/evals/<name>.sql}: a header of {@code -- key: value} lines, then
 * statements; the last is a query returning {@code (metric, value)} rows. A metric returned in
 * one row is recorded as is; a metric returned in many rows (one per query or item) is recorded as
 * their mean with a 95% bootstrap interval.
 *
 * <pre>
 * -- eval: text_retrieval
 * -- version: 1
 * -- metrics: recall@1, recall@5, recall@10, near_dup_rate (lower), license_share:*
 * -- description: ...
 * -- model: all-MiniLM-L6-v2        (optional: recorded with each metric)
 * -- split: version | heldout       (optional, default version)
 * </pre>
 *
 * In the statements {@code ${version}} is the version's rows ({@code datasets."coco@v002"}),
 * {@code ${dataset}} its dataset name and {@code ${heldout}} the held-out items of lake.items
 * ({@link EvalSplit}). A metric marked {@code (lower)} is better when lower, one marked
 * {@code (info)} only describes the version; a name ending in {@code *} matches every metric with
 * that prefix.
 */
public record EvalDefinition(String name, String version, String description, String model,
    String split, List<MetricSpec> metrics, List<SqlScript.Statement> statements, String path) {
  /** The split of an eval over the version's own rows. */
  public static final String SPLIT_VERSION = "version";
  /** The split of an eval over the held-out items. */
  public static final String SPLIT_HELDOUT = "heldout";

  private static final Pattern METRIC = Pattern.compile(
      "([A-Za-z0-9_@.:%-]+\\*?)\\s*(\\((higher|lower|info)\\))?");

  public EvalDefinition {
    metrics = List.copyOf(metrics);
    statements = List.copyOf(statements);
  }

  /**
   * A declared metric: its name (or prefix with {@code *}) and direction; an {@code (info)}
   * metric (a count, a share) describes the version and is neither better nor worse.
   */
  public record MetricSpec(String name, boolean lowerIsBetter, boolean info) {
    /** Whether {@code metric} is this one (or has its prefix). */
    public boolean matches(String metric) {
      return name.endsWith("*") ? metric.startsWith(name.substring(0, name.length() - 1))
          : name.equals(metric);
    }
  }

  /** Reads and checks {@code file}. */
  public static EvalDefinition read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new EvalException(ErrorCode.NOT_FOUND, "Cannot read eval %s: %s", file,
          e.getMessage());
    }
  }

  /** Parses eval text; {@code path} names it in messages. */
  public static EvalDefinition parse(String text, String path) {
    Map<String, String> header = SqlHeader.parse(text, Set.of(), key -> {
      throw new EvalException(ErrorCode.INVALID_ARGUMENT, "%s: header key '%s' appears twice",
          path, key);
    });
    for (String key : List.of("eval", "version", "metrics", "description")) {
      if (header.getOrDefault(key, "").isEmpty()) {
        throw new EvalException(ErrorCode.INVALID_ARGUMENT, "%s: the header needs a '-- %s: ...' "
            + "line (required: eval, version, metrics, description)", path, key);
      }
    }
    List<MetricSpec> metrics = new ArrayList<>();
    for (String part : header.get("metrics").split(",")) {
      Matcher m = METRIC.matcher(part.strip());
      if (!m.matches()) {
        throw new EvalException(ErrorCode.INVALID_ARGUMENT, "%s: cannot read metric '%s' of the "
            + "metrics header; write e.g. 'recall@10' or 'near_dup_rate (lower)'", path,
            part.strip());
      }
      metrics.add(new MetricSpec(m.group(1), "lower".equals(m.group(3)),
          "info".equals(m.group(3))));
    }
    String split = header.getOrDefault("split", SPLIT_VERSION).toLowerCase(Locale.ROOT);
    if (!split.equals(SPLIT_VERSION) && !split.equals(SPLIT_HELDOUT)) {
      throw new EvalException(ErrorCode.INVALID_ARGUMENT, "%s: split must be 'version' or "
          + "'heldout', got '%s'", path, split);
    }
    List<SqlScript.Statement> statements = SqlScript.split(text);
    if (statements.isEmpty()) {
      throw new EvalException(ErrorCode.INVALID_ARGUMENT, "%s has no statements: end it with a "
          + "SELECT returning (metric, value) rows", path);
    }
    return new EvalDefinition(header.get("eval"), header.get("version"),
        header.get("description"), header.get("model"), split, metrics, statements, path);
  }

  /** The declared metric {@code metric}, or null when the header does not declare it. */
  public MetricSpec spec(String metric) {
    for (MetricSpec s : metrics) {
      if (s.matches(metric)) {
        return s;
      }
    }
    return null;
  }

  /** The eval file of {@code name} in {@code dir}, e.g. sql/evals/text_retrieval.sql. */
  public static Path file(Path dir, String name) {
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw new EvalException(ErrorCode.INVALID_ARGUMENT, "Eval name '%s' is not a file name; "
          + "use the name of a file in %s without .sql", name, dir);
    }
    Path f = dir.resolve(name + ".sql");
    if (!Files.isRegularFile(f)) {
      throw new EvalException(ErrorCode.NOT_FOUND, "No eval %s: %s does not exist (list them "
          + "with `mmlake eval list`)", name, f);
    }
    return f;
  }
}
