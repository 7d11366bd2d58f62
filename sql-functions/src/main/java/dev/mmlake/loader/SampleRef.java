package dev.mmlake.loader;

import java.nio.file.Path;

/**
 * Where one sample's members lie in its tar shard, without their bytes: what a worker's shuffle
 * buffer holds. {@code offsets[i]} and {@code sizes[i]} locate the data of the member with
 * extension {@code exts[i]}, in member order; {@code bytes} is the sum of the sizes.
 */
record SampleRef(String key, String shard, Path path, String[] exts, long[] offsets, int[] sizes,
    long bytes) {
}
