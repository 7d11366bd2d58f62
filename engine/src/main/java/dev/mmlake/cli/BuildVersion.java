package dev.mmlake.cli;

import dev.mmlake.engine.obs.BuildInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code mmlake --version}: the project version Maven wrote into a resource at build time. */
public final class BuildVersion implements IVersionProvider {
  /** The version of this build, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} if not built by Maven. */
  public static String version() {
    try (InputStream in = BuildVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"mmlake " + version() + " (commit " + BuildInfo.commit() + ")",
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
            + ")"};
  }
}
