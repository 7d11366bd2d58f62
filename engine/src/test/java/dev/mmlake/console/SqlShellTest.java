package dev.mmlake.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell through JLine's dumb terminal over in-memory streams. */
class SqlShellTest {
  @TempDir Path dir;

  private Engine engine;
  private Session session;
  private Path history;

  @BeforeEach
  void setUp() {
    engine = Engine.open(LakehouseConfig.embedded(dir.resolve("lh")));
    session = engine.newSession();
    session.execute("CREATE TABLE lake.pics (id BIGINT NOT NULL, caption VARCHAR)").close();
    history = dir.resolve("history");
  }

  @AfterEach
  void tearDown() {
    session.close();
    engine.close();
  }

  private static Terminal terminal(InputStream in, OutputStream out) throws Exception {
    return new DumbTerminal(in, out);
  }

  private String run(String input, ByteArrayOutputStream err) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Terminal t = terminal(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        out)) {
      new SqlShell(session, t, history, ResultPrinter.Format.CSV,
          new PrintStream(err, true, StandardCharsets.UTF_8), Throwable::getMessage).run();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private List<String> historyEntries() throws Exception {
    try (Terminal t = terminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())) {
      LineReader reader = LineReaderBuilder.builder().terminal(t)
          .variable(LineReader.HISTORY_FILE, history).build();
      List<String> lines = new ArrayList<>();
      for (History.Entry e : new DefaultHistory(reader)) {
        lines.add(e.line());
      }
      return lines;
    }
  }

  @Test
  void multiLineStatementRunsOnceAndIsOneHistoryEntry() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String out = run("SELECT\n  40 + 2\n  AS answer;\n.schema lake.pics\n.tables\n", err);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(out).contains("answer\n42\n").contains("caption VARCHAR")
        .contains("id BIGINT NOT NULL").contains("lake.pics");
    assertThat(historyEntries()).containsExactly("SELECT\n  40 + 2\n  AS answer;",
        ".schema lake.pics", ".tables");

    // a second session adds to the same file
    run("SELECT 'again' AS w;\n.quit\nSELECT 'never' AS w;\n", err);
    assertThat(historyEntries()).endsWith("SELECT 'again' AS w;", ".quit");
  }

  @Test
  void errorsDoNotEndTheShell() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String out = run("SELECT nope FROM lake.pics;\nSELECT 7 AS seven;\n.nosuch\n", err);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope");
    assertThat(out).contains("seven\n7\n").contains("Unknown command .nosuch");
  }

  @Test
  void ctrlCCancelsTheRunningStatementAndTheShellGoesOn() throws Exception {
    String values = IntStream.range(0, 200).mapToObj(i -> "(" + i + ")")
        .collect(Collectors.joining(", "));
    String huge = "SELECT a.x, b.x AS y, c.x AS z FROM (VALUES " + values + ") AS a(x), (VALUES "
        + values + ") AS b(x), (VALUES " + values + ") AS c(x);\n"; // 8 million rows
    AtomicLong written = new AtomicLong();
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    OutputStream out = new OutputStream() {
      @Override
      public synchronized void write(int b) {
        written.incrementAndGet();
        if (kept.size() < 1 << 16) {
          kept.write(b);
        }
      }

      @Override
      public synchronized void write(byte[] b, int off, int len) {
        written.addAndGet(len);
        // keep the start and anything short written after the flood (the next result)
        if (kept.size() < 1 << 16 || len < 64) {
          kept.write(b, off, len);
        }
      }
    };
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    byte[] input = (huge + "SELECT 'after' AS w;\n").getBytes(StandardCharsets.UTF_8);
    try (Terminal t = terminal(new ByteArrayInputStream(input), out)) {
      CompletableFuture<Void> shell = CompletableFuture.runAsync(() ->
          new SqlShell(session, t, history, ResultPrinter.Format.CSV,
              new PrintStream(err, true, StandardCharsets.UTF_8), Throwable::getMessage).run());
      while (written.get() < 100_000 && !shell.isDone()) {
        Thread.sleep(10); // rows are streaming: the statement runs
      }
      assertThat(shell).isNotDone();
      t.raise(Terminal.Signal.INT);
      shell.get(60, TimeUnit.SECONDS);
    }
    String text;
    synchronized (out) {
      text = kept.toString(StandardCharsets.UTF_8);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).containsIgnoringCase("cancel");
    assertThat(text).contains("w\nafter\n");
    assertThat(written.get()).isLessThan(8_000_000L * 6);
  }

  @Test
  void completionOffersKeywordsSchemasTablesAndColumnsOfNamedTables() {
    SqlCompleter completer = new SqlCompleter(session);
    assertThat(completer.names("SEL")).contains("SELECT", "lake", "lake.pics", "obs.runs")
        .doesNotContain("caption");
    assertThat(completer.names("SELECT  FROM lake.pics WHERE ")).contains("caption", "id");
  }

  @Test
  void statementEndsAtTheSemicolon() {
    assertThat(StatementParser.complete("SELECT 1")).isFalse();
    assertThat(StatementParser.complete("SELECT 1;  ")).isTrue();
    assertThat(StatementParser.complete(".tables")).isTrue();
    assertThat(StatementParser.complete("exit")).isTrue();
    assertThat(StatementParser.complete("")).isTrue();
  }
}
