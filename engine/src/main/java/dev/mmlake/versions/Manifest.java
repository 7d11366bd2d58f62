package dev.mmlake.versions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.error.ErrorCode;
import java.time.Instant;
import java.util.Map;

/**
 * The JSON manifest of a dataset version: what it is (name, snapshot, parent), how it was made
 * (recipe path, sha256, CAS copy, git commit, inputs, models, thresholds, transforms) and what it
 * holds (row count, items digest, counts by source, modality and license). Stored in
 * {@code lake.versions.manifest} and as a CAS blob. Field names are documented in
 * {@code docs/versions.md}.
 */
public final class Manifest {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private Manifest() {
  }

  /** What the runner knows when it writes the manifest. */
  record Parts(Recipe recipe, String recipeUri, GitInfo git, long snapshotId, Long parentSnapshotId,
      Instant createdAt, String createdBy, ItemStats stats, ObjectNode inputs, ObjectNode models,
      ObjectNode thresholds, ObjectNode takedown, long buildMillis) {
  }

  static ObjectNode build(Parts p) {
    Recipe r = p.recipe();
    VersionName name = r.name();
    ObjectNode m = MAPPER.createObjectNode();
    m.put("manifest_version", 1);
    m.put("name", name.toString());
    m.put("dataset", name.dataset());
    m.put("version", name.version());
    m.put("table", name.table().toString());
    m.put("sql", name.sql());
    m.put("snapshot_id", p.snapshotId());
    m.put("parent", r.parent() == null ? null : r.parent().toString());
    m.put("parent_snapshot_id", p.parentSnapshotId());
    m.put("description", r.description());
    m.put("created_at", p.createdAt().toString());
    m.put("created_by", p.createdBy());
    ObjectNode recipe = m.putObject("recipe");
    recipe.put("path", r.path());
    recipe.put("sha256", r.sha256());
    recipe.put("uri", p.recipeUri());
    recipe.put("git_commit", p.git().commit());
    recipe.put("git_path", p.git().repoPath());
    if (p.git().dirty() == null) {
      recipe.putNull("git_dirty");
    } else {
      recipe.put("git_dirty", p.git().dirty());
    }
    ObjectNode header = recipe.putObject("header");
    r.header().forEach(header::put);
    LicensePolicy policy = LicensePolicy.parse(r.get(Recipe.LICENSE_POLICY));
    if (policy == null) {
      m.putNull("license_policy");
    } else {
      ObjectNode lp = m.putObject("license_policy");
      lp.put("spec", policy.spec());
      policy.classes().stream().map(Object::toString).sorted()
          .forEach(lp.putArray("classes")::add);
      policy.ids().stream().sorted().forEach(lp.putArray("ids")::add);
    }
    m.put("row_count", p.stats().rows());
    m.put("items_digest", p.stats().digest());
    ObjectNode counts = m.putObject("counts");
    counts.set("source", counts(p.stats().bySource()));
    counts.set("modality", counts(p.stats().byModality()));
    counts.set("license", counts(p.stats().byLicense()));
    m.set("inputs", p.inputs());
    m.set("models", p.models());
    m.set("thresholds", p.thresholds());
    m.putArray("transforms");
    m.set("takedown", p.takedown());
    ObjectNode metrics = m.putObject("metrics");
    metrics.put("row_count", p.stats().rows());
    metrics.put("items_digest", p.stats().digest());
    metrics.put("total_bytes", p.stats().bytes());
    metrics.put("build_ms", p.buildMillis());
    return m;
  }

  private static ObjectNode counts(Map<String, Long> m) {
    ObjectNode n = MAPPER.createObjectNode();
    m.forEach(n::put);
    return n;
  }

  /** The manifest as compact JSON text. */
  static String compact(JsonNode m) {
    try {
      return new ObjectMapper().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize a manifest", e);
    }
  }

  /** Pretty-printed JSON of a stored manifest. */
  public static String pretty(String json) {
    try {
      return MAPPER.writeValueAsString(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new RecipeException(ErrorCode.CORRUPT_METADATA,
          e, "The stored manifest is not valid JSON: %s", e.getMessage());
    }
  }

  /** Parses a stored manifest. */
  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new RecipeException(ErrorCode.CORRUPT_METADATA,
          e, "The stored manifest is not valid JSON: %s", e.getMessage());
    }
  }
}
