package dev.mmlake.catalog;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Reads the environment layer of the settings and names unknown keys. */
final class SettingLayers {
  private static final String PREFIX = "MMLAKE_";

  private SettingLayers() {
  }

  /**
   * The settings given as {@code MMLAKE_<KEY>} variables, then the deprecated names where the new
   * one is unset; adds a warning for each deprecated name used and each unknown
   * {@code MMLAKE_*} variable.
   */
  static Map<String, String> fromEnv(Map<String, String> env, List<String> warnings) {
    Map<String, String> out = new HashMap<>();
    Map<String, String> keyByEnv = new HashMap<>();
    for (Settings.Setting s : Settings.all()) {
      keyByEnv.put(s.env(), s.key());
    }
    for (String name : new TreeSet<>(env.keySet())) {
      String v = env.get(name);
      if (!name.startsWith(PREFIX) || v == null || v.isBlank()) {
        continue;
      }
      if (keyByEnv.containsKey(name)) {
        out.put(keyByEnv.get(name), v.trim());
      } else if (Settings.DEPRECATED_ENV.containsKey(name)) {
        String key = Settings.DEPRECATED_ENV.get(name);
        warnings.add(name + " is deprecated: use " + Settings.envName(key));
        if (!env.containsKey(Settings.envName(key))) {
          out.put(key, v.trim());
        }
      } else if (!Settings.OTHER_ENV.contains(name)) {
        warnings.add("Unknown setting " + name + " in the environment (did you mean "
            + Settings.closest(name, true) + "?); it is ignored");
      }
    }
    return out;
  }

  /** The variable a value of {@code key} from the environment came from. */
  static String envSource(String key, Map<String, String> env) {
    String name = Settings.envName(key);
    if (env.get(name) != null && !env.get(name).isBlank()) {
      return name;
    }
    return Settings.DEPRECATED_ENV.entrySet().stream()
        .filter(e -> e.getValue().equals(key)).map(Map.Entry::getKey).findFirst().orElse(name);
  }

  /** Adds a warning for each key of a properties file that is no setting. */
  static void unknownKeys(Collection<String> keys, String file, List<String> warnings) {
    for (String k : new TreeSet<>(keys)) {
      if (!Settings.isKnown(k)) {
        warnings.add("Unknown setting " + k + " in " + file + " (did you mean "
            + Settings.closest(k, false) + "?)");
      }
    }
  }
}
