package dev.mmlake.cas;

import java.util.Objects;

/** A stored blob: its SHA-256 digest (lower-case hex) and size in bytes. */
public record ContentRef(String hash, long size) {
  public ContentRef {
    ContentKey.requireDigest(hash);
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0: " + size);
    }
  }

  /** The {@code cas://sha256/<hex>} URI of this blob. */
  public String uri() {
    return ContentKey.uri(hash);
  }

  @Override
  public String toString() {
    return uri() + " (" + size + " bytes)";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentRef r && r.hash.equals(hash) && r.size == size;
  }

  @Override
  public int hashCode() {
    return Objects.hash(hash, size);
  }
}
