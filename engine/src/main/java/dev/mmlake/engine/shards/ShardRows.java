package dev.mmlake.engine.shards;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.engine.exec.StatementScope;
import dev.mmlake.engine.iceberg.IcebergTypes;
import dev.mmlake.engine.shards.ShardVersions.ShardVersion;
import dev.mmlake.shards.ShardResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * The rows of {@code lake.shards}: one per shard, {@code (version, snapshot_id, shard, uri,
 * samples, bytes, sha256, first_key, last_key, options_hash, created_at)}. A shard set is
 * identified by (version, options_hash). Rows are returned in Calcite's representation, in the
 * table's column order, which is also {@code WRITE_SHARDS}' result.
 */
final class ShardRows {
  private final Lakehouse lakehouse;

  ShardRows(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  /** The rows of the set (version, optionsHash), by shard name; empty when it was never written. */
  List<Object[]> find(ShardVersion version, String optionsHash) {
    Table table = table();
    List<Object[]> out = new ArrayList<>();
    if (table.currentSnapshot() == null) {
      return out;
    }
    List<Types.NestedField> fields = table.schema().columns();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table)
        .where(Expressions.and(Expressions.equal("version", version.name().toString()),
            Expressions.equal("options_hash", optionsHash))).build()) {
      for (Record r : rows) {
        if (!version.name().toString().equals(r.getField("version"))
            || !optionsHash.equals(r.getField("options_hash"))) {
          continue; // the filter prunes files; rows are checked here
        }
        Object[] row = new Object[fields.size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = IcebergTypes.toCalciteValue(r.getField(fields.get(i).name()));
        }
        out.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + LakeTables.SHARDS, e);
    }
    out.sort(Comparator.comparing(r -> (String) r[2]));
    return out;
  }

  /** True when some row of set {@code optionsHash}, of any version, has a shard in {@code dir}. */
  boolean anyIn(String optionsHash, Path dir) {
    Table table = table();
    if (table.currentSnapshot() == null) {
      return false;
    }
    String folder = dir.toUri().toString();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table)
        .where(Expressions.equal("options_hash", optionsHash)).build()) {
      for (Record r : rows) {
        Object uri = r.getField("uri");
        if (optionsHash.equals(r.getField("options_hash")) && uri instanceof String u
            && u.startsWith(folder) && u.indexOf('/', folder.length()) < 0) {
          return true;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + LakeTables.SHARDS, e);
    }
    return false;
  }

  /**
   * Appends one row per shard to the statement's pending writes (committed with the statement)
   * and returns them as result rows.
   */
  List<Object[]> append(StatementScope scope, ShardVersion version, String optionsHash,
      Path dir, List<ShardResult> shards, OffsetDateTime createdAt) {
    Table table = table();
    TableAppender appender = scope.appender(LakeTables.SHARDS, table);
    List<Types.NestedField> fields = table.schema().columns();
    List<Object[]> out = new ArrayList<>();
    for (ShardResult s : shards) {
      GenericRecord r = appender.newRecord();
      r.setField("version", version.name().toString());
      r.setField("snapshot_id", version.snapshotId());
      r.setField("shard", s.name());
      r.setField("uri", dir.resolve(s.name()).toUri().toString());
      r.setField("samples", s.samples());
      r.setField("bytes", s.bytes());
      r.setField("sha256", s.sha256());
      r.setField("first_key", s.firstKey());
      r.setField("last_key", s.lastKey());
      r.setField("options_hash", optionsHash);
      r.setField("created_at", createdAt);
      appender.add(r);
      Object[] row = new Object[fields.size()];
      for (int i = 0; i < row.length; i++) {
        row[i] = IcebergTypes.toCalciteValue(r.getField(fields.get(i).name()));
      }
      out.add(row);
    }
    return out;
  }

  private Table table() {
    if (!lakehouse.catalog().tableExists(LakeTables.SHARDS)) {
      try {
        lakehouse.createTable(LakeTables.SHARDS, LakeTables.SHARDS_SCHEMA);
      } catch (AlreadyExistsException race) {
        // created concurrently
      }
    }
    return lakehouse.table(LakeTables.SHARDS);
  }
}
