package dev.mmlake.evals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.catalog.FailureEvent;
import dev.mmlake.catalog.FailureLog;
import dev.mmlake.engine.Session;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.versions.Recipe;
import dev.mmlake.versions.VersionCheck;
import dev.mmlake.versions.VersionName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.SnapshotRef;

/**
 * The {@link VersionCheck} of {@code mmlake run}: runs the evals a recipe lists in
 * {@code -- evals:} on the new version, checks its {@code -- gate:} lines, and either refuses the
 * version (a row in {@code obs.failures} with stage {@code gate}, then an {@link EvalException}) or
 * records the metrics in {@code lake.evals} with the version's snapshot id and returns the
 * manifest's {@code evals} summary.
 */
public final class EvalGates implements VersionCheck {
  private final Session session;
  private final Path evalsDir;

  public EvalGates(Session session, Path evalsDir) {
    this.session = session;
    this.evalsDir = evalsDir;
  }

  @Override
  public ObjectNode check(Recipe recipe, VersionName name, long snapshotId, Set<Long> snapshots) {
    List<String> evalNames = evalNames(recipe);
    List<Gate> gates = gates(recipe);
    if (evalNames.isEmpty()) {
      if (!gates.isEmpty()) {
        throw new EvalException(ErrorCode.INVALID_ARGUMENT, "Recipe %s declares gates but no "
            + "evals; list the evals whose metrics they test, e.g. -- evals: text_retrieval",
            name);
      }
      return null;
    }
    EvalRunner runner = new EvalRunner(session);
    List<EvalDefinition> defs = new ArrayList<>();
    List<EvalRun> runs = new ArrayList<>();
    for (String e : evalNames) {
      EvalDefinition def = EvalDefinition.read(EvalDefinition.file(evalsDir, e));
      defs.add(def);
      runs.add(runner.run(def, name));
    }
    ArrayNode gateResults = JsonNodeFactory.instance.arrayNode();
    List<String> failed = new ArrayList<>();
    for (Gate g : gates) {
      int i = find(g, runs, name);
      EvalMetric m = runs.get(i).metric(g.metric());
      double parent = g.relative() ? parentValue(recipe, defs.get(i), g, runner) : Double.NaN;
      double bound = g.bound(parent);
      boolean ok = g.passes(m.value(), bound);
      ObjectNode r = gateResults.addObject();
      r.put("gate", g.text());
      r.put("value", m.value());
      r.put("bound", bound);
      r.put("passed", ok);
      if (!ok) {
        failed.add(String.format(Locale.ROOT, "'%s': %s = %.4f, bound %.4f", g.text(),
            g.metric(), m.value(), bound));
      }
    }
    if (!failed.isEmpty()) {
      String message = String.format("Version %s fails %d gate(s): %s; it was not tagged or "
          + "recorded (change the recipe or the gate and run it again)", name, failed.size(),
          String.join("; ", failed));
      FailureLog log = new FailureLog();
      log.record(FailureEvent.of("gate", name.dataset(), null, null, name.toString(),
          "gate_failed", message, false));
      log.flush(session.lakehouse(), runs.get(0).runId());
      throw new EvalException(ErrorCode.VALIDATION_ERROR, "%s", message);
    }
    EvalStore store = new EvalStore(session.lakehouse());
    ArrayNode runNodes = JsonNodeFactory.instance.arrayNode();
    for (EvalRun run : runs) {
      long snap = store.append(run);
      if (snap >= 0) {
        snapshots.add(snap);
      }
      runNodes.add(EvalSummary.of(run, snap));
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("runs", runNodes);
    out.set("gates", gateResults);
    return out;
  }

  private static List<String> evalNames(Recipe recipe) {
    List<String> out = new ArrayList<>();
    String v = recipe.get(Recipe.EVALS);
    if (v != null) {
      for (String s : v.split(",")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  private static List<Gate> gates(Recipe recipe) {
    List<Gate> out = new ArrayList<>();
    String v = recipe.get(Recipe.GATE);
    if (v != null) {
      for (String line : v.split("\n")) {
        if (!line.isBlank()) {
          out.add(Gate.parse(line));
        }
      }
    }
    return out;
  }

  /** The index of the run holding the gate's metric; exactly one must. */
  private static int find(Gate g, List<EvalRun> runs, VersionName name) {
    int found = -1;
    for (int i = 0; i < runs.size(); i++) {
      EvalRun r = runs.get(i);
      boolean evalMatches = g.eval() == null
          || (!r.metrics().isEmpty() && r.metrics().get(0).eval().equals(g.eval()));
      if (evalMatches && r.metric(g.metric()) != null) {
        if (found >= 0) {
          throw new EvalException(ErrorCode.INVALID_ARGUMENT, "Gate '%s': several evals return "
              + "%s; name one, e.g. -- gate: %s/%s ...", g.text(), g.metric(),
              runs.get(found).metrics().get(0).eval(), g.metric());
        }
        found = i;
      }
    }
    if (found < 0) {
      throw new EvalException(ErrorCode.INVALID_ARGUMENT, "Gate '%s': no eval listed in the "
          + "recipe's -- evals: returned metric %s for %s", g.text(), g.metric(), name);
    }
    return found;
  }

  /** The parent's value of the gate's metric: recorded in lake.evals, or evaluated now. */
  private double parentValue(Recipe recipe, EvalDefinition def, Gate g, EvalRunner runner) {
    VersionName parent = recipe.parent();
    if (parent == null) {
      throw new EvalException(ErrorCode.INVALID_ARGUMENT, "Gate '%s' compares with the parent, "
          + "but recipe %s has parent: none", g.text(), recipe.name());
    }
    SnapshotRef ref = session.lakehouse().catalog().loadTable(parent.table()).refs()
        .get(parent.version());
    Map<String, EvalMetric> recorded = new EvalStore(session.lakehouse())
        .latest(parent, ref.snapshotId());
    EvalMetric m = recorded.get(def.name() + "/" + g.metric());
    if (m == null) {
      m = runner.run(def, parent).metric(g.metric());
    }
    if (m == null) {
      throw new EvalException(ErrorCode.VALIDATION_ERROR, "Gate '%s': eval %s returns no %s for "
          + "the parent %s", g.text(), def.name(), g.metric(), parent);
    }
    return m.value();
  }
}
