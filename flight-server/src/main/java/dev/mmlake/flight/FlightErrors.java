package dev.mmlake.flight;

import dev.mmlake.engine.SqlStatementException;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.ErrorKind;
import dev.mmlake.error.MmlakeException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.ErrorFlightMetadata;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.calcite.runtime.CalciteContextException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps anything thrown while serving a call to a Flight status a client can act on. The status
 * follows the error's {@link ErrorKind}: USER is INVALID_ARGUMENT (NOT_FOUND, ALREADY_EXISTS,
 * UNIMPLEMENTED, UNAUTHORIZED and CANCELLED where the code says so), DATA is INTERNAL (Flight has
 * no DATA_LOSS; not retryable, not the client's fault), CONFLICT is UNAVAILABLE (retryable; Flight
 * has no ABORTED), INTERNAL is INTERNAL, EXTERNAL is UNAVAILABLE. The description starts with the
 * code ({@code CORRUPT_BLOB: ...}) and carries the position; the status metadata carries
 * {@value #CODE_KEY} and {@value #KIND_KEY}. Every server entry point funnels its Throwables
 * through here.
 */
final class FlightErrors {
  /** Status metadata key holding the {@link ErrorCode} name. */
  static final String CODE_KEY = "mmlake-error-code";
  /** Status metadata key holding the {@link ErrorKind} name. */
  static final String KIND_KEY = "mmlake-error-kind";

  private static final Logger LOG = LoggerFactory.getLogger(FlightErrors.class);

  private FlightErrors() {
  }

  static FlightRuntimeException toFlight(Throwable t) {
    if (t instanceof FlightRuntimeException f) {
      return f;
    }
    SqlStatementException s = find(t, SqlStatementException.class);
    if (s != null) {
      return toFlight(s.code(), s.describe(), s);
    }
    MmlakeException m = find(t, MmlakeException.class);
    if (m != null) {
      return toFlight(m.code(), m.getMessage(), m);
    }
    CalciteContextException c = find(t, CalciteContextException.class);
    if (c != null) {
      return toFlight(ErrorCode.VALIDATION_ERROR, c.getMessage(), c);
    }
    String msg = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    return toFlight(ErrorCode.INTERNAL, msg, t);
  }

  private static FlightRuntimeException toFlight(ErrorCode code, String description, Throwable t) {
    if (code.kind() == ErrorKind.INTERNAL) {
      LOG.warn("Internal error while serving a Flight SQL call", t);
      description = "Internal error: " + description + " (see the server log)";
    }
    ErrorFlightMetadata metadata = new ErrorFlightMetadata();
    metadata.insert(CODE_KEY, code.name());
    metadata.insert(KIND_KEY, code.kind().name());
    return status(code).withDescription(code + ": " + description).withCause(t)
        .withMetadata(metadata).toRuntimeException();
  }

  static CallStatus status(ErrorCode code) {
    return switch (code) {
      case NOT_FOUND -> CallStatus.NOT_FOUND;
      case ALREADY_EXISTS -> CallStatus.ALREADY_EXISTS;
      case UNSUPPORTED -> CallStatus.UNIMPLEMENTED;
      case PERMISSION_DENIED -> CallStatus.UNAUTHORIZED;
      case CANCELLED -> CallStatus.CANCELLED;
      case PARSE_ERROR, VALIDATION_ERROR, INVALID_ARGUMENT, CORRUPT_BLOB, DECODE_FAILED,
          CORRUPT_METADATA, COMMIT_CONFLICT, CATALOG_BUSY, COMMIT_STATE_UNKNOWN, INTERNAL,
          MODEL_UNAVAILABLE, STORAGE_UNAVAILABLE -> status(code.kind());
    };
  }

  static CallStatus status(ErrorKind kind) {
    return switch (kind) {
      case USER -> CallStatus.INVALID_ARGUMENT;
      case DATA -> CallStatus.INTERNAL; // gRPC DATA_LOSS has no Flight code
      case CONFLICT -> CallStatus.UNAVAILABLE; // gRPC ABORTED has no Flight code: retryable
      case INTERNAL -> CallStatus.INTERNAL;
      case EXTERNAL -> CallStatus.UNAVAILABLE;
    };
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
