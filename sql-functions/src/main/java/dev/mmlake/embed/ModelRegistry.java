package dev.mmlake.embed;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.PendingWrites;
import dev.mmlake.catalog.StandaloneWrites;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The models a lakehouse knows, in the Iceberg table {@code lake.models}. (name, version) is the
 * key and the version derives from the files, so registering the same files twice is a no-op and
 * a re-export under the same name becomes a new version. Thread-safe within a process; appends are
 * unique on (name, version) at commit, and rows duplicated by older versions of mmlake are
 * collapsed on read.
 */
public final class ModelRegistry {
  private final Lakehouse lakehouse;

  public ModelRegistry(Lakehouse lakehouse) {
    this.lakehouse = Objects.requireNonNull(lakehouse, "lakehouse is null");
  }

  /** Registers the model in {@code dir} under {@code name} ({@link ModelSpec#fromDirectory}). */
  public ModelSpec register(String name, Path dir) {
    return register(ModelSpec.fromDirectory(name, dir));
  }

  /** Registers the built-in all-MiniLM-L6-v2 (copying its files into the models folder once). */
  public ModelSpec registerBuiltinText(EmbedConfig config) {
    return register(Embedders.builtinTextSpec(config));
  }

  /** Registers the CLIP configured by {@code embed.clip.model-dir}. */
  public ModelSpec registerClip(EmbedConfig config) {
    return register(Embedders.clipSpec(config));
  }

  /**
   * Adds {@code spec} unless (name, version) is already registered, as a commit of its own;
   * returns the stored spec.
   */
  public synchronized ModelSpec register(ModelSpec spec) {
    StandaloneWrites writes = new StandaloneWrites(lakehouse);
    ModelSpec stored = register(spec, writes);
    writes.commit();
    return stored;
  }

  /**
   * Adds {@code spec} to {@code writes} (a statement's pending writes, committed after the
   * statement's own table and not at all if it fails) unless (name, version) is already
   * registered. The append is unique on (name, version), re-checked when it commits, so two
   * statements registering the same model at once store it once. Returns the spec, as stored when
   * it already was.
   */
  public synchronized ModelSpec register(ModelSpec spec, PendingWrites writes) {
    Table table = table();
    Long checked = table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId();
    Optional<ModelSpec> existing = find(spec.name(), spec.version());
    if (existing.isPresent()) {
      return existing.get();
    }
    TableAppender app = writes.appender(LakeTables.MODELS, table)
        .uniqueOn(List.of("name", "version"), checked);
    GenericRecord r = app.newRecord();
    r.setField("name", spec.name());
    r.setField("version", spec.version());
    r.setField("engine", spec.engine());
    r.setField("modality", spec.modality());
    r.setField("dim", spec.dim());
    r.setField("files", ModelSpec.toJson(spec.files()));
    r.setField("preprocessing", spec.preprocessing());
    r.setField("location", spec.location() == null ? null : spec.location().toString());
    r.setField("registered_at", OffsetDateTime.now(ZoneOffset.UTC));
    app.add(r);
    return spec;
  }

  /** Every registered (name, version), by name then registration time. */
  public List<ModelSpec> list() {
    return rows().values().stream().map(Row::spec).toList();
  }

  /** The most recently registered version of {@code name}. */
  public Optional<ModelSpec> latest(String name) {
    return rows().values().stream().filter(r -> r.spec.name().equals(name))
        .max(Comparator.comparing(Row::registeredAt)).map(Row::spec);
  }

  /** One exact version. */
  public Optional<ModelSpec> find(String name, String version) {
    return Optional.ofNullable(rows().get(name + "@" + version)).map(Row::spec);
  }

  /** Like {@link #find} and {@link #latest} (version null), failing with a clear message. */
  public ModelSpec require(String name, String version) {
    Optional<ModelSpec> found = version == null ? latest(name) : find(name, version);
    return found.orElseThrow(() -> new EmbedException(ErrorCode.NOT_FOUND,
        "Model %s%s is not registered; registered: "
        + "%s. Register it with ModelRegistry.register(name, dir)", name,
        version == null ? "" : "@" + version, list().stream().map(ModelSpec::key).toList()));
  }

  private record Row(ModelSpec spec, OffsetDateTime registeredAt) {
  }

  /** Rows keyed by name@version, first registration wins, ordered by name then time. */
  private Map<String, Row> rows() {
    List<Row> all = new ArrayList<>();
    Table table = table();
    table.refresh();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record r : records) {
        all.add(toRow(r));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + LakeTables.MODELS, e);
    }
    all.sort(Comparator.comparing((Row r) -> r.spec.name()).thenComparing(Row::registeredAt));
    Map<String, Row> out = new LinkedHashMap<>();
    all.forEach(r -> out.putIfAbsent(r.spec.key(), r));
    return out;
  }

  private static Row toRow(Record r) {
    String location = (String) r.getField("location");
    Path dir = location == null ? null : Path.of(location);
    ModelSpec spec = new ModelSpec((String) r.getField("name"), (String) r.getField("version"),
        (String) r.getField("engine"), ModelSpec.parseFiles((String) r.getField("files")),
        (Integer) r.getField("dim"), (String) r.getField("modality"),
        (String) r.getField("preprocessing"), dir != null && Files.isDirectory(dir) ? dir : null);
    OffsetDateTime at = (OffsetDateTime) r.getField("registered_at");
    return new Row(spec, at == null ? OffsetDateTime.MIN : at);
  }

  private Table table() {
    if (!lakehouse.catalog().tableExists(LakeTables.MODELS)) {
      try {
        lakehouse.createTable(LakeTables.MODELS, LakeTables.MODELS_SCHEMA);
      } catch (AlreadyExistsException race) {
        // created concurrently
      }
    }
    return lakehouse.table(LakeTables.MODELS);
  }
}
