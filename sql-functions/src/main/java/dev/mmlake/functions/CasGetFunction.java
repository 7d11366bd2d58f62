package dev.mmlake.functions;

import dev.mmlake.catalog.StatementContext;
import org.apache.calcite.avatica.util.ByteString;

/** {@code CAS_GET(uri)}: the verified bytes of a blob; a corrupt blob is an error, never served. */
public final class CasGetFunction {
  public ByteString eval(String uri) {
    return uri == null ? null : new ByteString(StatementContext.current().lakehouse().cas().get(uri));
  }
}
