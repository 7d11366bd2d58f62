package dev.mmlake.versions;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.engine.Session;
import dev.mmlake.engine.obs.CatalogMetrics;
import dev.mmlake.engine.obs.LineageJob;
import dev.mmlake.engine.obs.Observability;
import dev.mmlake.engine.obs.ResourceUsage;
import dev.mmlake.engine.obs.RunObservation;
import dev.mmlake.engine.obs.RunOutcome;
import dev.mmlake.metric.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenLineage run of one recipe build: job {@code recipe:<dataset>@<version>}, START when the
 * build begins, COMPLETE or FAIL when it ends; the recipe's statements carry it as their parent
 * run. Its cost so far goes into the version's manifest. Observability never fails the build.
 */
final class RecipeObservation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecipeObservation.class);

  private final Session session;
  private final LineageJob previousParent;
  private final LineageJob job;
  private final RunObservation run;

  private RecipeObservation(Session session, Recipe recipe, Map<TableIdentifier, Long> reads) {
    this.session = session;
    this.previousParent = session.lineageParent();
    this.job = new LineageJob(UUID.randomUUID().toString(), "recipe:" + recipe.name(),
        LineageJob.RECIPE, recipe.text(), previousParent);
    RunObservation started = null;
    try {
      started = session.engine().observability().start(job, reads);
    } catch (RuntimeException e) {
      LOG.warn("No lineage for the build of {}: {}", recipe.name(), e.getMessage());
    }
    this.run = started;
    session.lineageParent(job);
  }

  /** Emits START for {@code recipe}; its statements on {@code session} belong to this run. */
  static RecipeObservation start(Session session, Recipe recipe, RecipeReferences refs,
      TableStates states) {
    return new RecipeObservation(session, recipe, reads(session, refs, states));
  }

  /** The tables the recipe names, at the snapshot they had before the build. */
  static Map<TableIdentifier, Long> reads(Session session, RecipeReferences refs,
      TableStates states) {
    Map<TableIdentifier, Long> out = new LinkedHashMap<>();
    for (RecipeReferences.Ref r : refs.tables()) {
      Long before = states.before(r.table());
      if (before == null) {
        continue; // created by the recipe itself
      }
      Long snapshot = before;
      if (r.ref() != null) {
        Table t = session.lakehouse().catalog().loadTable(r.table());
        var named = t.refs().get(r.ref());
        snapshot = named != null ? Long.valueOf(named.snapshotId()) : before;
      }
      out.putIfAbsent(r.table(), snapshot);
    }
    return out;
  }

  /** The {@code cost} object of the manifest: resources used so far and their price. */
  ObjectNode costSoFar() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    if (run == null) {
      return n;
    }
    Observability obs = session.engine().observability();
    ResourceUsage u = run.usageSoFar();
    n.put("cpu_seconds", u.cpuSeconds());
    n.put("gpu_seconds", u.gpuSeconds());
    n.put("memory_gb_seconds", u.memoryGbSeconds());
    n.put("wall_seconds", u.wallSeconds());
    n.put("amount", obs.prices().price(u));
    n.put("currency", obs.prices().currency());
    n.put("priced_by", "cost.* settings (docs/observability.md)");
    return n;
  }

  /** Ends the run with COMPLETE, and records the version's size and diff to its parent. */
  void complete(VersionRecord version, RecipeReferences refs, TableStates states,
      Set<Long> snapshots) {
    finish(() -> {
      List<Long> snaps = new ArrayList<>(snapshots);
      snaps.add(version.snapshotId());
      run.finish(new RunOutcome(true, null, reads(session, refs, states),
          List.of(version.name().table(), LakeTables.VERSIONS), snaps, 0, version.rowCount(), 0,
          List.of(), 0));
      session.engine().observability().metrics(job.runId(), () -> {
        List<Metric> metrics = new ArrayList<>(VersionMetrics.of(session.lakehouse(), version));
        metrics.addAll(CatalogMetrics.of(session.lakehouse()));
        return metrics;
      });
    });
  }

  /** Ends the run with FAIL. */
  void fail(RuntimeException error, RecipeReferences refs, TableStates states) {
    finish(() -> run.finish(new RunOutcome(false, error.getMessage(),
        reads(session, refs, states), List.of(), List.of(), 0, 0, 0, List.of(), 0)));
  }

  private void finish(Runnable action) {
    if (run == null) {
      return;
    }
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("No COMPLETE/FAIL lineage event for {}: {}", job.name(), e.getMessage());
    }
  }

  /** Gives the session back its previous parent run. */
  @Override
  public void close() {
    session.lineageParent(previousParent);
  }
}
