package dev.mmlake.engine.obs;

import dev.mmlake.catalog.CommitOutcomeUnknownException;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows waiting for one append-only {@code obs} table, committed by {@link #flush()} as one
 * snapshot. Rows whose commit fails go to {@link SpillFiles} under the lakehouse home
 * ({@code <home>/spill/<table>}) and are committed by a later flush of this process or of the next
 * one to open the lakehouse, together with its own rows; rows that may already be in the table
 * (a claim of a process that died, or a commit with an unknown outcome) are committed
 * insert-if-absent on {@code key}. Only when even the spill file cannot be written do rows stay in
 * memory, up to {@value #MAX_PENDING}; past that the oldest are dropped with a warning.
 *
 * @param <T> the row type
 */
public final class ObsTableBuffer<T> {
  private static final Logger LOG = LoggerFactory.getLogger(ObsTableBuffer.class);
  static final int MAX_PENDING = 100_000;

  /** Turns a row into a record of the table. */
  public interface RowWriter<T> {
    GenericRecord write(TableAppender appender, T row);
  }

  private final Lakehouse lakehouse;
  private final TableIdentifier table;
  private final SpillFiles<T> spill;
  private final RowWriter<T> writer;
  private final List<String> key;
  private final List<T> pending = new ArrayList<>();

  /**
   * @param key columns that tell two rows apart, for rows that may already be committed
   */
  ObsTableBuffer(Lakehouse lakehouse, TableIdentifier table, SpillFiles.Codec<T> codec,
      RowWriter<T> writer, List<String> key) {
    this(lakehouse, table, new SpillFiles<>(spillDir(lakehouse, table), table.name(), codec),
        writer, key);
  }

  /** A buffer whose rows spill to {@code spill} (the run log keeps its own folder). */
  public ObsTableBuffer(Lakehouse lakehouse, TableIdentifier table, SpillFiles<T> spill,
      RowWriter<T> writer, List<String> key) {
    this.lakehouse = lakehouse;
    this.table = table;
    this.spill = spill;
    this.writer = writer;
    this.key = List.copyOf(key);
  }

  /** Where rows of {@code table} that could not be committed wait: {@code <home>/spill/<table>}. */
  static Path spillDir(Lakehouse lakehouse, TableIdentifier table) {
    return lakehouse.config().home().resolve("spill").resolve(table.toString());
  }

  public void add(List<T> rows) {
    synchronized (pending) {
      pending.addAll(rows);
      trim();
    }
  }

  private void trim() {
    synchronized (pending) {
      if (pending.size() > MAX_PENDING) {
        int drop = pending.size() - MAX_PENDING;
        pending.subList(0, drop).clear();
        LOG.warn("{} row(s) for {} dropped: neither committed nor spilled for a while", drop,
            table);
      }
    }
  }

  /** Commits the buffered rows and any spilled earlier; spills them when the commit fails. */
  public synchronized void flush() {
    List<T> batch;
    synchronized (pending) {
      batch = new ArrayList<>(pending);
      pending.clear();
    }
    List<SpillFiles.Claim<T>> claims;
    try {
      if (!lakehouse.catalog().tableExists(table)) {
        if (!batch.isEmpty()) {
          LOG.debug("{} does not exist (run `mmlake init`): {} row(s) not recorded", table,
              batch.size());
        }
        return;
      }
      claims = spill.claim();
    } catch (RuntimeException e) {
      spillOrKeep(batch, e, false);
      return;
    }
    List<SpillFiles.Claim<T>> unsure = claims.stream()
        .filter(SpillFiles.Claim::maybeCommitted).toList();
    List<SpillFiles.Claim<T>> sure = claims.stream().filter(c -> !c.maybeCommitted()).toList();
    if (!unsure.isEmpty()) {
      try {
        append(rows(unsure, List.of()), true);
        unsure.forEach(SpillFiles.Claim::done);
      } catch (RuntimeException e) {
        unsure.forEach(c -> c.release(true));
        LOG.warn("Could not commit spilled rows to {} ({}); they stay in {} for the next flush",
            table, e.getMessage(), spill.dir());
      }
    }
    if (batch.isEmpty() && sure.isEmpty()) {
      return;
    }
    try {
      append(rows(sure, batch), false);
      sure.forEach(SpillFiles.Claim::done);
    } catch (RuntimeException e) {
      boolean unknown = e instanceof CommitOutcomeUnknownException;
      sure.forEach(c -> c.release(unknown));
      spillOrKeep(batch, e, unknown);
    }
  }

  private static <T> List<T> rows(List<SpillFiles.Claim<T>> claims, List<T> batch) {
    List<T> rows = new ArrayList<>();
    claims.forEach(c -> rows.addAll(c.rows()));
    rows.addAll(batch);
    return rows;
  }

  private void append(List<T> rows, boolean ifAbsent) {
    try (TableAppender a = lakehouse.appender(lakehouse.table(table))) {
      if (ifAbsent) {
        a.uniqueOn(key, null);
      }
      rows.forEach(r -> a.add(writer.write(a, r)));
      a.commit();
    }
  }

  private void spillOrKeep(List<T> batch, RuntimeException cause, boolean unknown) {
    if (batch.isEmpty()) {
      LOG.warn("Could not commit spilled rows to {} ({}); they stay in {} for the next flush",
          table, cause.getMessage(), spill.dir());
      return;
    }
    try {
      Path file = spill.write(batch, unknown);
      LOG.warn("Could not commit {} row(s) to {} ({}); kept in {} and committed by a later flush",
          batch.size(), table, cause.getMessage(), file);
    } catch (RuntimeException e) {
      synchronized (pending) {
        pending.addAll(0, batch); // no file either: keep them in memory for the next flush
        trim();
      }
      LOG.warn("Could not commit {} row(s) to {} ({}) nor spill them ({}); retrying at the next "
          + "flush", batch.size(), table, cause.getMessage(), e.getMessage());
    }
  }
}
