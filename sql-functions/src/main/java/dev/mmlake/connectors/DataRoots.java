package dev.mmlake.connectors;

import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The server folders source connectors may read: either unrestricted (a local user's own
 * machine) or the folders below a list of roots, possibly none. Immutable.
 *
 * <p>{@link #check} canonicalizes a path before comparing it: {@code ..} is resolved and every
 * symbolic link is followed ({@link Path#toRealPath}), so a link inside a root that points out of
 * it is refused. A path that does not exist yet is judged by its deepest existing folder, so the
 * answer never reveals whether a file outside the roots exists. Connectors read through the path
 * {@code check} returns; a link swapped after the check is outside this guarantee.
 *
 * <p>Where the roots come from: {@code mmlake serve --data-root DIR} (repeatable) and the
 * {@value #CONFIG_KEY} setting (comma-separated). A server bound beyond loopback with neither has
 * no roots at all; the command line and a loopback server without them are unrestricted.
 */
public final class DataRoots {
  /** The lakehouse setting listing data roots, comma-separated. */
  public static final String CONFIG_KEY = "connectors.data-roots";

  private static final DataRoots UNRESTRICTED = new DataRoots(null);

  /** Canonical roots; null when unrestricted. */
  private final List<Path> roots;

  private DataRoots(List<Path> roots) {
    this.roots = roots;
  }

  /** Every path may be read. */
  public static DataRoots unrestricted() {
    return UNRESTRICTED;
  }

  /**
   * Only paths below {@code folders} may be read; an empty collection allows nothing.
   *
   * @throws ConnectorException (INVALID_ARGUMENT) when a root is not an existing folder
   */
  public static DataRoots only(Collection<Path> folders) {
    List<Path> canonical = new ArrayList<>();
    for (Path f : Objects.requireNonNull(folders, "folders is null")) {
      try {
        Path real = f.toRealPath();
        ConnectorException.check(Files.isDirectory(real), "Data root %s is not a folder", f);
        canonical.add(real);
      } catch (IOException e) {
        throw new ConnectorException(e, "Data root %s does not exist or cannot be read (%s); "
            + "pass existing folders to --data-root or %s", f, e.getMessage(), CONFIG_KEY);
      }
    }
    return new DataRoots(List.copyOf(canonical));
  }

  /** The folders of a {@value #CONFIG_KEY} value; blank entries are ignored. */
  public static List<Path> parse(String commaSeparated) {
    if (commaSeparated == null) {
      return List.of();
    }
    return Arrays.stream(commaSeparated.split(",")).map(String::strip)
        .filter(s -> !s.isEmpty()).map(Path::of).toList();
  }

  /** True unless every path may be read. */
  public boolean restricted() {
    return roots != null;
  }

  /** The canonical roots; empty when unrestricted or when nothing may be read. */
  public List<Path> roots() {
    return roots == null ? List.of() : roots;
  }

  /** True when the roots are restricted and {@code path} is canonically below one of them. */
  public boolean covers(Path path) {
    Path real = canonical(path);
    return roots != null && real != null && roots.stream().anyMatch(real::startsWith);
  }

  /**
   * The path a connector may read for {@code path}: the path itself when unrestricted, else its
   * canonical form when that is below a root.
   *
   * @param reader the SQL function that wants the file, for the message, e.g. {@code read_coco}
   * @throws ConnectorException with {@link ErrorCode#PERMISSION_DENIED} when the path (after
   *     following links) is not below a root
   */
  public Path check(Path path, String reader) {
    Objects.requireNonNull(path, "path is null");
    if (roots == null) {
      return path;
    }
    Path real = canonical(path);
    if (real != null && roots.stream().anyMatch(real::startsWith)) {
      return real;
    }
    // name the link target only for a link inside a root, never for paths outside the roots
    Path lexical = path.toAbsolutePath().normalize();
    String target = real == null || real.equals(lexical)
        || roots.stream().noneMatch(lexical::startsWith) ? "" : " (a link to " + real + ")";
    if (roots.isEmpty()) {
      throw new ConnectorException(ErrorCode.PERMISSION_DENIED, "Permission denied: %s cannot "
          + "read %s%s: this server has no data roots, so connectors read no server files; the "
          + "administrator can allow a folder with `mmlake serve --data-root DIR` (or the %s "
          + "setting)", reader, path, target, CONFIG_KEY);
    }
    throw new ConnectorException(ErrorCode.PERMISSION_DENIED, "Permission denied: %s cannot "
        + "read %s%s: it is outside the data roots %s (set with --data-root or %s); symbolic "
        + "links out of a root are refused too", reader, path, target,
        roots.stream().map(Path::toString).collect(Collectors.joining(", ", "[", "]")),
        CONFIG_KEY);
  }

  /**
   * The real path of {@code path}; for a path that does not exist, the real path of its deepest
   * existing ancestor followed by the remaining names, normalized (names that do not exist are
   * no links, so {@code ..} among them is plain). Null when a folder cannot be read.
   */
  private static Path canonical(Path path) {
    Path existing = path.toAbsolutePath();
    List<Path> rest = new ArrayList<>();
    while (existing != null) {
      try {
        Path real = existing.toRealPath();
        for (int i = rest.size() - 1; i >= 0; i--) {
          real = real.resolve(rest.get(i));
        }
        return real.normalize();
      } catch (NoSuchFileException e) {
        if (existing.getFileName() == null) {
          return null;
        }
        rest.add(existing.getFileName());
        existing = existing.getParent();
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return roots == null ? "unrestricted" : roots.toString();
  }
}
