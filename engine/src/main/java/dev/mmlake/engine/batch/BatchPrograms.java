package dev.mmlake.engine.batch;

import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * Installs batched evaluation into Calcite's planning: a first pass extracts batch-function calls
 * from SELECT lists (deterministically, before cost-based planning, so the batched plan is always
 * used), then the standard program runs with a rule that makes the operator executable.
 */
public final class BatchPrograms {
  private static boolean installed;

  private BatchPrograms() {
  }

  /** Installs the hooks once per JVM. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    HepProgram extract = new HepProgramBuilder()
        .addMatchOrder(HepMatchOrder.BOTTOM_UP)
        .addRuleInstance(BatchCallRules.EXTRACT)
        .build();
    Program program = Programs.sequence(Programs.of(extract, true,
        org.apache.calcite.rel.metadata.DefaultRelMetadataProvider.INSTANCE), Programs.standard());
    Hook.PROGRAM.add((org.apache.calcite.util.Holder<Program> holder) -> holder.set(program));
    Hook.PLANNER.add((org.apache.calcite.plan.RelOptPlanner planner) ->
        planner.addRule(BatchCallRules.ENUMERABLE));
  }
}
