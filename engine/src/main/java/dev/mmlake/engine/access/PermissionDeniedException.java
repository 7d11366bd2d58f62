package dev.mmlake.engine.access;

import dev.mmlake.error.ErrorCode;
import dev.mmlake.error.MmlakeException;

/** A statement wanted a server path its session may not use ({@link ErrorCode#PERMISSION_DENIED}). */
public class PermissionDeniedException extends MmlakeException {
  public PermissionDeniedException(String format, Object... args) {
    super(ErrorCode.PERMISSION_DENIED, format, args);
  }
}
