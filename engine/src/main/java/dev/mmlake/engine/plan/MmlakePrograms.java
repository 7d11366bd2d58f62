package dev.mmlake.engine.plan;

import dev.mmlake.engine.batch.BatchCallRules;
import dev.mmlake.engine.iceberg.IcebergRelMetadata;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * The optimization program of mmlake's connections: a first pass extracts batch-function calls
 * from SELECT lists (deterministically, before cost-based planning, so the batched plan is always
 * used), then Calcite's standard program runs with mmlake's rules registered on the planner
 * ({@link MmlakeRules}). Both use mmlake's metadata provider, which knows Iceberg's column
 * statistics ({@link IcebergRelMetadata}).
 */
final class MmlakePrograms {
  static final Program PROGRAM;

  static {
    HepProgram extract = new HepProgramBuilder()
        .addMatchOrder(HepMatchOrder.BOTTOM_UP)
        .addRuleInstance(BatchCallRules.EXTRACT)
        .build();
    PROGRAM = Programs.sequence(
        Programs.of(extract, true, IcebergRelMetadata.PROVIDER),
        Programs.standard(IcebergRelMetadata.PROVIDER));
  }

  private MmlakePrograms() {
  }
}
