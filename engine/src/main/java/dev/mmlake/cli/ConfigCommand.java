package dev.mmlake.cli;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.catalog.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code mmlake config}: every setting's effective value and where it came from (a flag, an
 * {@code MMLAKE_*} variable, the properties file, or the default). Secrets print as {@code ***}.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Print the effective settings and where each came from (docs/configuration.md).")
public final class ConfigCommand implements Callable<Integer> {
  @Mixin LakehouseOptions lakehouse;

  @Override
  public Integer call() {
    LakehouseConfig config = lakehouse.config();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"KEY", "VALUE", "SOURCE"});
    String home = config.home().toString();
    for (Settings.Setting s : Settings.all()) {
      String value = config.get(s.key(), null);
      String shown;
      if (value == null) {
        shown = s.defaultText().isEmpty() ? "(none)" : s.defaultText().replace("<home>", home);
      } else {
        shown = s.secret() ? "***" : value;
      }
      rows.add(new String[] {s.key(), shown, config.source(s.key())});
    }
    for (String key : new TreeSet<>(config.properties().keySet())) {
      if (Settings.find(key).isEmpty()) {
        String label = Settings.isKnown(key) ? config.source(key)
            : config.source(key) + " (unknown key)";
        rows.add(new String[] {key, config.get(key, ""), label});
      }
    }
    int keyWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    int valueWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
    for (String[] r : rows) {
      System.out.printf("%-" + keyWidth + "s  %-" + valueWidth + "s  %s%n", r[0], r[1], r[2]);
    }
    return 0;
  }
}
