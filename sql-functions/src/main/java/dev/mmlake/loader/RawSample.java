package dev.mmlake.loader;

import java.util.Map;

/**
 * The members of one sample as read from a tar shard, not decoded: extension (e.g. {@code jpg},
 * {@code json}) to bytes, in member order. {@code bytes} counts the member data.
 */
public record RawSample(String key, String shard, Map<String, byte[]> members, long bytes) {
}
