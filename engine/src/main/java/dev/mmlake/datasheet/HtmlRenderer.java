package dev.mmlake.datasheet;

import dev.mmlake.datasheet.Sheet.Chart;
import dev.mmlake.datasheet.Sheet.Fact;
import dev.mmlake.datasheet.Sheet.Facts;
import dev.mmlake.datasheet.Sheet.Grid;
import dev.mmlake.datasheet.Sheet.Paragraph;
import dev.mmlake.datasheet.Sheet.Part;
import dev.mmlake.datasheet.Sheet.Section;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link Sheet} as one self-contained HTML page: inline CSS, inline SVG charts, no
 * scripts, fonts or other requests. Every text from data is escaped.
 */
public final class HtmlRenderer {
  private static final String CSS = """
      body{font-family:sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#222}
      h1{margin-bottom:.2em}h2{border-bottom:2px solid #3b6ea5;padding-bottom:.2em;margin-top:2em}
      .sub{color:#555}table{border-collapse:collapse;margin:.6em 0}
      td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
      th{background:#eef2f7}td.k{font-weight:bold;background:#f7f7f7}
      figure{margin:1em 0}figcaption{font-weight:bold;margin-bottom:.3em}
      svg text{font-family:sans-serif;font-size:12px}svg .val{fill:#333}svg .lbl{fill:#222}
      nav a{margin-right:1em}
      """;

  private HtmlRenderer() {
  }

  public static String render(Sheet sheet) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>").append(Html.escape(sheet.title())).append("</title>")
        .append("<style>").append(CSS).append("</style></head><body>\n");
    b.append("<h1>").append(Html.escape(sheet.title())).append("</h1>\n<p class=\"sub\">")
        .append(Html.escape(sheet.subtitle())).append("</p>\n<nav>");
    for (int i = 0; i < sheet.sections().size(); i++) {
      b.append("<a href=\"#s").append(i).append("\">")
          .append(Html.escape(sheet.sections().get(i).heading())).append("</a>");
    }
    b.append("</nav>\n");
    for (int i = 0; i < sheet.sections().size(); i++) {
      Section s = sheet.sections().get(i);
      b.append("<section id=\"s").append(i).append("\"><h2>").append(Html.escape(s.heading()))
          .append("</h2>\n");
      s.parts().forEach(p -> part(b, p));
      b.append("</section>\n");
    }
    return b.append("</body></html>\n").toString();
  }

  private static void part(StringBuilder b, Part p) {
    if (p instanceof Paragraph para) {
      b.append("<p>").append(Html.escape(para.text())).append("</p>\n");
    } else if (p instanceof Facts facts) {
      b.append("<table>");
      for (Fact f : facts.facts()) {
        b.append("<tr><td class=\"k\">").append(Html.escape(f.name())).append("</td><td>")
            .append(Html.escape(f.value())).append("</td></tr>");
      }
      b.append("</table>\n");
    } else if (p instanceof Chart c) {
      b.append("<figure><figcaption>").append(Html.escape(c.title()))
          .append(String.format(Locale.ROOT, " (%s, total %s)", Html.escape(c.unit()),
              Numbers.format(c.total())))
          .append("</figcaption>").append(SvgBars.svg(c)).append("</figure>\n");
    } else if (p instanceof Grid g) {
      b.append("<table><caption>").append(Html.escape(g.title())).append("</caption><tr>");
      g.headers().forEach(h -> b.append("<th>").append(Html.escape(h)).append("</th>"));
      b.append("</tr>");
      for (List<String> row : g.rows()) {
        b.append("<tr>");
        row.forEach(c -> b.append("<td>").append(Html.escape(c)).append("</td>"));
        b.append("</tr>");
      }
      b.append("</table>\n");
    }
  }
}
