package dev.mmlake.engine.maintain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.Table;

/**
 * Deletes files under a table's data folder ({@code <location>/data}) that no snapshot the table
 * keeps references and that are older than a grace period: files of failed or killed writes. The
 * grace period protects files a writer in another process has written but not yet committed.
 * Local file systems only; metadata files are left to Iceberg's own cleanup.
 */
final class OrphanFiles {
  private OrphanFiles() {
  }

  static void remove(String name, Table table, long olderThanMillis, MaintainReport report) {
    Path location = TableFiles.localPath(table.location());
    if (location == null) {
      report.note("%s: orphan files not checked (%s is not a local path)", name, table.location());
      return;
    }
    Path data = location.resolve("data");
    if (!Files.isDirectory(data)) {
      return;
    }
    Set<Path> referenced = new HashSet<>();
    for (String l : TableFiles.referencedLocations(table)) {
      Path p = TableFiles.localPath(l);
      if (p != null) {
        referenced.add(p);
      }
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(data)) {
      files = s.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + data, e);
    }
    for (Path f : files) {
      Path p = f.toAbsolutePath().normalize();
      if (referenced.contains(p)) {
        continue;
      }
      try {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        if (a.lastModifiedTime().toMillis() >= olderThanMillis) {
          continue;
        }
        if (!report.dryRun()) {
          Files.delete(p);
        }
        report.add(name, MaintainReport.ORPHAN_FILES, 1);
        report.add(name, MaintainReport.ORPHAN_BYTES, a.size());
      } catch (NoSuchFileException gone) {
        // removed meanwhile
      } catch (IOException e) {
        report.note("%s: cannot remove orphan %s: %s", name, p, e.getMessage());
      }
    }
  }
}
