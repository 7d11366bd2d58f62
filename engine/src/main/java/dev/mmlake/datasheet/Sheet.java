package dev.mmlake.datasheet;

import java.util.List;

/**
 * A datasheet as data: a title and its sections, each a list of parts (paragraphs, facts,
 * charts, tables). {@link MarkdownRenderer} and {@link HtmlRenderer} turn it into pages.
 */
public record Sheet(String title, String subtitle, List<Section> sections) {

  /** One heading of "Datasheets for Datasets" and what the lakehouse says under it. */
  public record Section(String heading, List<Part> parts) {
  }

  /** One block of a section. */
  public sealed interface Part permits Paragraph, Facts, Chart, Grid {
  }

  /** Plain text. */
  public record Paragraph(String text) implements Part {
  }

  /** Name / value pairs, shown as a definition table. */
  public record Facts(List<Fact> facts) implements Part {
  }

  /** One name / value pair. */
  public record Fact(String name, String value) {
  }

  /** A bar chart (and, in Markdown, a table) of labelled values. */
  public record Chart(String title, String unit, List<Bar> bars) implements Part {
    /** Sum of the bar values. */
    public double total() {
      return bars.stream().mapToDouble(Bar::value).sum();
    }
  }

  /** One bar of a chart. */
  public record Bar(String label, double value) {
  }

  /** A table with a header row. */
  public record Grid(String title, List<String> headers, List<List<String>> rows) implements Part {
  }
}
