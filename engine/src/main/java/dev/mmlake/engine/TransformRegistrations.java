package dev.mmlake.engine;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.StatementContext;
import dev.mmlake.transforms.TransformDef;
import dev.mmlake.transforms.TransformRegistry;
import dev.mmlake.transforms.TransformUses;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the transforms a statement used in {@code lake.transforms}, after its own commit: a
 * side write like the embedding cache, made only when the statement wrote rows (to its target or
 * to a side table) in a read-write session. A query whose rows only go to the client produced no
 * lake data and registers nothing; a read-only session never registers (it cannot call a function
 * that writes tables, such as EMBED_TEXT, at all). A failed registration does not undo the
 * statement: it is reported as a warning, as a lost side write is.
 */
final class TransformRegistrations {
  private static final Logger LOG = LoggerFactory.getLogger(TransformRegistrations.class);

  private TransformRegistrations() {
  }

  static void afterCommit(Session session, StatementContext context, boolean wrote,
      List<Long> snapshots, Map<String, Long> sideWrites, List<String> warnings) {
    List<TransformDef> used = TransformUses.take(context);
    if (used.isEmpty() || !wrote || session.access().isReadOnly()) {
      return;
    }
    try {
      TransformRegistry.Registered r = new TransformRegistry(session.lakehouse())
          .register(used, context.runId());
      if (r.snapshotId() >= 0) {
        snapshots.add(r.snapshotId());
        sideWrites.merge(LakeTables.TRANSFORMS.toString(), r.rows(), Long::sum);
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not register {} transform(s) of run {}: {}", used.size(), context.runId(),
          e.getMessage());
      warnings.add("Side write lost: " + used.size() + " transform registration(s) for "
          + LakeTables.TRANSFORMS + " were not committed: " + e.getMessage());
    }
  }
}
