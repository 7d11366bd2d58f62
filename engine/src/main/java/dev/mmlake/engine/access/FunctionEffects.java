package dev.mmlake.engine.access;

import dev.mmlake.connectors.ConnectorSpec;
import dev.mmlake.connectors.Connectors;
import dev.mmlake.functions.Effect;
import dev.mmlake.functions.FunctionCatalog;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The declared {@link Effect}s of every SQL function a session has, by case-insensitive name:
 * the scalar and table functions of {@link FunctionCatalog} and one table function per source
 * connector ({@link ConnectorSpec#EFFECTS}). A name that is not mmlake's (Calcite's own
 * functions, e.g. {@code UPPER}) has no effect.
 */
public final class FunctionEffects {
  private final Map<String, Set<Effect>> byName;

  private FunctionEffects(Map<String, Set<Effect>> byName) {
    this.byName = byName;
  }

  /** The functions registered now, as a session opened now sees them. */
  public static FunctionEffects registered() {
    Map<String, Set<Effect>> m = new HashMap<>(FunctionCatalog.effects());
    for (ConnectorSpec spec : Connectors.specs().values()) {
      m.put(spec.sqlName().toUpperCase(Locale.ROOT), ConnectorSpec.EFFECTS);
    }
    return new FunctionEffects(Map.copyOf(m));
  }

  /** Exactly the given functions, by name in any case (for tests and embedders). */
  public static FunctionEffects of(Map<String, Set<Effect>> effects) {
    Map<String, Set<Effect>> m = new HashMap<>();
    effects.forEach((name, e) -> m.put(name.toUpperCase(Locale.ROOT), Set.copyOf(e)));
    return new FunctionEffects(Map.copyOf(m));
  }

  /** The effects of the function called {@code sqlName} (any case); empty when unknown or pure. */
  public Set<Effect> of(String sqlName) {
    return byName.getOrDefault(sqlName.toUpperCase(Locale.ROOT), Collections.emptySet());
  }
}
