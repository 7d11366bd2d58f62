package dev.mmlake.shards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mmlake.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tar members of one sample, in the order of {@link ShardSample}, and the tar arithmetic the
 * planner uses to size shards exactly: every member is a 512-byte ustar header plus its data
 * padded to 512 bytes (keys are short ASCII, so no PAX headers); a shard ends with two zero
 * records and is padded to a {@value #BLOCK}-byte block, like GNU tar and Python's tarfile.
 */
final class SampleMembers {
  static final int RECORD = 512;
  static final int BLOCK = 10240;
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /**
   * One member: {@code bytes} is null for the blob member, whose data streams from the sample's
   * {@link BlobSource}.
   */
  record Member(String name, long size, byte[] bytes) {
  }

  private SampleMembers() {
  }

  /** The members of {@code s}, with the blob member sized {@code blobSize}. */
  static List<Member> of(ShardSample s, String key, long blobSize) {
    List<Member> members = new ArrayList<>(4);
    if (s.blob() != null) {
      members.add(new Member(key + "." + s.ext(), blobSize, null));
    }
    if (s.text() != null) {
      members.add(inline(key + ".txt", s.text().getBytes(StandardCharsets.UTF_8)));
    }
    if (s.embedding() != null) {
      members.add(inline(key + ".npy", NpyWriter.bytes(s.embedding())));
    }
    members.add(inline(key + ".json", json(s)));
    return members;
  }

  /** Bytes the members take in a tar, headers and padding included. */
  static long tarBytes(List<Member> members) {
    long total = 0;
    for (Member m : members) {
      total += RECORD + roundUp(m.size(), RECORD);
    }
    return total;
  }

  /** Size of a tar file whose members take {@code memberBytes}: end records, block padding. */
  static long shardBytes(long memberBytes) {
    return roundUp(memberBytes + 2L * RECORD, BLOCK);
  }

  /** The sample's JSON: map keys sorted, {@code "id"} set to the item id when absent. */
  static byte[] json(ShardSample s) {
    Map<String, Object> m = s.json();
    if (!m.containsKey("id")) {
      m = new LinkedHashMap<>(m);
      m.put("id", s.itemId());
    }
    try {
      return JSON.writeValueAsBytes(m);
    } catch (JsonProcessingException e) {
      throw new ShardException(ErrorCode.INVALID_ARGUMENT,
          e, "Sample %s: its json cannot be written as JSON (%s); pass "
          + "strings, numbers, booleans, lists and maps only", s.itemId(), e.getOriginalMessage());
    }
  }

  private static Member inline(String name, byte[] bytes) {
    return new Member(name, bytes.length, bytes);
  }

  private static long roundUp(long n, int unit) {
    return (n + unit - 1) / unit * unit;
  }
}
