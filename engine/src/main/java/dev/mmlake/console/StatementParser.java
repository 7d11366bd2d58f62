package dev.mmlake.console;

import java.util.Locale;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;

/**
 * The shell's line parser: a SQL statement goes on over several lines until one ends with
 * {@code ;} (JLine then shows the continuation prompt and keeps the lines as one history entry);
 * meta-commands ({@code .tables}) and {@code exit} are complete on their own line.
 */
final class StatementParser extends DefaultParser {
  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    if (context == ParseContext.ACCEPT_LINE && !complete(line)) {
      throw new EOFError(-1, -1, "statement not ended with ;", ";");
    }
    return super.parse(line, cursor, context);
  }

  /** True when {@code buffer} is empty, a meta-command, or ends with a semicolon. */
  static boolean complete(String buffer) {
    String t = buffer.strip();
    if (t.isEmpty() || t.startsWith(".") || t.startsWith("\\")) {
      return true;
    }
    String lower = t.toLowerCase(Locale.ROOT);
    return t.endsWith(";") || lower.equals("exit") || lower.equals("quit");
  }
}
