package dev.mmlake.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmlake.demo.SampleIngest;
import dev.mmlake.lineage.TinyFineVideo;
import dev.mmlake.samples.SampleCorpus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * License policies on real FineWeb-Edu, COCO and FineVideo rows: the connectors store SPDX ids,
 * {@code lake.licenses} classes them, and {@code permissive} and class-based policies accept or
 * refuse the rows by class.
 */
class LicensePolicySourcesTest extends VersionsTestBase {

  @Test
  void permissiveAndClassPoliciesOnFineWebCocoAndFineVideo() throws Exception {
    Path samples = dir.resolve("samples");
    SampleCorpus.generateTextAndImages(samples, SampleCorpus.DEFAULT_SEED);
    List<String> ingest = SampleIngest.statements(samples);
    exec(ingest.get(0)); // FineWeb-Edu
    exec(ingest.get(1)); // COCO
    Path videos = TinyFineVideo.write(dir.resolve("finevideo"), 2);
    exec("INSERT INTO lake.items SELECT * FROM TABLE(read_finevideo('" + videos + "'))");
    assertThat(rows("SELECT source, license, COUNT(*) FROM lake.items GROUP BY source, license "
        + "ORDER BY source, license")).extracting(r -> r.get(0) + " " + r.get(1))
        .containsExactly("coco CC-BY-2.0", "coco CC-BY-NC-SA-2.0", "finevideo CC-BY-4.0",
            "fineweb_edu ODC-By-1.0");
    assertThat(scalar("SELECT COUNT(*) FROM lake.items WHERE source = 'coco' AND license = "
        + "'CC-BY-2.0' AND JSON_VALUE(metadata, '$.image_license_url') <> "
        + "'http://creativecommons.org/licenses/by/2.0/'")).isEqualTo(0L);
    assertThat((String) scalar("SELECT MIN(license_terms) FROM lake.items WHERE source = "
        + "'fineweb_edu'")).contains("Common Crawl terms of use");
    RecipeRunner runner = new RecipeRunner(session);

    // permissive: ODC-By (FineWeb-Edu) and CC-BY-4.0 (FineVideo) are attribution, not permissive
    assertThatThrownBy(() -> runner.run(recipe("fineweb", "v001", "none", "permissive",
        "SELECT * FROM lake.items WHERE source = 'fineweb_edu'")))
        .isInstanceOf(RecipeException.class).hasMessageContaining("ODC-By-1.0 (attribution)");
    assertThatThrownBy(() -> runner.run(recipe("videos", "v001", "none", "permissive",
        "SELECT * FROM lake.items WHERE source = 'finevideo'")))
        .isInstanceOf(RecipeException.class).hasMessageContaining("CC-BY-4.0 (attribution)");

    // class lists
    VersionRecord web = runner.run(recipe("fineweb", "v001", "none", "permissive, attribution",
        "SELECT * FROM lake.items WHERE source = 'fineweb_edu'"));
    assertThat(web.rowCount()).isEqualTo(scalar(
        "SELECT COUNT(*) FROM lake.items WHERE source = 'fineweb_edu'"));
    JsonNode lp = Manifest.parse(web.manifest()).path("license_policy");
    assertThat(lp.path("classes").toString()).isEqualTo("[\"attribution\",\"permissive\"]");
    VersionRecord video = runner.run(recipe("videos", "v001", "none", "attribution",
        "SELECT * FROM lake.items WHERE source = 'finevideo'"));
    assertThat(video.rowCount()).isEqualTo(2);

    // COCO: each image has its own Flickr license; a non-commercial one breaks the policy
    assertThatThrownBy(() -> runner.run(recipe("coco", "v001", "none", "permissive, attribution",
        "SELECT * FROM lake.items WHERE source = 'coco'")))
        .isInstanceOf(RecipeException.class)
        .hasMessageContaining("CC-BY-NC-SA-2.0 (non-commercial)");
    runner.run(recipe("coco", "v001", "none", "", "SELECT * FROM lake.items "
        + "WHERE source = 'coco'"));
    VersionRecord commercial = runner.run(recipe("coco", "v002", "v001", "attribution",
        "SELECT * FROM datasets.\"coco@v001\" WHERE license IN "
            + "(SELECT license_id FROM lake.licenses WHERE class = 'attribution')"));
    long byCc = (Long) scalar("SELECT COUNT(*) FROM lake.items WHERE license = 'CC-BY-2.0'");
    assertThat(commercial.rowCount()).isEqualTo(byCc).isPositive();
    long nonCommercial = (Long) scalar(
        "SELECT COUNT(*) FROM lake.items WHERE license = 'CC-BY-NC-SA-2.0'");
    assertThat(nonCommercial).isPositive();
    assertThat(rows("SELECT reason, COUNT(*) FROM TABLE(VERSION_DIFF('coco@v001', 'coco@v002')) "
        + "GROUP BY reason")).containsExactly(List.of("license CC-BY-NC-SA-2.0 (non-commercial) "
        + "not allowed by license_policy attribution", nonCommercial));
    // a policy may also name license ids
    VersionRecord byId = runner.run(recipe("coco", "v003", "v001", "CC-BY-NC-SA-2.0",
        "SELECT * FROM datasets.\"coco@v001\" WHERE license = 'CC-BY-NC-SA-2.0'"));
    assertThat(byId.rowCount()).isEqualTo(nonCommercial);
  }

  private Recipe recipe(String dataset, String version, String parent, String policy,
      String select) {
    String extra = policy.isEmpty() ? "" : "-- license_policy: " + policy + "\n";
    return Recipe.read(recipe(dataset + "/" + version + "-" + Math.abs(policy.hashCode())
        + ".sql", header(dataset, version, parent, extra) + select + ";\n"));
  }
}
