/**
 * mmlake's error model: every exception meant for a user is a
 * {@link dev.mmlake.error.MmlakeException} carrying an {@link dev.mmlake.error.ErrorCode} chosen
 * where it is thrown; the code's {@link dev.mmlake.error.ErrorKind} decides the CLI exit code and
 * the Flight SQL status. This package sits in the lowest module so every module can throw them.
 */
package dev.mmlake.error;
