package dev.mmlake.engine.access;

import dev.mmlake.engine.sql.StatementKind;
import dev.mmlake.functions.Effect;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Decides whether a session may run a parsed statement, by what the statement can do rather than
 * by its kind alone: a read-only session may not run a statement that changes data or metadata,
 * nor a query that calls a function with an effect the session is refused
 * ({@link SessionAccess#refusedEffects}). Every function call in the tree counts, wherever it is:
 * nested in another call, in a subquery, a {@code CURSOR(...)} argument, a {@code WITH} item, an
 * {@code EXPLAIN}'d statement or a table function of the {@code FROM} clause. Functions are
 * resolved by their last name against {@link FunctionEffects}, so a qualified or quoted name does
 * not escape the check.
 */
public final class AccessGuard {
  /**
   * Why a statement is refused, with the position of the offending call (0 when the whole
   * statement is refused).
   */
  public record Refusal(String message, int line, int column) {
  }

  private final FunctionEffects effects;
  private final Path casRoot;

  /**
   * @param effects the effects of the session's functions
   * @param casRoot the content store's folder, which decides whether blobs are server files a
   *     read-only session may read
   */
  public AccessGuard(FunctionEffects effects, Path casRoot) {
    this.effects = Objects.requireNonNull(effects, "effects is null");
    this.casRoot = Objects.requireNonNull(casRoot, "casRoot is null");
  }

  /** Why {@code user}'s session with {@code access} may not run {@code node}; empty if it may. */
  public Optional<Refusal> check(SqlNode node, StatementKind kind, SessionAccess access,
      String user) {
    if (!access.isReadOnly()) {
      return Optional.empty();
    }
    if (kind.isWrite()) {
      return Optional.of(new Refusal("Permission denied: user " + user + " is read-only, "
          + kind + " statements are refused; ask an administrator for a read-write user", 0, 0));
    }
    Set<Effect> refused = access.refusedEffects(casRoot);
    CallFinder finder = new CallFinder(refused);
    node.accept(finder);
    if (finder.name == null) {
      return Optional.empty();
    }
    return Optional.of(new Refusal(message(user, finder.name, finder.found),
        finder.pos.getLineNum(), finder.pos.getColumnNum()));
  }

  private static String message(String user, String function, Set<Effect> found) {
    String what = found.stream().map(Effect::description).collect(Collectors.joining(" and "));
    String hint = found.equals(EnumSet.of(Effect.READS_BLOBS))
        ? "read-only users read blob bytes only where the server exposes its content store as a "
            + "data root (mmlake serve --data-root <cas folder>)"
        : "read-only users may only run queries whose functions neither write nor read server "
            + "files; ask an administrator for a read-write user";
    return "Permission denied: user " + user + " is read-only, and " + function + " " + what
        + "; " + hint;
  }

  /** Finds the first call, in tree order, of a function with a refused effect. */
  private final class CallFinder extends SqlBasicVisitor<Void> {
    private final Set<Effect> refused;
    private String name;
    private Set<Effect> found;
    private SqlParserPos pos;

    CallFinder(Set<Effect> refused) {
      this.refused = refused;
    }

    @Override
    public Void visit(SqlCall call) {
      if (name == null && call.getOperator() instanceof SqlFunction f) {
        Set<Effect> hit = EnumSet.noneOf(Effect.class);
        hit.addAll(effects.of(f.getName()));
        hit.retainAll(refused);
        if (!hit.isEmpty()) {
          name = f.getName();
          found = hit;
          pos = call.getParserPosition();
          return null;
        }
      }
      return super.visit(call);
    }
  }
}
