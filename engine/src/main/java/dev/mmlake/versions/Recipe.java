package dev.mmlake.versions;

import dev.mmlake.cas.Sha256;
import dev.mmlake.engine.sql.SqlHeader;
import dev.mmlake.engine.sql.SqlParsing;
import dev.mmlake.engine.sql.SqlScript;
import dev.mmlake.engine.sql.StatementKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.parser.SqlParseException;

/**
 * A dataset version as a SQL file: a header of {@code -- key: value} lines, then statements that
 * run in order. The last statement must be a query; its rows become the version.
 *
 * <pre>
 * -- dataset: coco
 * -- version: v002
 * -- parent: v001            (or none)
 * -- description: drop quality failures and near-duplicates
 * CREATE TABLE IF NOT EXISTS scratch.x (...);   -- optional intermediate statements
 * SELECT * FROM datasets."coco@v001" WHERE ...;  -- the version's rows
 * </pre>
 *
 * Required keys: dataset, version, parent, description. Optional: license_policy, takedown,
 * requested_by, evals, gate (may repeat), live_transform (may repeat), and any other key (kept in
 * the manifest's header).
 */
public record Recipe(String path, String text, Map<String, String> header,
    List<SqlScript.Statement> statements) {
  /** Header keys the runner reads. */
  public static final String DATASET = "dataset";
  public static final String VERSION = "version";
  public static final String PARENT = "parent";
  public static final String DESCRIPTION = "description";
  public static final String LICENSE_POLICY = "license_policy";
  public static final String TAKEDOWN = "takedown";
  public static final String REQUESTED_BY = "requested_by";
  /** Evals to run on the built version, comma-separated (see docs/evals.md). */
  public static final String EVALS = "evals";
  /** A gate on an eval metric; may repeat, one gate per line (see docs/evals.md). */
  public static final String GATE = "gate";
  /**
   * A live transform the loader applies, {@code <name>_v<NNN> [JSON config]}; may appear more than
   * once (the values are kept one per line, in order). See docs/transforms.md.
   */
  public static final String LIVE_TRANSFORM = "live_transform";

  public Recipe {
    header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
    statements = List.copyOf(statements);
  }

  /** Reads and checks a recipe file. */
  public static Recipe read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new RecipeException(e, "Cannot read recipe %s: %s", file, e.getMessage());
    }
  }

  /**
   * Parses recipe text; {@code path} is where it came from (for messages and the manifest), or
   * null.
   */
  public static Recipe parse(String text, String path) {
    String where = path == null ? "recipe" : path;
    Map<String, String> header = SqlHeader.parse(text, Set.of(GATE, LIVE_TRANSFORM), key -> {
      throw new RecipeException("%s: header key '%s' appears twice", where, key);
    });
    for (String key : List.of(DATASET, VERSION, PARENT, DESCRIPTION)) {
      if (header.getOrDefault(key, "").isEmpty()) {
        throw new RecipeException("%s: the header needs a '-- %s: ...' line (required keys: "
            + "dataset, version, parent, description; use 'parent: none' for a first version)",
            where, key);
      }
    }
    List<SqlScript.Statement> statements = SqlScript.split(text);
    if (statements.isEmpty()) {
      throw new RecipeException("%s has no statements: end it with the SELECT whose rows are the "
          + "version", where);
    }
    for (int i = 0; i < statements.size(); i++) {
      SqlScript.Statement st = statements.get(i);
      StatementKind kind;
      try {
        kind = SqlParsing.kindOf(SqlParsing.parse(st.sql()));
      } catch (SqlParseException e) {
        int line = fileLine(st, e.getPos() == null ? 0 : e.getPos().getLineNum());
        throw new RecipeException("%s, line %d: %s", where, line,
            e.getMessage().split("\\R")[0]);
      }
      boolean last = i == statements.size() - 1;
      if (last && kind != StatementKind.QUERY) {
        throw new RecipeException("%s, line %d: the last statement must be a SELECT (its rows "
            + "become the version), not %s", where, st.line(), kind);
      }
    }
    Recipe r = new Recipe(path, text, header, statements);
    r.name(); // validates the dataset and version names
    r.parent();
    return r;
  }

  /**
   * The line in the recipe file of line {@code lineInStatement} (1-based) of {@code st}'s text;
   * {@link SqlScript} starts a statement's text (comments included) on {@code st.line()}.
   */
  static int fileLine(SqlScript.Statement st, int lineInStatement) {
    return lineInStatement <= 0 ? st.line() : st.line() + lineInStatement - 1;
  }

  public VersionName name() {
    return new VersionName(header.get(DATASET), header.get(VERSION));
  }

  /** The parent version, or null for {@code parent: none}. */
  public VersionName parent() {
    String p = header.get(PARENT);
    if (p == null || p.equalsIgnoreCase("none") || p.equals("-")) {
      return null;
    }
    return VersionName.parseRelative(p, header.get(DATASET));
  }

  public String description() {
    return header.get(DESCRIPTION);
  }

  /** The statements before the final SELECT. */
  public List<SqlScript.Statement> setup() {
    return statements.subList(0, statements.size() - 1);
  }

  /** The final SELECT, whose rows become the version. */
  public SqlScript.Statement result() {
    return statements.get(statements.size() - 1);
  }

  /** sha256 hex of the recipe text (UTF-8). */
  public String sha256() {
    return Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The header value of {@code key}, or null. */
  public String get(String key) {
    return header.get(key);
  }
}
