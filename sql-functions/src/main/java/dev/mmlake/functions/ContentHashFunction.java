package dev.mmlake.functions;

import dev.mmlake.cas.Sha256;
import org.apache.calcite.avatica.util.ByteString;

/** {@code CONTENT_HASH(bytes | text)}: the SHA-256 hex digest, as the content store keys it. */
public final class ContentHashFunction {
  public String eval(ByteString bytes) {
    return bytes == null ? null : Sha256.hex(bytes.getBytes());
  }

  public String eval(String text) {
    return text == null ? null : Sha256.hex(text);
  }
}
