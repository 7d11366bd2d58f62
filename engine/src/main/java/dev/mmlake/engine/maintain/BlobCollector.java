package dev.mmlake.engine.maintain;

import dev.mmlake.cas.ContentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Garbage-collects content-store blobs. A blob is live when any row of any snapshot a table keeps
 * names it in a top-level string column: a {@code cas://sha256/<hex>} URI anywhere in the value
 * ({@code lake.items.content_uri}, {@code lake.versions.recipe_uri} and {@code manifest_uri},
 * keyframe lists, JSON metadata) or the whole value a hex digest ({@code content_hash}, also in
 * {@code lake.embeddings} and dataset tables). So items of old snapshots kept for time travel and
 * of every dataset version keep their blobs. Every data file is read once, whatever the number
 * of snapshots that share it. Blobs modified within the grace period are kept (an ingest stores
 * blobs before it commits the rows; storing a blob again refreshes its time), and so are leftover
 * temp files younger than it.
 */
final class BlobCollector {
  private static final String URI = "cas://sha256/";

  private BlobCollector() {
  }

  /** The digests every kept snapshot of {@code tables} references. */
  static Set<String> liveDigests(Map<String, Table> tables) {
    Set<String> live = new HashSet<>();
    for (Table table : tables.values()) {
      Schema strings = stringColumns(table);
      if (strings.columns().isEmpty()) {
        continue;
      }
      for (DataFile f : TableFiles.dataFiles(table).values()) {
        if (f.format() != FileFormat.PARQUET) {
          throw new IllegalStateException("Cannot collect blobs: " + f.location() + " of "
              + table.name() + " is " + f.format() + ", not Parquet; no blob was removed");
        }
        try (CloseableIterable<Record> rows = Parquet.read(table.io().newInputFile(f.location()))
            .project(strings)
            .createReaderFunc(fs -> GenericParquetReaders.buildReader(strings, fs))
            .build()) {
          for (Record r : rows) {
            for (int i = 0; i < r.size(); i++) {
              if (r.get(i) instanceof CharSequence v) {
                digests(v.toString(), live);
              }
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read " + f.location(), e);
        }
      }
    }
    return live;
  }

  /** Adds the digests {@code value} names: the value itself, or the URIs in it. */
  static void digests(String value, Set<String> out) {
    if (value.length() == 64 && isHex(value, 0)) {
      out.add(value);
      return;
    }
    for (int i = value.indexOf(URI); i >= 0; i = value.indexOf(URI, i + 1)) {
      int start = i + URI.length();
      if (start + 64 <= value.length() && isHex(value, start)) {
        out.add(value.substring(start, start + 64));
      }
    }
  }

  private static boolean isHex(String s, int from) {
    for (int i = from; i < from + 64; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** The top-level string columns of every schema the table has had, by field id. */
  private static Schema stringColumns(Table table) {
    Map<Integer, Types.NestedField> byId = new LinkedHashMap<>();
    for (Schema s : table.schemas().values()) {
      for (Types.NestedField f : s.columns()) {
        if (f.type().typeId() == Type.TypeID.STRING) {
          byId.putIfAbsent(f.fieldId(), Types.NestedField.optional(f.fieldId(),
              "c" + f.fieldId(), f.type()));
        }
      }
    }
    return new Schema(new ArrayList<>(byId.values()));
  }

  /** Removes blobs not in {@code live} and older than {@code olderThanMillis}. */
  static void collect(ContentStore cas, Set<String> live, long olderThanMillis,
      MaintainReport report) {
    List<Path> blobs = files(cas.root().resolve("sha256"));
    long kept = 0;
    for (Path p : blobs) {
      String digest = p.getFileName().toString();
      if (digest.length() != 64 || !isHex(digest, 0)) {
        continue;
      }
      if (live.contains(digest)) {
        kept++;
        continue;
      }
      removeIfOlder(p, olderThanMillis, report, MaintainReport.BLOBS, MaintainReport.BLOB_BYTES);
    }
    report.add(MaintainReport.CAS, MaintainReport.BLOBS_KEPT, kept);
    for (Path p : files(cas.root().resolve("tmp"))) {
      removeIfOlder(p, olderThanMillis, report, MaintainReport.TEMP_FILES, null);
    }
  }

  private static void removeIfOlder(Path p, long olderThanMillis, MaintainReport report,
      String countMetric, String bytesMetric) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      if (a.lastModifiedTime().toMillis() >= olderThanMillis) {
        return;
      }
      if (!report.dryRun()) {
        Files.delete(p);
      }
      report.add(MaintainReport.CAS, countMetric, 1);
      if (bytesMetric != null) {
        report.add(MaintainReport.CAS, bytesMetric, a.size());
      }
    } catch (NoSuchFileException gone) {
      // removed meanwhile
    } catch (IOException e) {
      report.note("cas: cannot remove %s: %s", p, e.getMessage());
    }
  }

  private static List<Path> files(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }
}
