package dev.mmlake.datasheet;

import dev.mmlake.datasheet.Sheet.Bar;
import dev.mmlake.datasheet.Sheet.Chart;
import dev.mmlake.datasheet.Sheet.Fact;
import dev.mmlake.datasheet.Sheet.Facts;
import dev.mmlake.datasheet.Sheet.Grid;
import dev.mmlake.datasheet.Sheet.Paragraph;
import dev.mmlake.datasheet.Sheet.Part;
import dev.mmlake.datasheet.Sheet.Section;
import java.util.List;

/** Renders a {@link Sheet} as GitHub-flavoured Markdown; charts become tables. */
public final class MarkdownRenderer {
  private MarkdownRenderer() {
  }

  public static String render(Sheet sheet) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(inline(sheet.title())).append("\n\n");
    b.append(inline(sheet.subtitle())).append("\n");
    for (Section s : sheet.sections()) {
      b.append("\n## ").append(inline(s.heading())).append("\n");
      for (Part p : s.parts()) {
        b.append('\n');
        part(b, p);
      }
    }
    return b.toString();
  }

  private static void part(StringBuilder b, Part p) {
    if (p instanceof Paragraph para) {
      b.append(inline(para.text())).append('\n');
    } else if (p instanceof Facts facts) {
      b.append("| | |\n|---|---|\n");
      for (Fact f : facts.facts()) {
        b.append("| ").append(cell(f.name())).append(" | ").append(cell(f.value())).append(" |\n");
      }
    } else if (p instanceof Chart c) {
      b.append("**").append(inline(c.title())).append("**\n\n");
      b.append("| ").append("value | ").append(cell(c.unit())).append(" | share |\n|---|---:|---:|\n");
      double total = c.total();
      for (Bar bar : c.bars()) {
        b.append("| ").append(cell(bar.label())).append(" | ").append(Numbers.format(bar.value()))
            .append(" | ").append(total > 0 ? Numbers.format(100 * bar.value() / total) + " %" : "")
            .append(" |\n");
      }
    } else if (p instanceof Grid g) {
      b.append("**").append(inline(g.title())).append("**\n\n");
      row(b, g.headers());
      b.append("|").append("---|".repeat(g.headers().size())).append('\n');
      g.rows().forEach(r -> row(b, r));
    }
  }

  private static void row(StringBuilder b, List<String> cells) {
    b.append('|');
    cells.forEach(c -> b.append(' ').append(cell(c)).append(" |"));
    b.append('\n');
  }

  /** Text on one line, Markdown's active characters escaped. */
  static String inline(String s) {
    if (s == null) {
      return "";
    }
    return s.replaceAll("[\\r\\n]+", " ").replaceAll("([\\\\`*_\\[\\]<>#|])", "\\\\$1");
  }

  private static String cell(String s) {
    return s == null || s.isEmpty() ? "-" : inline(s);
  }
}
