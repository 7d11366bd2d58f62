package dev.mmlake.versions;

import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.loader.LoaderException;
import dev.mmlake.loader.live.LivePipeline;
import dev.mmlake.transforms.TransformException;

/**
 * The live transforms a built version pins (its manifest's {@code live_contract}), rebuilt for the
 * loader. A version built before live transforms existed has none. Refuses, naming the transform,
 * a contract this loader does not know.
 */
public final class VersionLiveTransforms {
  private VersionLiveTransforms() {
  }

  /** The pipeline of {@code name}'s live contract; fails when the version does not exist. */
  public static LivePipeline of(Lakehouse lakehouse, VersionName name) {
    VersionRecord r = new VersionStore(lakehouse).find(name).orElseThrow(() ->
        new LoaderException(ErrorCode.NOT_FOUND, "Version %s is not in lake.versions: build it "
            + "with mmlake run sql/recipes/%s/%s.sql", name, name.dataset(), name.version()));
    if (r.manifest() == null) {
      return LivePipeline.empty();
    }
    try {
      return LivePipeline.fromContract(Manifest.parse(r.manifest()).get("live_contract"),
          name.toString());
    } catch (TransformException e) {
      throw new LoaderException(e.code(), e, "The loader refuses %s: %s", name, e.getMessage());
    }
  }
}
