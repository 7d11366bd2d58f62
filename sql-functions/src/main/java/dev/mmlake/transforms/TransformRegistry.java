package dev.mmlake.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Reads and writes {@code lake.transforms}. {@link #register} adds the transforms not yet there, as
 * one insert-if-absent append keyed on (name, version, config_hash): registering a transform twice,
 * from one process or several at once, leaves one row.
 */
public final class TransformRegistry {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Lakehouse lakehouse;

  public TransformRegistry(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  /** What {@link #register} added: rows (0 when all were there) and the snapshot, or -1. */
  public record Registered(long rows, long snapshotId) {
  }

  /**
   * Registers {@code defs} as found by run {@code runId}. Creates the table when the lakehouse was
   * made before it existed.
   */
  public Registered register(Collection<TransformDef> defs, String runId) {
    if (defs.isEmpty()) {
      return new Registered(0, -1);
    }
    Table table = table();
    TableAppender a = lakehouse.appender(table).uniqueOn(LakeTables.TRANSFORMS_KEY, null);
    OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    try {
      for (TransformDef d : Set.copyOf(defs)) {
        GenericRecord r = a.newRecord();
        r.setField("name", d.name());
        r.setField("version", d.version());
        r.setField("kind", d.kind().sqlName());
        r.setField("modality", d.modality());
        r.setField("inputs", TransformDef.jsonArray(d.inputs()));
        r.setField("outputs", TransformDef.jsonArray(d.outputs()));
        r.setField("is_deterministic", d.deterministic());
        r.setField("model_dependency", d.modelDependency());
        r.setField("config", d.configJson());
        r.setField("config_hash", d.configHash());
        r.setField("registered_at", now);
        r.setField("run_id", runId);
        a.add(r);
      }
      long snapshot = a.commit();
      return new Registered(snapshot < 0 ? 0 : a.rows(), snapshot);
    } finally {
      a.abort();
    }
  }

  /** Every registered transform. */
  public List<TransformDef> all() {
    if (!lakehouse.catalog().tableExists(LakeTables.TRANSFORMS)) {
      return List.of();
    }
    Table t = lakehouse.table(LakeTables.TRANSFORMS);
    List<TransformDef> out = new ArrayList<>();
    if (t.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).build()) {
      for (Record r : rows) {
        out.add(new TransformDef((String) r.getField("name"), (String) r.getField("version"),
            TransformKind.valueOf(((String) r.getField("kind")).toUpperCase(Locale.ROOT)),
            (String) r.getField("modality"), list(r.getField("inputs")),
            list(r.getField("outputs")), Boolean.TRUE.equals(r.getField("is_deterministic")),
            (String) r.getField("model_dependency"),
            CanonicalJson.parse((String) r.getField("config"), (String) r.getField("name"))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private Table table() {
    if (!lakehouse.catalog().tableExists(LakeTables.TRANSFORMS)) {
      lakehouse.init();
    }
    return lakehouse.table(LakeTables.TRANSFORMS);
  }

  private static List<String> list(Object json) {
    List<String> out = new ArrayList<>();
    if (json == null) {
      return out;
    }
    try {
      for (JsonNode n : MAPPER.readTree((String) json)) {
        out.add(n.asText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
