package dev.mmlake.functions;

import dev.mmlake.catalog.StatementContext;

/** {@code CAS_GET(uri)}: the verified bytes of a blob; a corrupt blob is an error, never served. */
public final class CasGetFunction {
  public byte[] eval(String uri) {
    return uri == null ? null : StatementContext.current().lakehouse().cas().get(uri);
  }
}
