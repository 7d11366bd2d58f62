package dev.mmlake.loader.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * A live transform's identity and config: its versioned id, its modality and the effective config
 * its subclass's constructor reads through {@link #settings()} (defaults filled in as they are
 * read, so the config hash covers every key).
 */
abstract class ConfiguredTransform implements LiveTransform {
  private final String id;
  private final String modality;
  private final LiveConfig settings;

  ConfiguredTransform(String id, String modality, JsonNode given, Set<String> keys) {
    this.id = id;
    this.modality = modality;
    this.settings = new LiveConfig(id, given, keys);
  }

  /** The config reader; subclasses read their values through it in their constructors only. */
  final LiveConfig settings() {
    return settings;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String modality() {
    return modality;
  }

  @Override
  public final ObjectNode config() {
    return settings.effective().deepCopy();
  }
}
