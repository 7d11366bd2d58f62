package dev.mmlake.engine.iceberg;

import dev.mmlake.catalog.TableAppender;
import dev.mmlake.error.InvalidArgumentException;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Types;

/**
 * The collection Calcite's INSERT operator adds rows to. Each row is converted and streamed into
 * the statement's pending Parquet append; the session commits it as one snapshot afterwards.
 * For a table that asks for insert-if-absent ({@code mmlake.write.skip-existing-ids=true}, e.g.
 * {@code lake.items}) rows whose key is already present are skipped and counted, which makes
 * re-ingesting a source idempotent; on any other table every row is inserted. Such rows are held
 * in batches of {@value #KEY_BATCH} so their keys are looked up together ({@link ExistingKeys});
 * {@link #size()} and {@link #flush()} (run by the statement before it commits) write the rest.
 */
final class IcebergInsertCollection extends AbstractCollection<Object> {
  static final int KEY_BATCH = 1000;

  private final TableAppender appender;
  private final List<Types.NestedField> fields;
  private final ExistingKeys existing;
  private final LongConsumer skipped;
  private final List<Object[]> pending = new ArrayList<>();

  IcebergInsertCollection(TableAppender appender, Schema schema, ExistingKeys existing,
      LongConsumer skipped) {
    this.appender = appender;
    this.fields = schema.columns();
    this.existing = existing;
    this.skipped = skipped;
  }

  @Override
  public boolean add(Object row) {
    Object[] values = row instanceof Object[] a ? a : new Object[] {row};
    if (values.length != fields.size()) {
      throw new IllegalArgumentException("INSERT row has " + values.length
          + " values but the table has " + fields.size() + " columns");
    }
    Object[] converted = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      Types.NestedField f = fields.get(i);
      Object v = IcebergTypes.toIcebergValue(values[i], f.type());
      if (v == null && f.isRequired()) {
        throw new InvalidArgumentException("Column " + f.name() + " is NOT NULL; got a null value");
      }
      converted[i] = v;
    }
    if (existing == null) {
      write(converted);
      return true;
    }
    pending.add(converted);
    if (pending.size() >= KEY_BATCH) {
      flush();
    }
    return true;
  }

  /** Writes the held rows whose key is absent and counts the others as skipped. */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<Object[]> absent = existing.absent(pending);
    skipped.accept(pending.size() - absent.size());
    pending.clear();
    absent.forEach(this::write);
  }

  private void write(Object[] converted) {
    GenericRecord r = appender.newRecord();
    for (int i = 0; i < converted.length; i++) {
      r.set(i, converted[i]);
    }
    appender.add(r);
  }

  @Override
  public Iterator<Object> iterator() {
    return Collections.emptyIterator();
  }

  @Override
  public int size() {
    flush();
    return (int) Math.min(Integer.MAX_VALUE, appender.rows());
  }
}
