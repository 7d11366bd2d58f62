package dev.mmlake.connectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.media.FailureCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * {@code read_fineweb(path)}: FineWeb-Edu parquet, one text item per row. {@code path} is one
 * {@code .parquet} file or a folder searched recursively (e.g. {@code data/CC-MAIN-2024-10/} or
 * {@code sample/10BT/}), files read in path order. Columns: {@code text, id, dump, url, file_path,
 * language, language_score, token_count, score, int_score}; {@code id} is the source id, the text
 * is the item, and the other columns go to the metadata JSON. Text must be valid UTF-8.
 */
public record FineWebConnector(Path path) implements SourceConnector {
  public static final ConnectorSpec SPEC = new ConnectorSpec("read_fineweb", "fineweb_edu", "1.0.0",
      List.of("path"), a -> new FineWebConnector(a.get(0)));
  private static final List<String> METADATA_COLUMNS = List.of("dump", "url", "file_path",
      "language", "language_score", "token_count", "score", "int_score");

  @Override
  public void read(IngestContext ctx, Consumer<ItemRow> out) {
    List<Path> files = parquetFiles(ctx.dataRoots());
    ItemEmitter emitter = new ItemEmitter(ctx, SPEC, out);
    long rows = 0;
    for (Path f : files) {
      rows += rowCount(f);
    }
    emitter.expect(rows);
    for (Path f : files) {
      readFile(f, emitter);
    }
  }

  private List<Path> parquetFiles(DataRoots roots) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    ConnectorException.check(Files.isDirectory(path), "FineWeb path %s does not exist; pass a "
        + ".parquet file or a folder of them", path);
    List<Path> files = SourceFiles.below(path, ".parquet", roots, SPEC.sqlName());
    ConnectorException.check(!files.isEmpty(), "No .parquet file under %s", path);
    return files;
  }

  /** The file's row count from its footer, after checking it has FineWeb's key columns. */
  private static long rowCount(Path file) {
    MessageType schema;
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      schema = r.getFooter().getFileMetaData().getSchema();
      if (schema.containsField("text") && schema.containsField("id")) {
        return r.getFooter().getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
      }
    } catch (IOException | RuntimeException e) {
      throw new ConnectorException(e, "%s is not a readable parquet file: %s", file,
          e.getMessage());
    }
    throw new ConnectorException("%s has no 'text' and 'id' columns, so it is not FineWeb-Edu "
        + "parquet (columns: %s)", file,
        schema.getFields().stream().map(Type::getName).toList());
  }

  private void readFile(Path file, ItemEmitter emitter) {
    try (ParquetReader<Group> reader = new GroupReader(new LocalInputFile(file)).build()) {
      long row = 0;
      Group g;
      while ((g = reader.read()) != null) {
        String ref = file + "#row=" + row;
        row++;
        Object id = value(g, "id");
        Object text = g.getType().containsField("text") ? rawBytes(g, "text") : null;
        if (!(id instanceof String sourceId) || sourceId.isEmpty() || text == null) {
          emitter.fail(null, "text", ref, FailureCodes.INVALID_RECORD,
              "row has no id or no text column value");
          continue;
        }
        ObjectNode meta = Json.object();
        for (String column : METADATA_COLUMNS) {
          meta.set(column, Json.MAPPER.valueToTree(value(g, column)));
        }
        meta.put("parquet_file", file.getFileName().toString()).put("row", row - 1);
        emitter.text(sourceId, ref, (byte[]) text, meta);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ConnectorException c) {
        throw c;
      }
      throw new ConnectorException(e, "Cannot read parquet file %s: %s", file, e.getMessage());
    }
  }

  /** The raw bytes of a binary column (not decoded, so invalid UTF-8 can be detected). */
  private static byte[] rawBytes(Group g, String column) {
    if (g.getFieldRepetitionCount(column) == 0) {
      return null;
    }
    Binary b = g.getBinary(column, 0);
    return b.getBytes();
  }

  /** A column value as String, Long, Double or Boolean; null when absent. */
  private static Object value(Group g, String column) {
    GroupType type = g.getType();
    if (!type.containsField(column) || g.getFieldRepetitionCount(column) == 0) {
      return null;
    }
    if (!type.getType(column).isPrimitive()) {
      return g.getGroup(column, 0).toString();
    }
    PrimitiveType.PrimitiveTypeName p = type.getType(column).asPrimitiveType()
        .getPrimitiveTypeName();
    return switch (p) {
      case BINARY, FIXED_LEN_BYTE_ARRAY -> g.getBinary(column, 0).toStringUsingUTF8();
      case INT64 -> g.getLong(column, 0);
      case INT32 -> (long) g.getInteger(column, 0);
      case DOUBLE -> g.getDouble(column, 0);
      case FLOAT -> (double) g.getFloat(column, 0);
      case BOOLEAN -> g.getBoolean(column, 0);
      case INT96 -> g.getInt96(column, 0).toString();
    };
  }

  /** parquet-mr's example Group model over a local file, without Hadoop file systems. */
  private static final class GroupReader extends ParquetReader.Builder<Group> {
    GroupReader(InputFile file) {
      super(file);
    }

    @Override
    protected GroupReadSupport getReadSupport() {
      return new GroupReadSupport();
    }
  }
}
