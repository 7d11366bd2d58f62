package dev.mmlake.versions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.catalog.TableAppender;
import dev.mmlake.connectors.LicenseMigration;
import dev.mmlake.engine.Engine;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * A lakehouse made before licenses were data (lake.items.license free text, lake.licenses keyed
 * by source) migrates when a newer mmlake opens it, and a version built before stays readable.
 */
class LicenseMigrationTest extends VersionsTestBase {
  /** lake.items as mmlake wrote it before license_terms, source_file and run_id. */
  static final Schema OLD_ITEMS = new Schema(LakeTables.ITEMS_SCHEMA.columns().subList(0, 14),
      Set.of(1));
  static final Schema OLD_LICENSES = new Schema(
      Types.NestedField.required(1, "source", Types.StringType.get()),
      Types.NestedField.optional(2, "license", Types.StringType.get()),
      Types.NestedField.optional(3, "license_url", Types.StringType.get()),
      Types.NestedField.optional(4, "permissive", Types.BooleanType.get()));

  @Test
  void oldLakehouseMigratesAndItsVersionStaysReadable() {
    LakehouseConfig config = LakehouseConfig.embedded(dir.resolve("lakehouse"));
    session.close();
    engine.close();
    try (Lakehouse lh = Lakehouse.open(config)) {
      lh.catalog().dropTable(LakeTables.ITEMS, true);
      lh.catalog().dropTable(LakeTables.LICENSES, true);
      lh.createTable(LakeTables.ITEMS, OLD_ITEMS);
      Table licenses = lh.createTable(LakeTables.LICENSES, OLD_LICENSES);
      try (TableAppender a = lh.appender(licenses)) {
        GenericRecord r = a.newRecord();
        r.setField("source", "fineweb_edu");
        r.setField("license", "ODC-By-1.0 (subject to Common Crawl terms of use)");
        r.setField("permissive", true);
        a.add(r);
        a.commit();
      }
    }
    // the old mmlake's engine: no init, so nothing migrates yet
    engine = Engine.of(Lakehouse.open(config));
    session = engine.newSession("tester");
    exec("INSERT INTO lake.items (id, source, source_id, modality, license, metadata) VALUES "
        + "('" + itemId("fineweb_edu", "d1") + "', 'fineweb_edu', 'd1', 'text', "
        + "'ODC-By-1.0 (subject to Common Crawl terms of use)', '{}'), "
        + "('" + itemId("coco", "139") + "', 'coco', '139', 'image', "
        + "'CC-BY-4.0 annotations; images under Flickr terms of use', "
        + "'{\"image_license_url\":\"http://creativecommons.org/licenses/by-nc-sa/2.0/\"}'), "
        + "('" + itemId("msrvtt", "video3") + "', 'msrvtt', 'video3', 'video', "
        + "'Microsoft research-use terms; videos from YouTube', '{}'), "
        + "('" + itemId("finevideo", "v1") + "', 'finevideo', 'v1', 'video', 'cc-by-4.0', '{}'), "
        + "('" + itemId("misc", "m1") + "', 'misc', 'm1', 'text', 'custom terms', '{}'), "
        + "('" + itemId("misc", "m2") + "', 'misc', 'm2', 'text', NULL, '{}')");
    VersionRecord old = new RecipeRunner(session).run(Recipe.read(recipe("all/v001.sql",
        header("all", "v001", "none", "") + "SELECT id, source, license FROM lake.items;\n")));
    List<List<Object>> oldRows = rows("SELECT id, license FROM datasets.\"all@v001\" ORDER BY id");
    assertThat(oldRows).hasSize(6);
    session.close();
    engine.close();

    // the new mmlake opens it: schema evolution, id-keyed lake.licenses, license backfill
    engine = Engine.open(config);
    session = engine.newSession("tester");
    Table items = engine.lakehouse().table(LakeTables.ITEMS);
    assertThat(items.schema().findField("license_terms")).isNotNull();
    assertThat(items.properties()).containsEntry(LicenseMigration.DONE_PROPERTY, "true");
    assertThat(engine.lakehouse().table(LakeTables.LICENSES).schema().findField("source"))
        .isNull();
    assertThat(scalar("SELECT class FROM lake.licenses WHERE license_id = 'ODC-By-1.0'"))
        .isEqualTo("attribution");
    Map<String, List<Object>> migrated = new TreeMap<>();
    for (List<Object> r : rows("SELECT source, license, license_terms FROM lake.items")) {
      migrated.put((String) r.get(0) + (r.get(2) == null && r.get(1) == null ? "-null" : ""),
          r.subList(1, 3));
    }
    assertThat(migrated).containsEntry("fineweb_edu", List.of("ODC-By-1.0",
        "ODC-By-1.0 (subject to Common Crawl terms of use)"))
        .containsEntry("coco", List.of("CC-BY-NC-SA-2.0",
            "CC-BY-4.0 annotations; images under Flickr terms of use"))
        .containsEntry("msrvtt", List.of("LicenseRef-MSR-VTT-Research",
            "Microsoft research-use terms; videos from YouTube"))
        .containsEntry("finevideo", Arrays.asList("CC-BY-4.0", null))
        .containsEntry("misc", List.of("LicenseRef-Unknown", "custom terms"))
        .containsEntry("misc-null", Arrays.asList(null, null));

    // the old version is unchanged and readable, by name and at its tag
    assertThat(rows("SELECT id, license FROM datasets.\"all@v001\" ORDER BY id"))
        .isEqualTo(oldRows);
    assertThat(engine.lakehouse().table("datasets.all").refs().get("v001").snapshotId())
        .isEqualTo(old.snapshotId());

    // opening again does not rewrite the items
    long snapshot = items.currentSnapshot().snapshotId();
    Engine.init(engine.lakehouse());
    assertThat(engine.lakehouse().table(LakeTables.ITEMS).currentSnapshot().snapshotId())
        .isEqualTo(snapshot);

    // and a class policy now applies to the migrated rows
    VersionRecord research = new RecipeRunner(session).run(Recipe.read(recipe("all/v002.sql",
        header("all", "v002", "v001", "-- license_policy: research-only\n")
        + "SELECT id, source, license FROM lake.items WHERE source = 'msrvtt';\n")));
    assertThat(research.rowCount()).isEqualTo(1);
  }
}
