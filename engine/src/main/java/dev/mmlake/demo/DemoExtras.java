package dev.mmlake.demo;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.datasheet.Datasheets;
import dev.mmlake.engine.BiViews;
import dev.mmlake.versions.VersionName;
import dev.mmlake.versions.VersionStore;

/** The demo's last lines: the bi views (docs/bi.md) and the datasheet of coco@v002. */
final class DemoExtras {
  private DemoExtras() {
  }

  static void finish(Demo.Context ctx) {
    BiViews.install(ctx.engine());
    ctx.out().println("== BI views in namespace bi (docs/bi.md): "
        + String.join(", ", BiViews.NAMES));
    VersionName v = VersionName.parse("coco@v002");
    if (ctx.engine().lakehouse().catalog().tableExists(LakeTables.VERSIONS)
        && new VersionStore(ctx.engine().lakehouse()).find(v).isPresent()) {
      Datasheets.Written w = Datasheets.write(ctx.session(), v,
          ctx.home().resolve("datasheet").resolve(v.toString()));
      ctx.out().println("== Datasheet of " + v + ": " + w.html());
    }
  }
}
