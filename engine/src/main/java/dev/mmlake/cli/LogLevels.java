package dev.mmlake.cli;

/**
 * Log levels of SLF4J's simple logger, which reads its settings from system properties when the
 * first logger is made; {@code --verbose} is parsed before that.
 */
final class LogLevels {
  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private LogLevels() {
  }

  /** INFO for every library, DEBUG for mmlake's own loggers. */
  static void verbose() {
    System.setProperty(PREFIX + "defaultLogLevel", "info");
    System.setProperty(PREFIX + "log.dev.mmlake", "debug");
  }
}
