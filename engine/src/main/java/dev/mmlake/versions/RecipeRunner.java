package dev.mmlake.versions;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.SqlStatementException;
import dev.mmlake.engine.StatementResult;
import dev.mmlake.engine.sql.SqlScript;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.loader.live.LivePipeline;
import dev.mmlake.transforms.TransformDef;
import dev.mmlake.transforms.TransformRegistry;
import dev.mmlake.transforms.TransformUses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Builds dataset versions from recipes. {@link #run} executes the recipe's statements in order
 * through the session, writes the final SELECT's rows as one overwrite snapshot of
 * {@code datasets.<dataset>} tagged with the version name, and records the manifest in
 * {@code lake.versions} (and {@code lake.takedowns} for a takedown recipe).
 *
 * <p>Tables the recipe creates in namespace {@code scratch} are dropped when the build ends, so a
 * recipe can always be rerun. Contract: on any failure nothing of the version is visible (no tag, no lake.versions row, the
 * dataset table at its previous snapshot) and the tables the recipe's statements wrote are put back
 * as described in {@link TableStates}. A version name is never reused.
 */
public final class RecipeRunner {
  static final Namespace STAGING = Namespace.of("staging");
  /** Tables a recipe creates here live for one build: they are dropped when it ends. */
  public static final Namespace SCRATCH = Namespace.of("scratch");

  private final Session session;
  private final Lakehouse lakehouse;
  private final VersionStore store;
  private final VersionCheck check;

  public RecipeRunner(Session session) {
    this(session, VersionCheck.none());
  }

  /** A runner that runs {@code check} on every version before recording it. */
  public RecipeRunner(Session session, VersionCheck check) {
    this.session = session;
    this.lakehouse = session.lakehouse();
    this.store = new VersionStore(lakehouse);
    this.check = check;
  }

  /** What a trial build produced (see {@link #dryRun}). */
  public record Trial(VersionName name, long rowCount, String itemsDigest) {
  }

  /** Builds, commits and tags the version of {@code recipe}; returns its lake.versions row. */
  public VersionRecord run(Recipe recipe) {
    VersionName name = recipe.name();
    refuseExisting(name);
    Long parentSnapshot = parentSnapshot(recipe);
    if (recipe.get(Recipe.TAKEDOWN) != null && recipe.parent() == null) {
      throw new RecipeException("%s: a takedown recipe needs a parent version (the version the items "
          + "are taken down from)", where(recipe));
    }
    LivePipeline live = ManifestTransforms.live(recipe, where(recipe));
    long start = System.nanoTime();
    TableStates states = TableStates.capture(lakehouse);
    RecipeReferences refs = RecipeReferences.of(recipe, lakehouse.catalog()::tableExists);
    Set<Long> recipeSnapshots = new HashSet<>();
    try (RecipeObservation observed = RecipeObservation.start(session, recipe, refs, states)) {
      return run(recipe, name, parentSnapshot, start, states, refs, recipeSnapshots, observed,
          live);
    }
  }

  private VersionRecord run(Recipe recipe, VersionName name, Long parentSnapshot, long start,
      TableStates states, RecipeReferences refs, Set<Long> recipeSnapshots,
      RecipeObservation observed, LivePipeline live) {
    ItemStats stats = null;
    DatasetWriter.Written written = null;
    Set<TransformDef> used = new HashSet<>();
    try {
      Table staging = TransformUses.capturing(used, () -> build(recipe, recipeSnapshots));
      try {
        stats = new ItemStats(staging.schema(),
            LicensePolicy.parse(recipe.get(Recipe.LICENSE_POLICY), LicenseBook.of(lakehouse)));
        written = new DatasetWriter(lakehouse).write(staging, name.table(), name.version(), stats);
      } finally {
        dropStaging(staging);
      }
      ObjectNode evals = check.check(recipe, name, written.snapshotId(), recipeSnapshots);
      Instant now = Instant.now();
      ObjectNode takedown = recordTakedowns(recipe, stats, now, recipeSnapshots);
      String recipeUri = lakehouse.cas().put(recipe.text().getBytes(StandardCharsets.UTF_8)).uri();
      GitInfo git = GitInfo.of(recipe.path() == null ? null : Path.of(recipe.path()));
      ManifestFacts facts = new ManifestFacts(lakehouse);
      ObjectNode manifest = Manifest.build(new Manifest.Parts(recipe, recipeUri, git,
          written.snapshotId(), parentSnapshot, now, session.user(), stats,
          facts.inputs(refs, states), facts.models(refs), facts.thresholds(refs, recipe), takedown,
          (System.nanoTime() - start) / 1_000_000));
      manifest.set("cost", observed.costSoFar());
      if (evals != null) {
        manifest.set("evals", evals);
      }
      new ManifestTransforms(lakehouse).pin(manifest, live, used, refs);
      new TransformRegistry(lakehouse).register(live.defs(), "recipe:" + name);
      String json = Manifest.compact(manifest);
      String manifestUri = lakehouse.cas().put(json.getBytes(StandardCharsets.UTF_8)).uri();
      VersionRecord record = new VersionRecord(name, written.snapshotId(), recipe.parent(),
          recipe.description(), recipe.path(), recipe.sha256(), recipeUri, git.commit(),
          stats.rows(), stats.digest(), now, session.user(), json, manifestUri);
      store.append(record);
      states.dropCreated(SCRATCH);
      observed.complete(record, refs, states, recipeSnapshots);
      return record;
    } catch (RuntimeException e) {
      if (written != null) {
        undo(name, written);
      }
      states.restore(recipeSnapshots);
      observed.fail(e, refs, states);
      throw e;
    }
  }

  /**
   * Builds the version of {@code recipe} without keeping anything: runs the statements, computes the
   * row count and items digest, then puts back every table the recipe wrote. Used by verify.
   */
  public Trial dryRun(Recipe recipe) {
    parentSnapshot(recipe);
    ManifestTransforms.live(recipe, where(recipe));
    TableStates states = TableStates.capture(lakehouse);
    Set<Long> recipeSnapshots = new HashSet<>();
    try {
      Table staging = build(recipe, recipeSnapshots);
      try {
        ItemStats stats = new ItemStats(staging.schema(), null);
        try (CloseableIterable<Record> rows = IcebergGenerics.read(staging).build()) {
          rows.forEach(stats::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        stats.finish();
        return new Trial(recipe.name(), stats.rows(), stats.digest());
      } finally {
        dropStaging(staging);
      }
    } finally {
      states.restore(recipeSnapshots);
    }
  }

  /** Runs the setup statements, then the final SELECT into a new staging table. */
  private Table build(Recipe recipe, Set<Long> recipeSnapshots) {
    for (SqlScript.Statement st : recipe.setup()) {
      execute(recipe, st, st.sql(), 0, recipeSnapshots);
    }
    VersionName name = recipe.name();
    TableIdentifier staging = TableIdentifier.of(STAGING, name.dataset() + "__"
        + name.version().replaceAll("[^A-Za-z0-9_]", "_") + "__"
        + UUID.randomUUID().toString().substring(0, 8));
    SqlScript.Statement result = recipe.result();
    execute(recipe, result, "CREATE TABLE " + STAGING + ".\"" + staging.name() + "\" AS\n"
        + result.sql(), 1, recipeSnapshots);
    return lakehouse.catalog().loadTable(staging);
  }

  /** Runs one statement; {@code prefixLines} lines were put before the statement's text. */
  private void execute(Recipe recipe, SqlScript.Statement st, String sql, int prefixLines,
      Set<Long> snapshots) {
    try (StatementResult r = session.execute(sql)) {
      snapshots.addAll(r.snapshotIds());
      if (r.isQuery()) {
        drain(r.resultSet());
      }
    } catch (SqlStatementException e) {
      int line = Recipe.fileLine(st, e.line() - prefixLines);
      String at = e.line() > 0 ? "line " + line + ", column " + e.column()
          : "statement starting at line " + line;
      throw new SqlStatementException(e.code(), where(recipe) + ", " + at + ": " + e.getMessage()
          + " (the version was not built; tables the recipe wrote were put back)", 0, 0, e);
    }
  }

  private static void drain(ResultSet rs) {
    try {
      while (rs.next()) {
        // a query before the final SELECT runs to completion; its rows are not kept
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private void refuseExisting(VersionName name) {
    var existing = store.find(name);
    if (existing.isPresent()) {
      throw new RecipeException(ErrorCode.ALREADY_EXISTS,
          "Version %s already exists (snapshot %d, built %s); versions are "
          + "immutable: give the recipe a new version name", name, existing.get().snapshotId(),
          existing.get().createdAt());
    }
    if (lakehouse.catalog().tableExists(name.table())
        && lakehouse.catalog().loadTable(name.table()).refs().containsKey(name.version())) {
      throw new RecipeException(ErrorCode.ALREADY_EXISTS,
          "Table %s already has a tag or branch named %s; versions are "
          + "immutable: give the recipe a new version name", name.table(), name.version());
    }
  }

  /** The parent's snapshot id, or null without a parent; fails when the parent does not exist. */
  private Long parentSnapshot(Recipe recipe) {
    VersionName parent = recipe.parent();
    if (parent == null) {
      return null;
    }
    SnapshotRef ref = lakehouse.catalog().tableExists(parent.table())
        ? lakehouse.catalog().loadTable(parent.table()).refs().get(parent.version()) : null;
    if (ref == null) {
      throw new RecipeException(ErrorCode.NOT_FOUND,
          "%s: parent version %s does not exist; build it first (e.g. "
          + "mmlake run sql/recipes/%s/%s.sql)", where(recipe), parent, parent.dataset(),
          parent.version());
    }
    return ref.snapshotId();
  }

  /** For a {@code takedown:} recipe, records the items its parent had and it dropped. */
  private ObjectNode recordTakedowns(Recipe recipe, ItemStats stats, Instant now,
      Set<Long> recipeSnapshots) {
    String reason = recipe.get(Recipe.TAKEDOWN);
    if (reason == null) {
      return null;
    }
    VersionName parent = recipe.parent();
    Table t = lakehouse.catalog().loadTable(parent.table());
    long parentSnapshot = t.refs().get(parent.version()).snapshotId();
    boolean hasSource = t.schemas().get(t.snapshot(parentSnapshot).schemaId()) != null
        && t.schemas().get(t.snapshot(parentSnapshot).schemaId()).findField("source") != null;
    List<String> columns = hasSource ? List.of(ItemStats.ID, "source") : List.of(ItemStats.ID);
    List<VersionStore.Takedown> removed = new ArrayList<>();
    List<String> kept = stats.ids();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).useSnapshot(parentSnapshot)
        .select(columns).build()) {
      for (Record r : rows) {
        String id = String.valueOf(r.getField(ItemStats.ID));
        if (Collections.binarySearch(kept, id) < 0) {
          removed.add(new VersionStore.Takedown(id,
              hasSource ? (String) r.getField("source") : null));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String takedownId = UUID.randomUUID().toString();
    String requestedBy = recipe.get(Recipe.REQUESTED_BY);
    long snap = store.appendTakedowns(takedownId, recipe.name(), removed, reason,
        requestedBy != null ? requestedBy : session.user(), now);
    if (snap >= 0) {
      recipeSnapshots.add(snap);
    }
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("takedown_id", takedownId);
    n.put("reason", reason);
    n.put("requested_by", requestedBy);
    n.put("items_removed", removed.size());
    return n;
  }

  /** Takes back a committed version: removes its tag and restores the previous snapshot. */
  private void undo(VersionName name, DatasetWriter.Written written) {
    if (written.createdTable()) {
      lakehouse.catalog().dropTable(name.table(), true);
      return;
    }
    Table t = lakehouse.catalog().loadTable(name.table());
    boolean ours = t.currentSnapshot() != null
        && t.currentSnapshot().snapshotId() == written.snapshotId();
    var ms = t.manageSnapshots().removeTag(name.version());
    if (ours && written.baseSnapshotId() != null) {
      ms.setCurrentSnapshot(written.baseSnapshotId());
    }
    ms.commit();
    if (ours && written.baseSnapshotId() == null) {
      TableStates.clearCurrent(t);
    }
  }

  private void dropStaging(Table staging) {
    TableIdentifier id = TableIdentifier.of(STAGING, staging.name()
        .substring(staging.name().lastIndexOf('.') + 1));
    lakehouse.catalog().dropTable(id, true);
  }

  private static String where(Recipe recipe) {
    return recipe.path() == null ? "recipe " + recipe.name() : recipe.path();
  }
}
