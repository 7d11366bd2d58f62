package dev.mmlake.engine.maintain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/** The files a table's snapshots reference, read from their manifests. */
final class TableFiles {
  private TableFiles() {
  }

  /** Every live data file of every snapshot the table keeps, by location; each read once. */
  static Map<String, DataFile> dataFiles(Table table) {
    Map<String, DataFile> out = new LinkedHashMap<>();
    Set<String> manifests = new HashSet<>();
    for (Snapshot s : table.snapshots()) {
      for (ManifestFile m : s.dataManifests(table.io())) {
        if (!manifests.add(m.path())) {
          continue;
        }
        try (ManifestReader<DataFile> r = ManifestFiles.read(m, table.io(), table.specs())) {
          for (DataFile f : r) {
            out.putIfAbsent(f.location(), f.copyWithoutStats());
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read manifest " + m.path(), e);
        }
      }
    }
    return out;
  }

  /** The locations of every data and delete file any kept snapshot references. */
  static Set<String> referencedLocations(Table table) {
    Set<String> out = new HashSet<>(dataFiles(table).keySet());
    Set<String> manifests = new HashSet<>();
    for (Snapshot s : table.snapshots()) {
      for (ManifestFile m : s.deleteManifests(table.io())) {
        if (m.content() != ManifestContent.DELETES || !manifests.add(m.path())) {
          continue;
        }
        try (ManifestReader<DeleteFile> r =
                 ManifestFiles.readDeleteManifest(m, table.io(), table.specs())) {
          for (ContentFile<?> f : r) {
            out.add(f.location());
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read manifest " + m.path(), e);
        }
      }
    }
    return out;
  }

  /**
   * The local path of a location ({@code /a/b}, {@code file:/a/b}, {@code file:///a/b}), or null
   * for one on another file system.
   */
  static Path localPath(String location) {
    if (location.startsWith("file:")) {
      return Path.of(URI.create(location)).toAbsolutePath().normalize();
    }
    if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !location.matches("^[A-Za-z]:\\\\.*")) {
      return null;
    }
    return Path.of(location).toAbsolutePath().normalize();
  }
}
