package dev.mmlake.flight;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per statement: user, kind, duration, rows, status, and the SQL (shortened). */
final class QueryLog {
  private static final int SQL_CHARS = 200;
  private final Logger log = LoggerFactory.getLogger("dev.mmlake.flight.query");

  void log(String user, String kind, String sql, long startNanos, long rows, String status) {
    if (!log.isInfoEnabled()) {
      return;
    }
    String text = sql == null ? "" : sql.replaceAll("\\s+", " ").strip();
    if (text.length() > SQL_CHARS) {
      text = text.substring(0, SQL_CHARS) + "...";
    }
    long ms = (System.nanoTime() - startNanos) / 1_000_000;
    log.info("user={} kind={} duration_ms={} rows={} status={} sql=\"{}\"", user, kind, ms, rows,
        status, text);
  }
}
