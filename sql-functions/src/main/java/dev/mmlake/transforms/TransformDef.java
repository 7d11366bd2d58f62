package dev.mmlake.transforms;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One registered transform: what it is (name, implementation version, kind, modality, inputs and
 * outputs, whether it is deterministic, the model it depends on) and the config it ran with. Two
 * uses are the same registry row exactly when name, version and {@link #configHash()} agree.
 *
 * @param modelDependency {@code <model>@<model_version>}, or null for a transform without a model
 * @param config the config as JSON; its canonical form ({@link CanonicalJson}) is what is stored
 */
public record TransformDef(String name, String version, TransformKind kind, String modality,
    List<String> inputs, List<String> outputs, boolean deterministic, String modelDependency,
    JsonNode config) {

  public TransformDef {
    requireNonNull(name, "name is null");
    requireNonNull(version, "version is null");
    requireNonNull(kind, "kind is null");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    config = CanonicalJson.normalize(config);
  }

  /** A precompute transform (a SQL function) with a config built by the caller. */
  public static TransformDef precompute(String name, String version, String modality,
      List<String> inputs, List<String> outputs, String modelDependency, ObjectNode config) {
    return new TransformDef(name, version, TransformKind.PRECOMPUTE, modality, inputs, outputs,
        true, modelDependency, config);
  }

  /** A new empty config object. */
  public static ObjectNode newConfig() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** The canonical JSON text of the config. */
  public String configJson() {
    return CanonicalJson.text(config);
  }

  /** sha256 hex of {@link #configJson()}. */
  public String configHash() {
    return CanonicalJson.hash(config);
  }

  /** The entry for a manifest: name, version, kind, model, config and config hash. */
  public ObjectNode toManifestJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("name", name);
    n.put("version", version);
    n.put("kind", kind.sqlName());
    n.put("modality", modality);
    n.put("deterministic", deterministic);
    n.put("model_dependency", modelDependency);
    n.set("config", config);
    n.put("config_hash", configHash());
    return n;
  }

  /** {@code list} as a JSON array text. */
  static String jsonArray(List<String> list) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    list.forEach(a::add);
    return a.toString();
  }
}
