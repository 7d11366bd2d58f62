package dev.mmlake.engine.shards;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.engine.exec.StatementScopes;
import dev.mmlake.engine.iceberg.IcebergTypes;
import dev.mmlake.engine.plan.CursorRows;
import dev.mmlake.error.InvalidArgumentException;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * {@code WRITE_SHARDS(CURSOR(SELECT * FROM datasets."coco@v002"), 'shards/coco/v002',
 * '{"max_samples": 1000, "embeddings": "clip"}')}: writes the cursor's rows as a WebDataset shard
 * set and returns one row per shard, the same rows it records in {@code lake.shards}. See
 * {@link VersionShards} for what it does and docs/shards.md for the layout.
 */
public final class WriteShardsFunction {
  /**
   * The lakehouse setting that decides whether content-store blobs are re-hashed while they are
   * copied ({@code true}, the default: a corrupt blob is left out and becomes an
   * {@code obs.failures} row) or trusted ({@code false}: only their size is checked).
   */
  public static final String VERIFY_BLOBS = "shards.verify-blobs";

  private WriteShardsFunction() {
  }

  /**
   * The SQL table function. The set is written when the result is scanned; literal arguments are
   * checked while the statement is planned.
   *
   * @param input the cursor's rows (null while Calcite derives the result type)
   * @param location the output folder; a relative one is under the lakehouse's home folder
   * @param options JSON options ({@link ShardRequest}); NULL or '' for the defaults
   */
  public static ScannableTable writeShards(Enumerable<Object[]> input, String location,
      String options) {
    if (options != null) {
      ShardRequest.parse(options);
    }
    return new ShardSetTable(input, location, options);
  }

  /** The shards of one set, written when the table is scanned. */
  private static final class ShardSetTable extends AbstractTable implements ScannableTable {
    private final Enumerable<Object[]> input;
    private final String location;
    private final String options;

    ShardSetTable(Enumerable<Object[]> input, String location, String options) {
      this.input = input;
      this.location = location;
      this.options = options;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      return IcebergTypes.rowType(LakeTables.SHARDS_SCHEMA, f);
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      if (input == null) {
        throw new IllegalStateException("WRITE_SHARDS was scanned without its CURSOR input");
      }
      InvalidArgumentException.check(location != null && !location.isBlank(),
          "WRITE_SHARDS needs an output folder as its second argument, e.g. 'shards/coco/v002'");
      return Linq4j.asEnumerable(new VersionShards(StatementScopes.of(root),
          StatementScopes.scopesOf(root).dataRoots())
          .write(input, CursorRows.columnsOf(input), location, ShardRequest.parse(options)));
    }
  }
}
