package dev.mmlake.engine.iceberg;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;

/** A relational expression evaluated by reading an Iceberg table (the "ICEBERG" convention). */
public interface IcebergRel extends RelNode {
  /** Calling convention of lakehouse scans before they are converted to enumerable code. */
  Convention CONVENTION = new Convention.Impl("ICEBERG", IcebergRel.class);
}
