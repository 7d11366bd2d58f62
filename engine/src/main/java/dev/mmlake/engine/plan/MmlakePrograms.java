package dev.mmlake.engine.plan;

import dev.mmlake.engine.batch.BatchCallRules;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * The optimization program of mmlake's connections: a first pass extracts batch-function calls
 * from SELECT lists (deterministically, before cost-based planning, so the batched plan is always
 * used), then Calcite's standard program runs with mmlake's rules registered on the planner
 * ({@link MmlakeRules}).
 */
final class MmlakePrograms {
  static final Program PROGRAM;

  static {
    HepProgram extract = new HepProgramBuilder()
        .addMatchOrder(HepMatchOrder.BOTTOM_UP)
        .addRuleInstance(BatchCallRules.EXTRACT)
        .build();
    PROGRAM = Programs.sequence(
        Programs.of(extract, true, DefaultRelMetadataProvider.INSTANCE), Programs.standard());
  }

  private MmlakePrograms() {
  }
}
