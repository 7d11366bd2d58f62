package dev.mmlake.versions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmlake.cas.Sha256;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.engine.Session;
import dev.mmlake.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Checks that a version is reproducible: reruns its recipe (the exact text kept in CAS) as a trial
 * build that leaves the lakehouse as it was, and compares the items digest with the recorded one.
 */
public final class VersionVerifier {
  private final Session session;
  private final Lakehouse lakehouse;

  public VersionVerifier(Session session) {
    this.session = session;
    this.lakehouse = session.lakehouse();
  }

  /**
   * The outcome. {@code changedInputs} lists the input tables whose current snapshot differs from
   * the one recorded at build time: the usual cause of a mismatch.
   */
  public record Verification(VersionRecord recorded, RecipeRunner.Trial trial,
      List<String> changedInputs, boolean recipeFileChanged) {
    public boolean ok() {
      return recorded.itemsDigest().equals(trial.itemsDigest())
          && recorded.rowCount() == trial.rowCount();
    }
  }

  public Verification verify(VersionName name) {
    VersionRecord v = new VersionStore(lakehouse).require(name);
    if (v.recipeUri() == null || !lakehouse.cas().contains(v.recipeUri())) {
      throw new RecipeException(ErrorCode.CORRUPT_METADATA,
          "The recipe text of %s is missing from the content store (%s); "
          + "it cannot be rerun", name, v.recipeUri());
    }
    String text = new String(lakehouse.cas().get(v.recipeUri()), StandardCharsets.UTF_8);
    Recipe recipe = Recipe.parse(text, v.recipePath());
    RecipeRunner.Trial trial = new RecipeRunner(session).dryRun(recipe);
    return new Verification(v, trial, changedInputs(v), fileChanged(v));
  }

  /** True when the recipe file is still at its recorded path but its text changed. */
  private static boolean fileChanged(VersionRecord v) {
    if (v.recipePath() == null) {
      return false;
    }
    try {
      Path p = Path.of(v.recipePath());
      return Files.isRegularFile(p) && !Sha256.hex(
          Files.readAllBytes(p)).equals(v.recipeSha256());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private List<String> changedInputs(VersionRecord v) {
    List<String> changed = new ArrayList<>();
    JsonNode inputs = Manifest.parse(v.manifest()).path("inputs");
    Iterator<Map.Entry<String, JsonNode>> it = inputs.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().contains("@")) {
        continue; // a tag or snapshot id: immutable
      }
      TableIdentifier id = TableIdentifier.parse(e.getKey());
      if (!lakehouse.catalog().tableExists(id)) {
        changed.add(e.getKey() + " (dropped)");
        continue;
      }
      Snapshot s = lakehouse.catalog().loadTable(id).currentSnapshot();
      long now = s == null ? -1 : s.snapshotId();
      long then = e.getValue().isNull() ? -1 : e.getValue().asLong();
      if (now != then) {
        changed.add(e.getKey() + " (snapshot " + then + " -> " + now + ")");
      }
    }
    return changed;
  }
}
