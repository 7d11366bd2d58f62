package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} of {@code mmlake serve}: scraped over HTTP, every line parses under the
 * Prometheus text exposition format (0.0.4) grammar, and a query run through Flight SQL is
 * counted by kind and status, timed, and its rows counted as streamed.
 */
class FlightMetricsTest extends FlightTestBase {
  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final String VALUE = "(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?"
      + "|[+-]?Inf|NaN)";
  private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
  private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(?:" + LABEL
      + "(?:," + LABEL + ")*,?)?\\})? (" + VALUE + ")(?: -?\\d+)?");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
  private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME
      + ") (counter|gauge|histogram|summary|untyped)");

  /** One parsed sample: metric name, label text and value. */
  record Sample(String name, String labels, double value) {
  }

  @Test
  void scrapeParsesAndCountsAQuery() throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(server.metrics(), "127.0.0.1", 0)) {
      double before = sum(parse(scrape(endpoint)), "mmlake_queries_total",
          "kind=\"QUERY\",status=\"OK\"");
      try (Connection c = connect()) {
        update(c, "CREATE TABLE lake.metric_probe (n INT)");
        update(c, "INSERT INTO lake.metric_probe VALUES (1), (2), (3)");
        assertThat(rows(c, "SELECT n FROM lake.metric_probe")).hasSize(3);
        assertThat(rows(c, "SELECT n FROM lake.metric_probe")).hasSize(3);
      }
      List<Sample> samples = parse(scrape(endpoint));
      assertThat(sum(samples, "mmlake_queries_total", "kind=\"QUERY\",status=\"OK\""))
          .isEqualTo(before + 2);
      assertThat(sum(samples, "mmlake_plan_cache_hits_total", "")).isGreaterThanOrEqualTo(1);
      assertThat(sum(samples, "mmlake_plan_cache_misses_total", "")).isGreaterThanOrEqualTo(1);
      assertThat(sum(samples, "mmlake_query_duration_seconds_count", "kind=\"QUERY\""))
          .isGreaterThanOrEqualTo(1);
      assertThat(samples).anyMatch(s -> s.name().equals("mmlake_query_duration_seconds_bucket")
          && s.labels().contains("le=\"+Inf\""));
      assertThat(sum(samples, "mmlake_rows_streamed_total", "")).isGreaterThanOrEqualTo(3);
      assertThat(sum(samples, "mmlake_bytes_streamed_total", "")).isPositive();
      assertThat(sum(samples, "mmlake_rows_written_total", "kind=\"INSERT\"")).isEqualTo(3);
      assertThat(samples).anyMatch(s -> s.name().equals("mmlake_active_sessions"));
      assertThat(samples).anyMatch(s -> s.name().startsWith("jvm_memory_"));
    }
  }

  private static String scrape(MetricsEndpoint endpoint) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    return r.body();
  }

  /**
   * Parses the text format strictly: every line is a HELP, a TYPE or a sample line, each metric
   * family is typed before its samples, and the body ends with a newline.
   */
  static List<Sample> parse(String body) {
    assertThat(body).endsWith("\n");
    List<Sample> out = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    for (String line : body.split("\n")) {
      Matcher m;
      if ((m = TYPE.matcher(line)).matches()) {
        assertThat(types.put(m.group(1), m.group(2))).as("TYPE twice: %s", line).isNull();
      } else if (HELP.matcher(line).matches()) {
        continue;
      } else if ((m = SAMPLE.matcher(line)).matches()) {
        String name = m.group(1);
        String family = name.replaceFirst("_(bucket|count|sum|created)$", "");
        assertThat(types).as("sample before its TYPE: %s", line)
            .containsAnyOf(Map.entry(name, "counter"), Map.entry(name, "gauge"),
                Map.entry(name, "untyped"), Map.entry(family, "histogram"),
                Map.entry(family, "summary"), Map.entry(name, "summary"),
                Map.entry(name.replaceFirst("_total$", ""), "counter"));
        String labels = m.group(2) == null ? "" : m.group(2).substring(1,
            m.group(2).length() - 1);
        out.add(new Sample(name, labels, Double.parseDouble(m.group(3)
            .replace("+Inf", "Infinity").replace("-Inf", "-Infinity"))));
      } else {
        throw new AssertionError("Not Prometheus text format: '" + line + "'");
      }
    }
    return out;
  }

  private static double sum(List<Sample> samples, String name, String labels) {
    return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
        .mapToDouble(Sample::value).sum();
  }
}
