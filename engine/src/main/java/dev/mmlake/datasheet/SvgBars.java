package dev.mmlake.datasheet;

import dev.mmlake.datasheet.Sheet.Bar;
import dev.mmlake.datasheet.Sheet.Chart;
import java.util.Locale;

/** Draws a {@link Chart} as an inline SVG horizontal bar chart (no scripts, no fonts). */
final class SvgBars {
  private static final int WIDTH = 640;
  private static final int LABEL = 200;
  private static final int VALUE = 110;
  private static final int ROW = 24;
  private static final String[] COLOURS = {"#3b6ea5", "#e07b39", "#4c9a5b", "#b84a62",
      "#7b5ea7", "#8c6d46", "#c266a7", "#6f7f8f"};

  private SvgBars() {
  }

  static String svg(Chart chart) {
    double max = chart.bars().stream().mapToDouble(b -> Math.abs(b.value())).max().orElse(0);
    int height = ROW * chart.bars().size() + 8;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
        + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", WIDTH, height,
        WIDTH, height, Html.escape(chart.title())));
    int y = 4;
    int i = 0;
    int span = WIDTH - LABEL - VALUE;
    for (Bar bar : chart.bars()) {
      double w = max > 0 ? span * Math.abs(bar.value()) / max : 0;
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
          + "class=\"lbl\">%s</text>", LABEL - 8, y + 16, Html.escape(shorten(bar.label()))));
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
          + "fill=\"%s\"><title>%s: %s</title></rect>", LABEL, y + 3, Math.max(w, 1.0), ROW - 6,
          COLOURS[i % COLOURS.length], Html.escape(bar.label()), Numbers.format(bar.value())));
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"val\">%s</text>",
          LABEL + Math.max(w, 1.0) + 6, y + 16, Html.escape(Numbers.format(bar.value()))));
      y += ROW;
      i++;
    }
    return s.append("</svg>").toString();
  }

  private static String shorten(String label) {
    String l = label == null ? "(none)" : label;
    return l.length() <= 28 ? l : l.substring(0, 27) + "\u2026";
  }
}
