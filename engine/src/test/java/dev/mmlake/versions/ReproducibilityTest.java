package dev.mmlake.versions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.engine.Engine;
import dev.mmlake.engine.Session;
import java.nio.file.Path;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/** Same recipe, same inputs, fresh lakehouse: same items digest; verify tells drift apart. */
class ReproducibilityTest extends VersionsTestBase {
  private static final String[] ITEMS = {"coco,1,image,cc-by-4.0,10", "coco,2,image,cc0-1.0,20",
      "coco,3,image,cc-by-4.0,30", "web,4,text,cc-by-4.0,40"};

  @Test
  void rerunInFreshLakehouseGivesSameDigestAndVerifyDetectsDrift() {
    Path v1 = recipe("coco/v001.sql", header("coco", "v001", "none", "")
        + "SELECT id, source, license FROM lake.items WHERE modality = 'image'");
    Path v2 = recipe("coco/v002.sql", header("coco", "v002", "v001", "")
        + "CREATE TABLE scratch.bad_ids AS SELECT id FROM lake.items WHERE source_id = '2';\n"
        + "SELECT * FROM datasets.\"coco@v001\" WHERE id NOT IN (SELECT id FROM scratch.bad_ids)");
    addItems(session, ITEMS);
    VersionRecord a1 = new RecipeRunner(session).run(Recipe.read(v1));
    VersionRecord a2 = new RecipeRunner(session).run(Recipe.read(v2));
    assertThat(engine.lakehouse().catalog().tableExists(
        TableIdentifier.parse("scratch.bad_ids"))).isFalse();

    try (Engine other = Engine.open(LakehouseConfig.embedded(dir.resolve("fresh")));
         Session s = other.newSession("other")) {
      for (int i = ITEMS.length - 1; i >= 0; i--) {
        addItems(s, ITEMS[i]); // other order, other files
      }
      VersionRecord b1 = new RecipeRunner(s).run(Recipe.read(v1));
      VersionRecord b2 = new RecipeRunner(s).run(Recipe.read(v2));
      assertThat(b1.itemsDigest()).isEqualTo(a1.itemsDigest());
      assertThat(b2.itemsDigest()).isEqualTo(a2.itemsDigest()).isNotEqualTo(a1.itemsDigest());
      assertThat(b2.rowCount()).isEqualTo(2);
    }

    // verify on the first lakehouse: OK, then MISMATCH once lake.items gained an image
    VersionVerifier verifier = new VersionVerifier(session);
    VersionVerifier.Verification ok = verifier.verify(a2.name());
    assertThat(ok.ok()).isTrue();
    assertThat(ok.changedInputs()).isEmpty();
    addItems(session, "coco,5,image,cc-by-4.0,50");
    long datasetSnapshot = currentSnapshot("datasets.coco");
    VersionVerifier.Verification drift = verifier.verify(a1.name());
    assertThat(drift.ok()).isFalse();
    assertThat(drift.trial().rowCount()).isEqualTo(4);
    assertThat(drift.changedInputs()).singleElement().asString().startsWith("lake.items");
    // trial builds keep nothing
    assertThat(currentSnapshot("datasets.coco")).isEqualTo(datasetSnapshot);
    assertThat(engine.lakehouse().catalog().listTables(RecipeRunner.STAGING)).isEmpty();
    assertThat(engine.lakehouse().catalog().tableExists(
        TableIdentifier.parse("scratch.bad_ids"))).isFalse();
  }
}
