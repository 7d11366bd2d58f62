package dev.mmlake.functions;

import dev.mmlake.catalog.StatementContext;

/** {@code CAS_SIZE(uri)}: the size of a blob in bytes. */
public final class CasSizeFunction {
  public Long eval(String uri) {
    return uri == null ? null : StatementContext.current().lakehouse().cas().size(uri);
  }
}
