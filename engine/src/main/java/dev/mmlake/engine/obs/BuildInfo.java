package dev.mmlake.engine.obs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this build of mmlake is: the project version and the git commit it was built from, both
 * written into a resource by Maven. Either is {@code unknown} when not built by Maven from a git
 * checkout.
 */
public final class BuildInfo {
  private static final String UNKNOWN = "unknown";
  private static final Properties PROPS = load();

  private BuildInfo() {
  }

  /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return value("version");
  }

  /** The git commit (40 hex digits) this build was made from, or {@code unknown}. */
  public static String commit() {
    return value("commit");
  }

  private static String value(String key) {
    String v = PROPS.getProperty(key, UNKNOWN).strip();
    return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read build.properties of mmlake", e);
    }
    return p;
  }
}
