package dev.mmlake.versions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * A check {@link RecipeRunner} runs on a built version after its snapshot is tagged and before it
 * is recorded in lake.versions (e.g. the recipe's eval gates). To refuse the version it throws: the
 * runner then takes back the tag and the snapshot, and nothing of the version is kept.
 */
public interface VersionCheck {
  /**
   * Checks version {@code name}, tagged at {@code snapshotId}. Snapshots it commits to lake
   * tables go into {@code snapshots} (they are rolled back if the build fails later).
   *
   * @return what the manifest records under {@code "evals"}, or null for nothing
   */
  ObjectNode check(Recipe recipe, VersionName name, long snapshotId, Set<Long> snapshots);

  /** The check that accepts every version. */
  static VersionCheck none() {
    return (recipe, name, snapshotId, snapshots) -> null;
  }
}
