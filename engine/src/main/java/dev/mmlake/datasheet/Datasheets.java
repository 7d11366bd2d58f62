package dev.mmlake.datasheet;

import dev.mmlake.engine.Session;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.versions.VersionName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a version's datasheet as {@code datasheet.md} and {@code datasheet.html} in a folder. */
public final class Datasheets {
  public static final String MARKDOWN = "datasheet.md";
  public static final String HTML = "datasheet.html";

  private Datasheets() {
  }

  /** The two files written. */
  public record Written(Path markdown, Path html, Sheet sheet) {
  }

  /** Builds the datasheet of {@code name} and writes both files under {@code dir}. */
  public static Written write(Session session, VersionName name, Path dir) {
    Sheet sheet = new DatasheetBuilder(session).build(name);
    Path md = dir.resolve(MARKDOWN);
    Path html = dir.resolve(HTML);
    try {
      Files.createDirectories(dir);
      Files.writeString(md, MarkdownRenderer.render(sheet), StandardCharsets.UTF_8);
      Files.writeString(html, HtmlRenderer.render(sheet), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DatasheetException(ErrorCode.STORAGE_UNAVAILABLE, e,
          "Cannot write the datasheet of %s to %s: %s; choose a writable folder with --out", name,
          dir, e.getMessage());
    }
    return new Written(md, html, sheet);
  }
}
