package dev.mmlake.versions;

import dev.mmlake.engine.iceberg.TableRef;
import dev.mmlake.engine.sql.SqlParsing;
import dev.mmlake.engine.sql.SqlScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The tables and mmlake functions a recipe's SQL names, found from its parsed statements (tables)
 * and its text (function calls). Used for the manifest's inputs, models and thresholds.
 */
record RecipeReferences(List<Ref> tables, Set<String> functions) {
  /** A table the recipe reads or writes, at {@code ref} (tag, snapshot id) or current when null. */
  record Ref(TableIdentifier table, String ref) {
    @Override
    public String toString() {
      return ref == null ? table.toString() : table + "@" + ref;
    }
  }

  private static final Pattern FUNCTION = Pattern.compile(
      "\\b((?:EMBED|QUALITY|ANN|DEDUP|READ|WRITE|TRANSFORM)_[A-Z0-9_]+|VERSION_DIFF)\\s*\\(",
      Pattern.CASE_INSENSITIVE);

  /**
   * Finds the references of {@code recipe}; a name counts as a table when {@code exists} says a
   * table of that name exists (or the recipe creates it, which callers see as existing later).
   */
  static RecipeReferences of(Recipe recipe, Predicate<TableIdentifier> exists) {
    Set<String> seen = new TreeSet<>();
    List<Ref> refs = new ArrayList<>();
    for (SqlScript.Statement st : recipe.statements()) {
      SqlNode node;
      try {
        node = SqlParsing.parse(st.sql());
      } catch (SqlParseException e) {
        continue; // Recipe.parse already rejected unparsable statements
      }
      node.accept(new SqlBasicVisitor<Void>() {
        @Override
        public Void visit(SqlIdentifier id) {
          List<String> names = id.names;
          if (names.size() < 2 || names.get(names.size() - 1).isEmpty()) {
            return null;
          }
          TableRef tr = TableRef.parse(names.get(names.size() - 1));
          Namespace ns = Namespace.of(names.get(names.size() - 2));
          TableIdentifier t = TableIdentifier.of(ns, tr.table());
          if (tr.systemTable() == null && exists.test(t)) {
            Ref r = new Ref(t, tr.ref());
            if (seen.add(r.toString())) {
              refs.add(r);
            }
          }
          return null;
        }
      });
    }
    Set<String> functions = new TreeSet<>();
    String code = recipe.text().replaceAll("(?m)--.*$", "").replaceAll("(?s)/\\*.*?\\*/", "");
    Matcher m = FUNCTION.matcher(code);
    while (m.find()) {
      functions.add(m.group(1).toUpperCase(Locale.ROOT));
    }
    return new RecipeReferences(List.copyOf(refs), functions);
  }

  boolean reads(TableIdentifier table) {
    return tables.stream().anyMatch(r -> r.table().equals(table));
  }

  boolean callsModel() {
    return functions.stream().anyMatch(f -> f.startsWith("EMBED_"));
  }
}
