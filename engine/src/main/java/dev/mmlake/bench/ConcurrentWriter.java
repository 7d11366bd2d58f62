package dev.mmlake.bench;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.demo.SampleIngest;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.SqlStatementException;
import dev.mmlake.engine.StatementResult;
import dev.mmlake.error.ErrorCode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One writer process of {@code mmlake bench concurrency} and of the multi-process test: opens the
 * lakehouse, prints {@code READY}, waits for a line on stdin, then runs its statements and prints
 * one {@code STMT} line per statement and a final {@code DONE} line ({@link WriterProcesses}
 * parses them). Statements: optionally one ingest of the sample corpus's COCO source into
 * {@code lake.items} (every writer ingests the same source), then single-row INSERTs into
 * {@code lake.bench_rows}.
 *
 * <p>Usage: {@code ConcurrentWriter <home> <writer> <inserts> [<samples-dir>]}. Exit code 0 when
 * every statement succeeded or was refused as busy, 2 otherwise.
 */
public final class ConcurrentWriter {
  /** The table the single-row INSERTs go to: (id, writer, n). */
  public static final String ROWS_TABLE = "lake.bench_rows";

  private ConcurrentWriter() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3 || args.length > 4) {
      System.err.println("Usage: ConcurrentWriter <home> <writer> <inserts> [<samples-dir>]");
      System.exit(1);
    }
    String writer = args[1];
    List<String> statements = new ArrayList<>();
    if (args.length == 4) {
      statements.add(SampleIngest.statements(Path.of(args[3])).get(1));
    }
    int inserts = Integer.parseInt(args[2]);
    for (int i = 0; i < inserts; i++) {
      statements.add("INSERT INTO " + ROWS_TABLE + " VALUES ('" + writer + "-" + i + "', '"
          + writer + "', " + i + ")");
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    boolean clean = true;
    try (Engine engine = Engine.open(LakehouseConfig.embedded(Path.of(args[0])));
         Session session = engine.newSession(writer)) {
      out.println("READY|" + writer);
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      long start = System.currentTimeMillis();
      for (int i = 0; i < statements.size(); i++) {
        clean &= run(session, writer, i, statements.get(i), out);
      }
      out.println("DONE|" + writer + "|" + engine.lakehouse().commitRetries() + "|"
          + (System.currentTimeMillis() - start));
    }
    System.exit(clean ? 0 : 2);
  }

  private static boolean run(Session session, String writer, int index, String sql,
      PrintStream out) {
    long start = System.currentTimeMillis();
    String kind = sql.contains("lake.items") ? "ingest" : "insert";
    try (StatementResult r = session.execute(sql)) {
      out.println(String.join("|", "STMT", writer, String.valueOf(index), kind, "ok", "-",
          String.valueOf(r.updateCount()), String.valueOf(r.rowsSkipped()),
          String.valueOf(start), String.valueOf(System.currentTimeMillis())));
      return true;
    } catch (SqlStatementException e) {
      String status = e.code() == ErrorCode.CATALOG_BUSY ? "busy" : "error";
      out.println(String.join("|", "STMT", writer, String.valueOf(index), kind, status,
          e.code().name(), "0", "0", String.valueOf(start),
          String.valueOf(System.currentTimeMillis()), e.getMessage().replace('\n', ' ')
              .replace('|', '/')));
      return status.equals("busy");
    }
  }
}
