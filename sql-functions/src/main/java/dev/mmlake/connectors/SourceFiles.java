package dev.mmlake.connectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A source's files: the regular files whose name ends with a suffix, in path order, so every
 * connector reads in a fixed order. A folder that cannot be listed ends the read
 * ({@link ConnectorException}); whether the folder exists, and whether none found is an error, is
 * for the connector to say in its own words. Each file found is checked against the read's
 * {@link DataRoots} (a link out of them ends the read) and returned as the path to read.
 */
final class SourceFiles {
  private SourceFiles() {
  }

  /** The matching files anywhere below {@code dir}. */
  static List<Path> below(Path dir, String suffix, DataRoots roots, String reader) {
    try (Stream<Path> s = Files.walk(dir)) {
      return matching(s, suffix, roots, reader);
    } catch (IOException e) {
      throw new ConnectorException(e, "Cannot list %s: %s", dir, e.getMessage());
    }
  }

  /** The matching files directly in {@code dir}. */
  static List<Path> in(Path dir, String suffix, DataRoots roots, String reader) {
    try (Stream<Path> s = Files.list(dir)) {
      return matching(s, suffix, roots, reader);
    } catch (IOException e) {
      throw new ConnectorException(e, "Cannot list %s: %s", dir, e.getMessage());
    }
  }

  private static List<Path> matching(Stream<Path> paths, String suffix, DataRoots roots,
      String reader) {
    return paths.filter(p -> p.getFileName().toString().endsWith(suffix))
        .filter(Files::isRegularFile).sorted().map(p -> roots.check(p, reader)).toList();
  }
}
