package dev.mmlake.versions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where a recipe file stands in git: the last commit that touched it, whether the working copy
 * differs from that commit, and its path in the repository. All are null when the file is not in a git repository, has never been
 * committed, or git is not installed.
 */
record GitInfo(String commit, Boolean dirty, String repoPath) {
  static final GitInfo NONE = new GitInfo(null, null, null);

  static GitInfo of(Path file) {
    if (file == null) {
      return NONE;
    }
    Path abs = file.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    if (dir == null) {
      return NONE;
    }
    String name = abs.getFileName().toString();
    String commit = git(dir, "log", "-1", "--format=%H", "--", name);
    if (commit == null || commit.isEmpty()) {
      return NONE;
    }
    String status = git(dir, "status", "--porcelain", "--", name);
    String repoPath = git(dir, "ls-files", "--full-name", "--", name);
    return new GitInfo(commit, status == null ? null : !status.isEmpty(),
        repoPath == null || repoPath.isEmpty() ? null : repoPath);
  }

  /** Output of a git command in {@code dir}, stripped; null when it fails or git is missing. */
  private static String git(Path dir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false)
          .start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      p.getErrorStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).strip() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
