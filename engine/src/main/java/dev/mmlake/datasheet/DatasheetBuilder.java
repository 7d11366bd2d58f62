package dev.mmlake.datasheet;

import static dev.mmlake.datasheet.LakeQueries.literal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.datasheet.Sheet.Bar;
import dev.mmlake.datasheet.Sheet.Chart;
import dev.mmlake.datasheet.Sheet.Fact;
import dev.mmlake.datasheet.Sheet.Facts;
import dev.mmlake.datasheet.Sheet.Grid;
import dev.mmlake.datasheet.Sheet.Paragraph;
import dev.mmlake.datasheet.Sheet.Part;
import dev.mmlake.datasheet.Sheet.Section;
import dev.mmlake.engine.Session;
import dev.mmlake.versions.Manifest;
import dev.mmlake.versions.VersionName;
import dev.mmlake.versions.VersionRecord;
import dev.mmlake.versions.VersionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Builds the {@link Sheet} of one dataset version from the lakehouse: the version's row and
 * manifest in {@code lake.versions}, and queries over the version's rows, {@code lake.items},
 * {@code lake.licenses}, {@code lake.quality}, {@code lake.dedup}, {@code lake.shards},
 * {@code lake.evals} (when present), {@code obs.metrics} and {@code obs.lineage_events}. The
 * headings are those of "Datasheets for Datasets" (Gebru et al.).
 */
public final class DatasheetBuilder {
  /** The evaluation table another component writes; its section is left out when absent. */
  public static final TableIdentifier EVALS = TableIdentifier.of("lake", "evals");

  private final Session session;
  private final LakeQueries q;

  public DatasheetBuilder(Session session) {
    this.session = session;
    this.q = new LakeQueries(session);
  }

  /** The datasheet of {@code name}; fails with NOT_FOUND when no such version was built. */
  public Sheet build(VersionName name) {
    VersionRecord v = new VersionStore(session.engine().lakehouse()).require(name);
    JsonNode m = Manifest.parse(v.manifest());
    String from = name.sql();
    Set<String> cols = q.columns("SELECT * FROM " + from + " WHERE 1 = 0");
    List<String> sources = cols.contains("source")
        ? q.rows("SELECT DISTINCT source FROM " + from).stream()
            .map(r -> String.valueOf(r.get(0))).sorted().toList()
        : List.of();
    List<Section> sections = new ArrayList<>();
    sections.add(motivation(v, m));
    sections.add(composition(from, cols));
    sections.add(collection(from, cols, m));
    sections.add(preprocessing(sources, m));
    evaluation(name).ifPresent(sections::add);
    sections.add(uses(m, from, cols));
    sections.add(distribution(v, name));
    sections.add(maintenance(v, name, m));
    return new Sheet("Datasheet: " + name, v.description() == null ? "" : v.description(),
        sections);
  }

  private Section motivation(VersionRecord v, JsonNode m) {
    List<Fact> f = new ArrayList<>();
    f.add(new Fact("Version", v.name().toString()));
    f.add(new Fact("Description", v.description()));
    f.add(new Fact("Created by", v.createdBy()));
    f.add(new Fact("Created at", v.createdAt().toString()));
    m.path("recipe").path("header").fields().forEachRemaining(e -> {
      if (!Set.of("dataset", "version", "parent", "description").contains(e.getKey())) {
        f.add(new Fact("Recipe header: " + e.getKey(), e.getValue().asText()));
      }
    });
    return new Section("Motivation", List.of(new Paragraph("Why this version exists, as its "
        + "recipe's header states it."), new Facts(f)));
  }

  private Section composition(String from, Set<String> cols) {
    List<Part> parts = new ArrayList<>();
    long rows = q.count("SELECT COUNT(*) FROM " + from);
    List<Fact> f = new ArrayList<>();
    f.add(new Fact("Instances (rows)", Long.toString(rows)));
    if (cols.contains("size_bytes")) {
      f.add(new Fact("Content bytes", Long.toString(
          q.count("SELECT COALESCE(SUM(size_bytes), 0) FROM " + from))));
    }
    f.add(new Fact("Columns", String.join(", ", cols)));
    parts.add(new Facts(f));
    if (cols.contains("source")) {
      parts.add(new Chart("Instances by source", "rows",
          q.bars("SELECT source, COUNT(*) FROM " + from + " GROUP BY source ORDER BY 2 DESC")));
    }
    if (cols.contains("modality")) {
      parts.add(new Chart("Instances by modality", "rows", q.bars(
          "SELECT modality, COUNT(*) FROM " + from + " GROUP BY modality ORDER BY 2 DESC")));
    }
    if (cols.contains("license") && q.exists(LakeTables.LICENSES)) {
      parts.add(new Chart("Instances by license class", "rows", q.bars(
          "SELECT COALESCE(l.\"class\", 'unknown'), COUNT(*) FROM " + from + " AS d LEFT JOIN "
          + "lake.licenses AS l ON d.license = l.license_id GROUP BY COALESCE(l.\"class\", "
          + "'unknown') ORDER BY 2 DESC")));
      parts.add(new Chart("Instances by license", "rows", q.bars(
          "SELECT license, COUNT(*) FROM " + from + " GROUP BY license ORDER BY 2 DESC")));
    }
    return new Section("Composition", parts);
  }

  private Section collection(String from, Set<String> cols, JsonNode m) {
    List<Part> parts = new ArrayList<>();
    parts.add(new Paragraph("How the instances were acquired: the connectors that ingested "
        + "them into lake.items and the tables the recipe read."));
    if (cols.contains("id")) {
      List<List<String>> rows = new ArrayList<>();
      for (List<Object> r : q.rows("SELECT i.connector, i.connector_version, i.source, "
          + "COUNT(*), MIN(i.ingested_at), MAX(i.ingested_at) FROM lake.items AS i WHERE i.id IN "
          + "(SELECT id FROM " + from + ") GROUP BY i.connector, i.connector_version, i.source "
          + "ORDER BY 4 DESC")) {
        rows.add(r.stream().map(o -> o == null ? "" : String.valueOf(o)).toList());
      }
      parts.add(new Grid("Connectors", List.of("connector", "version", "source", "items",
          "first ingested", "last ingested"), rows));
    }
    List<List<String>> inputs = new ArrayList<>();
    m.path("inputs").fields().forEachRemaining(e -> inputs.add(List.of(e.getKey(),
        e.getValue().isNull() ? "(none yet)" : e.getValue().asText())));
    if (!inputs.isEmpty()) {
      parts.add(new Grid("Tables the recipe read", List.of("table", "snapshot"), inputs));
    }
    return new Section("Collection process", parts);
  }

  private Section preprocessing(List<String> sources, JsonNode m) {
    List<Part> parts = new ArrayList<>();
    String inSources = sources.isEmpty() ? "1 = 1"
        : "i.source IN (" + sources.stream().map(LakeQueries::literal)
            .collect(Collectors.joining(", ")) + ")";
    parts.add(new Paragraph("Quality and deduplication decisions over the items of this "
        + "version's sources (" + String.join(", ", sources) + "), and the models whose "
        + "embeddings the recipe used."));
    if (q.exists(LakeTables.QUALITY)) {
      parts.add(new Chart("Quality verdicts", "items", q.bars("SELECT q.status, COUNT(*) FROM "
          + "lake.quality AS q JOIN lake.items AS i ON q.item_id = i.id WHERE " + inSources
          + " GROUP BY q.status ORDER BY 2 DESC")));
      Map<String, Double> reasons = new TreeMap<>();
      for (Bar b : q.bars("SELECT q.reason, COUNT(*) FROM lake.quality AS q JOIN lake.items AS i"
          + " ON q.item_id = i.id WHERE q.status = 'fail' AND " + inSources
          + " GROUP BY q.reason")) {
        int colon = b.label().indexOf(':');
        reasons.merge(colon > 0 ? b.label().substring(0, colon) : b.label(), b.value(),
            Double::sum);
      }
      parts.add(new Chart("Quality fail reasons", "items", sorted(reasons)));
    }
    if (q.exists(LakeTables.DEDUP)) {
      String decision = "COALESCE(d.\"method\", 'unknown') || TRIM(CASE WHEN d.kept THEN "
          + "': kept' ELSE ': removed' END)";
      parts.add(new Chart("Deduplication decisions by method", "items", q.bars("SELECT "
          + decision + ", COUNT(*) FROM lake.dedup AS d JOIN lake.items AS i ON d.item_id = i.id "
          + "WHERE " + inSources + " GROUP BY " + decision + " ORDER BY 1")));
      List<Bar> sizes = new ArrayList<>();
      for (Bar b : q.bars("SELECT n, COUNT(*) FROM (SELECT d.\"method\", d.cluster_id, "
          + "COUNT(DISTINCT d.item_id) AS n FROM lake.dedup AS d JOIN lake.items AS i ON "
          + "d.item_id = i.id WHERE " + inSources + " GROUP BY d.\"method\", d.cluster_id) AS c "
          + "GROUP BY n ORDER BY n")) {
        sizes.add(new Bar("size " + b.label(), b.value()));
      }
      parts.add(new Chart("Dedup clusters by size (items per cluster, every method)",
          "clusters", sizes));
    }
    List<List<String>> models = new ArrayList<>();
    m.path("models").path("versions").forEach(x -> models.add(List.of(
        x.path("model").asText(), x.path("model_version").asText(), x.path("vectors").asText())));
    if (!models.isEmpty()) {
      parts.add(new Grid("Embedding models", List.of("model", "version", "vectors"), models));
    }
    return new Section("Preprocessing / cleaning / labeling", parts);
  }

  private Optional<Section> evaluation(VersionName name) {
    if (!q.exists(EVALS)) {
      return Optional.empty();
    }
    // lake.evals (docs/evals.md): one row per metric of an eval run; the latest run wins
    String latest = "SELECT e.eval, e.metric, e.split, e.\"value\", e.ci_low, e.ci_high, e.model, "
        + "e.evaluated_at FROM lake.evals e JOIN (SELECT eval, metric, split, MAX(evaluated_at) "
        + "AS latest_at FROM lake.evals WHERE dataset = " + literal(name.dataset()) + " AND version = "
        + literal(name.version()) + " GROUP BY eval, metric, split) l ON e.eval = l.eval "
        + "AND e.metric = l.metric AND e.split IS NOT DISTINCT FROM l.split "
        + "AND e.evaluated_at = l.latest_at WHERE e.dataset = " + literal(name.dataset())
        + " AND e.version = " + literal(name.version());
    List<List<Object>> found = q.rows(latest + " ORDER BY e.eval, e.metric");
    if (found.isEmpty()) {
      return Optional.empty();
    }
    List<Part> parts = new ArrayList<>();
    parts.add(new Paragraph("The latest result of each eval metric recorded in lake.evals for "
        + "this version (mmlake eval run; docs/evals.md)."));
    parts.add(new Chart("Evaluation metrics", "value", q.bars("SELECT eval || ' ' || metric, "
        + "AVG(\"value\") FROM (" + latest + ") x GROUP BY eval, metric ORDER BY 1")));
    List<List<String>> rows = new ArrayList<>();
    for (List<Object> r : found) {
      rows.add(r.stream().map(o -> o == null ? "" : String.valueOf(o)).toList());
    }
    parts.add(new Grid("Evaluation results", List.of("eval", "metric", "split", "value",
        "ci_low", "ci_high", "model", "evaluated_at"), rows));
    return Optional.of(new Section("Evaluation", parts));
  }

  private Section uses(JsonNode m, String from, Set<String> cols) {
    List<Part> parts = new ArrayList<>();
    JsonNode policy = m.path("license_policy");
    parts.add(new Paragraph(policy.isMissingNode() || policy.isNull()
        ? "The recipe sets no license_policy: check each instance's license before use."
        : "The recipe's license_policy '" + policy.path("spec").asText() + "' admits only these "
            + "licenses; each row's license is checked when the version is built."));
    if (cols.contains("license") && q.exists(LakeTables.LICENSES)) {
      long restricted = q.count("SELECT COUNT(*) FROM " + from + " AS d JOIN lake.licenses AS l "
          + "ON d.license = l.license_id WHERE l.\"class\" IN ('non-commercial', "
          + "'research-only')");
      parts.add(new Facts(List.of(new Fact("Rows under non-commercial or research-only terms",
          Long.toString(restricted)))));
    }
    return new Section("Uses", parts);
  }

  private Section distribution(VersionRecord v, VersionName name) {
    List<Part> parts = new ArrayList<>();
    parts.add(new Facts(List.of(new Fact("Query", "SELECT * FROM " + name.sql()),
        new Fact("Iceberg table and tag", name.table() + " @ " + name.version()),
        new Fact("Snapshot", Long.toString(v.snapshotId())),
        new Fact("Manifest", v.manifestUri()))));
    if (q.exists(LakeTables.SHARDS)) {
      List<List<String>> rows = new ArrayList<>();
      for (List<Object> r : q.rows("SELECT options_hash, COUNT(*), SUM(samples), SUM(bytes), "
          + "MAX(created_at) FROM lake.shards WHERE version = " + literal(name.toString())
          + " GROUP BY options_hash ORDER BY 5")) {
        rows.add(r.stream().map(o -> o == null ? "" : String.valueOf(o)).toList());
      }
      parts.add(rows.isEmpty() ? new Paragraph("No WebDataset shard set was written for this "
          + "version.") : new Grid("WebDataset shard sets", List.of("options hash", "shards",
              "samples", "bytes", "written"), rows));
    }
    return new Section("Distribution", parts);
  }

  private Section maintenance(VersionRecord v, VersionName name, JsonNode m) {
    List<Part> parts = new ArrayList<>();
    List<Fact> f = new ArrayList<>();
    f.add(new Fact("Parent version", v.parent() == null ? "none" : v.parent().toString()));
    f.add(new Fact("Recipe", v.recipePath()));
    f.add(new Fact("Recipe sha256", v.recipeSha256()));
    f.add(new Fact("Recipe git commit", v.gitCommit()));
    f.add(new Fact("Items digest", v.itemsDigest()));
    f.add(new Fact("Reproduce", "mmlake dataset verify " + name));
    JsonNode takedown = m.path("takedown");
    if (!takedown.isMissingNode() && !takedown.isNull()) {
      f.add(new Fact("Takedown", takedown.toString()));
    }
    String children = q.rows("SELECT name FROM lake.versions WHERE parent = "
        + literal(name.toString()) + " ORDER BY name").stream()
        .map(r -> String.valueOf(r.get(0))).collect(Collectors.joining(", "));
    f.add(new Fact("Later versions built on it", children.isEmpty() ? "none" : children));
    parts.add(new Facts(f));
    JsonNode cost = m.path("cost");
    if (cost.isObject() && cost.has("amount")) {
      parts.add(new Facts(List.of(
          new Fact("Cost to build", Numbers.format(cost.path("amount").asDouble()) + " "
              + cost.path("currency").asText()),
          new Fact("CPU seconds", Numbers.format(cost.path("cpu_seconds").asDouble())),
          new Fact("GPU seconds", Numbers.format(cost.path("gpu_seconds").asDouble())),
          new Fact("Memory GB-s", Numbers.format(cost.path("memory_gb_seconds").asDouble())),
          new Fact("Wall seconds", Numbers.format(cost.path("wall_seconds").asDouble())))));
    }
    if (q.exists(LakeTables.METRICS) && q.exists(LakeTables.LINEAGE_EVENTS)) {
      parts.add(new Chart("Cost of the recipe's statements by stage (obs.metrics)",
          cost.path("currency").asText("USD"), q.bars("SELECT m.stage, SUM(m.\"value\") FROM "
          + "obs.metrics AS m WHERE m.metric = 'cost' AND (m.labels IS NULL OR m.labels NOT LIKE "
          + "'%basis%') AND m.run_id IN (SELECT e.run_id FROM obs.lineage_events AS e WHERE "
          + "e.event_type = 'START' AND e.parent_run_id IN (SELECT r.run_id FROM "
          + "obs.lineage_events AS r WHERE r.job_name = " + literal("recipe:" + name)
          + ")) GROUP BY m.stage ORDER BY 2 DESC")));
    }
    return new Section("Maintenance", parts);
  }

  private static List<Bar> sorted(Map<String, Double> m) {
    return m.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .map(e -> new Bar(e.getKey(), e.getValue())).toList();
  }
}
