package dev.mmlake.transforms;

import dev.mmlake.catalog.StatementContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The transforms each running statement has used, collected until the statement ends. A
 * data-producing SQL function calls {@link #record} when it runs; the engine takes the uses when
 * the statement commits ({@link #take}) and registers them in {@code lake.transforms} when the
 * statement wrote data in a read-write session, and drops them otherwise. Keyed weakly by the
 * statement's {@link StatementContext}, so uses of a context nobody takes are not kept.
 * Thread-safe.
 */
public final class TransformUses {
  private static final Map<StatementContext, Set<TransformDef>> USES =
      Collections.synchronizedMap(new WeakHashMap<>());
  private static final ThreadLocal<Set<TransformDef>> CAPTURE = new ThreadLocal<>();

  private TransformUses() {
  }

  /** Records that the statement running on this thread used {@code def}; no-op outside one. */
  public static void record(TransformDef def) {
    StatementContext ctx;
    try {
      ctx = StatementContext.current();
    } catch (IllegalStateException e) {
      return; // not in a statement: nothing to register with
    }
    record(ctx, def);
  }

  /** Records that the statement of {@code ctx} used {@code def}. */
  public static void record(StatementContext ctx, TransformDef def) {
    synchronized (USES) {
      USES.computeIfAbsent(ctx, k -> new LinkedHashSet<>()).add(def);
    }
  }

  /** The distinct uses recorded for {@code ctx} so far, in first-use order, and forgets them. */
  public static List<TransformDef> take(StatementContext ctx) {
    Set<TransformDef> s = USES.remove(ctx);
    if (s == null) {
      return List.of();
    }
    Set<TransformDef> capture = CAPTURE.get();
    if (capture != null) {
      capture.addAll(s);
    }
    return new ArrayList<>(s);
  }

  /**
   * Runs {@code body} and adds to {@code into} every use taken on this thread meanwhile: the
   * transforms of the statements it runs (the engine takes a statement's uses on the thread that
   * executes it). A recipe build uses it to pin the transforms that made a version.
   */
  public static <T> T capturing(Set<TransformDef> into, Supplier<T> body) {
    Set<TransformDef> previous = CAPTURE.get();
    CAPTURE.set(into);
    try {
      return body.get();
    } finally {
      if (previous == null) {
        CAPTURE.remove();
      } else {
        previous.addAll(into);
        CAPTURE.set(previous);
      }
    }
  }
}
