package dev.mmlake.engine.sql;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code -- key: value} comment header at the top of a SQL file (recipes, evals): the comment
 * lines before the first line of SQL, keys lower-cased, values stripped. Comment lines without a
 * colon are prose and skipped.
 */
public final class SqlHeader {
  private static final Pattern LINE = Pattern.compile("--\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*:(.*)");

  private SqlHeader() {
  }

  /**
   * The header of {@code text}, in file order. A key in {@code repeatable} may appear more than
   * once: its values are joined one per line. Any other repeated key is passed to
   * {@code duplicate} (which throws, to refuse the file) and the first value is kept.
   */
  public static Map<String, String> parse(String text, Set<String> repeatable,
      Consumer<String> duplicate) {
    Map<String, String> header = new LinkedHashMap<>();
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (!line.startsWith("--")) {
        break;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String key = m.group(1).toLowerCase(Locale.ROOT);
      String value = m.group(2).strip();
      if (!header.containsKey(key)) {
        header.put(key, value);
      } else if (repeatable.contains(key)) {
        header.put(key, header.get(key) + "\n" + value);
      } else {
        duplicate.accept(key);
      }
    }
    return header;
  }
}
