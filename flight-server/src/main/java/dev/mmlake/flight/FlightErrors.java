package dev.mmlake.flight;

import dev.mmlake.engine.SqlStatementException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.calcite.runtime.CalciteContextException;

/**
 * Maps anything thrown while serving a call to a Flight status a client can act on: parse and
 * validation errors are INVALID_ARGUMENT with the engine's line/column, permission errors
 * UNAUTHORIZED (gRPC PERMISSION_DENIED), commit conflicts UNAVAILABLE (retryable; Flight has no
 * ABORTED), unexpected errors INTERNAL. Every server entry point funnels its Throwables through here.
 */
final class FlightErrors {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FlightErrors.class);

  private FlightErrors() {
  }

  static FlightRuntimeException toFlight(Throwable t) {
    if (t instanceof FlightRuntimeException f) {
      return f;
    }
    SqlStatementException s = find(t, SqlStatementException.class);
    if (s != null) {
      if (s.code() == SqlStatementException.Code.INTERNAL) {
        LOG.warn("Internal error while serving a Flight SQL call", s);
      }
      return status(s.code()).withDescription(s.describe()).withCause(s).toRuntimeException();
    }
    CalciteContextException c = find(t, CalciteContextException.class);
    if (c != null) {
      return CallStatus.INVALID_ARGUMENT.withDescription(c.getMessage()).withCause(c)
          .toRuntimeException();
    }
    if (t instanceof IllegalArgumentException) {
      return CallStatus.INVALID_ARGUMENT.withDescription(t.getMessage()).withCause(t)
          .toRuntimeException();
    }
    String msg = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    LOG.warn("Internal error while serving a Flight SQL call", t);
    return CallStatus.INTERNAL.withDescription("Internal error: " + msg + " (see the server log)")
        .withCause(t).toRuntimeException();
  }

  static CallStatus status(SqlStatementException.Code code) {
    return switch (code) {
      case PARSE_ERROR, VALIDATION_ERROR -> CallStatus.INVALID_ARGUMENT;
      case NOT_FOUND -> CallStatus.NOT_FOUND;
      case ALREADY_EXISTS -> CallStatus.ALREADY_EXISTS;
      case UNSUPPORTED -> CallStatus.UNIMPLEMENTED;
      case PERMISSION_DENIED -> CallStatus.UNAUTHORIZED;
      case CONFLICT -> CallStatus.UNAVAILABLE; // gRPC ABORTED has no Flight code: retryable
      case CANCELLED -> CallStatus.CANCELLED;
      case INTERNAL -> CallStatus.INTERNAL;
    };
  }

  static FlightRuntimeException permissionDenied(String message) {
    return CallStatus.UNAUTHORIZED.withDescription(message).toRuntimeException();
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
