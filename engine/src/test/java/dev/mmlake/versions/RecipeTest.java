package dev.mmlake.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecipeTest {
  private static final String HEADER = "-- dataset: coco\n-- version: v002\n-- Parent: v001\n"
      + "-- description: cleaned\n-- license_policy: CC-BY-4.0, cc0-1.0\n";

  @Test
  void parsesHeaderStatementsAndNames() {
    Recipe r = Recipe.parse(HEADER + "CREATE TABLE scratch.x (id VARCHAR);\n"
        + "INSERT INTO scratch.x VALUES ('a;b');\nSELECT * FROM scratch.x;\n", "v002.sql");
    assertThat(r.name()).isEqualTo(new VersionName("coco", "v002"));
    assertThat(r.name().sql()).isEqualTo("datasets.\"coco@v002\"");
    assertThat(r.name().table().toString()).isEqualTo("datasets.coco");
    assertThat(r.parent()).isEqualTo(VersionName.parse("coco@v001"));
    assertThat(r.setup()).hasSize(2);
    assertThat(r.result().line()).isEqualTo(8);
    assertThat(r.header()).containsEntry("license_policy", "CC-BY-4.0, cc0-1.0");
    assertThat(Recipe.parse(HEADER.replace("v001", "none") + "SELECT 1 AS id", null).parent())
        .isNull();
    assertThat(Recipe.parse(HEADER.replace("v001", "fineweb@v3") + "SELECT 1 AS id", null)
        .parent()).isEqualTo(new VersionName("fineweb", "v3"));
  }

  @Test
  void rejectsBadRecipesWithTheLine() {
    assertThatThrownBy(() -> Recipe.parse(HEADER + "\nSELECT FROM WHERE", "r.sql"))
        .isInstanceOf(RecipeException.class).hasMessageStartingWith("r.sql, line 7:");
    assertThatThrownBy(() -> Recipe.parse(HEADER + "SELECT 1 AS id;\nDROP TABLE lake.x", "r.sql"))
        .hasMessageContaining("line 7: the last statement must be a SELECT");
    assertThatThrownBy(() -> Recipe.parse(HEADER + "-- version: v3\nSELECT 1", "r.sql"))
        .hasMessageContaining("'version' appears twice");
    assertThatThrownBy(() -> Recipe.parse(HEADER.replace("coco", "Coco") + "SELECT 1", null))
        .hasMessageContaining("Invalid dataset name 'Coco'");
    assertThatThrownBy(() -> Recipe.parse(HEADER, null)).hasMessageContaining("no statements");
    assertThatThrownBy(() -> VersionName.parse("coco")).hasMessageContaining("<dataset>@<version>");
  }

  @Test
  void licensePolicies() {
    LicensePolicy p = LicensePolicy.parse("permissive");
    assertThat(p.allows("CC0-1.0")).isTrue();
    assertThat(p.allows("CC-BY-4.0")).as("attribution is its own class").isFalse();
    assertThat(p.allows("cc-by-nc-4.0")).isFalse();
    assertThat(p.allows(null)).isFalse();
    LicensePolicy classes = LicensePolicy.parse("permissive, Attribution");
    assertThat(classes.allows("CC-BY-4.0")).isTrue();
    assertThat(classes.allows("ODC-By-1.0")).isTrue();
    assertThat(classes.allows("CC-BY-SA-4.0")).isFalse();
    assertThat(classes.allows("LicenseRef-MSR-VTT-Research")).isFalse();
    assertThat(LicensePolicy.parse("research-only").allows("LicenseRef-MSR-VTT-Research"))
        .isTrue();
    assertThat(LicensePolicy.parse("unknown").allows(null)).isTrue();
    LicensePolicy list = LicensePolicy.parse("CC-BY-4.0, cc0-1.0");
    assertThat(list.ids()).containsExactlyInAnyOrder("cc-by-4.0", "cc0-1.0");
    assertThat(list.classes()).isEmpty();
    assertThat(list.allows("mit")).isFalse();
    assertThat(list.describe("MIT")).isEqualTo("MIT (permissive)");
    assertThat(LicensePolicy.parse(" ")).isNull();
    assertThatThrownBy(() -> LicensePolicy.parse(",")).isInstanceOf(RecipeException.class);
  }
}
