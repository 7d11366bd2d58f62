package dev.mmlake.engine.access;

import dev.mmlake.connectors.DataRoots;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where a statement that writes server files (e.g. {@code WRITE_SHARDS}) may write: the same
 * folders its connectors may read, the session's {@link DataRoots}. A relative folder is resolved
 * against a base folder first (the lakehouse's home). When the roots are restricted (a server
 * with {@code --data-root}, or the {@value DataRoots#CONFIG_KEY} setting), the folder must lie
 * canonically below a root: {@code ..} is resolved and every symbolic link followed, so a link
 * inside a root that points out of it is refused like a plain path outside. The writer then
 * writes through the canonical path returned, not through the link.
 */
public final class OutputFolders {
  private OutputFolders() {
  }

  /**
   * The folder {@code function} may write for {@code location}.
   *
   * @param roots the session's data roots
   * @param base the folder a relative {@code location} is resolved against
   * @param location the folder the statement named
   * @param function the SQL function, for the message, e.g. {@code WRITE_SHARDS}
   * @return the absolute, normalized folder when the roots are unrestricted, else its canonical
   *     form below a root
   * @throws PermissionDeniedException when the roots are restricted and the folder is not below
   *     one of them (after following links); the message names the folder
   */
  public static Path confine(DataRoots roots, Path base, String location, String function) {
    Objects.requireNonNull(roots, "roots is null");
    Path p = Path.of(location.strip());
    Path folder = (p.isAbsolute() ? p : base.resolve(p)).toAbsolutePath().normalize();
    if (!roots.restricted()) {
      return folder;
    }
    if (roots.covers(folder)) {
      return roots.check(folder, function);
    }
    if (roots.roots().isEmpty()) {
      throw new PermissionDeniedException("Permission denied: %s cannot write into %s: this "
          + "server has no data roots, so statements write no server files; the administrator "
          + "can allow a folder with `mmlake serve --data-root DIR` (or the %s setting)",
          function, location, DataRoots.CONFIG_KEY);
    }
    // say that a link was followed only when the path itself looks inside a root
    boolean lexicallyInside = roots.roots().stream().anyMatch(folder::startsWith);
    throw new PermissionDeniedException("Permission denied: %s cannot write into %s (%s): it is "
        + "outside the data roots %s (set with --data-root or %s)%s; write below a data root",
        function, location, folder,
        roots.roots().stream().map(Path::toString).collect(Collectors.joining(", ", "[", "]")),
        DataRoots.CONFIG_KEY, lexicallyInside ? ", because a symbolic link in it leads out of "
            + "the root" : "");
  }
}
