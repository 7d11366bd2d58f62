package dev.mmlake.loader;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** One tar shard of a set: its file name, where it is, and how many samples it holds. */
public record LoaderShard(String name, Path path, long samples, long bytes) {
  public LoaderShard {
    requireNonNull(name, "name is null");
    requireNonNull(path, "path is null");
  }
}
