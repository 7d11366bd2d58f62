package dev.mmlake.loader.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.error.ErrorCode;
import dev.mmlake.loader.LoaderSample;
import dev.mmlake.loader.SampleTransform;
import dev.mmlake.transforms.CanonicalJson;
import dev.mmlake.transforms.TransformDef;
import dev.mmlake.transforms.TransformException;
import dev.mmlake.transforms.TransformKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A version's live transforms in order, and their contract: the seed policy plus each transform's
 * id and config hash, hashed as canonical JSON ({@link #contractHash()}). The manifest stores the
 * contract ({@link #contract()}); the loader rebuilds the pipeline from it
 * ({@link #fromContract}) and refuses a contract it cannot reproduce. Thread-safe.
 */
public final class LivePipeline implements SampleTransform {
  /**
   * How each transform's random stream is seeded; part of the contract, so a loader that seeds
   * differently refuses old contracts instead of silently changing the augmentation.
   */
  public static final String SEED_POLICY = "live_v1: splitmix64(seed, epoch, "
      + "sha256(sample_key)[0:8], transform_position)";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final List<LiveTransform> transforms;

  private LivePipeline(List<LiveTransform> transforms) {
    this.transforms = List.copyOf(transforms);
  }

  /** No live transforms. */
  public static LivePipeline empty() {
    return new LivePipeline(List.of());
  }

  /** Builds the pipeline of {@code specs}; fails naming an unknown id or a bad config. */
  public static LivePipeline of(List<LiveTransformSpec> specs) {
    List<LiveTransform> out = new ArrayList<>();
    specs.forEach(s -> out.add(LiveTransforms.create(s)));
    return new LivePipeline(out);
  }

  public List<LiveTransform> transforms() {
    return transforms;
  }

  /** The random stream of the transform at {@code position} for sample {@code key}. */
  public static LiveRandom random(long seed, long epoch, String key, int position) {
    return LiveRandom.of(seed, epoch, key, position);
  }

  @Override
  public LoaderSample apply(LoaderSample sample, long seed, long epoch) {
    LoaderSample s = sample;
    for (int i = 0; i < transforms.size(); i++) {
      s = transforms.get(i).apply(s, LiveRandom.of(seed, epoch, sample.key(), i));
    }
    return s;
  }

  /** The hashed part of the contract: seed policy and (id, config hash) per transform. */
  private ObjectNode hashed() {
    ObjectNode n = JSON.objectNode();
    n.put("seed_policy", SEED_POLICY);
    ArrayNode list = n.putArray("transforms");
    for (LiveTransform t : transforms) {
      list.addObject().put("id", t.id()).put("config_hash", CanonicalJson.hash(t.config()));
    }
    return n;
  }

  /** sha256 of the canonical JSON of the seed policy and each transform's id and config hash. */
  public String contractHash() {
    return CanonicalJson.hash(hashed());
  }

  /**
   * The contract for a manifest: {@code seed_policy}, {@code transforms} (position, id, name,
   * version, modality, effective config, config hash) and {@code contract_hash}.
   */
  public ObjectNode contract() {
    ObjectNode n = JSON.objectNode();
    n.put("seed_policy", SEED_POLICY);
    ArrayNode list = n.putArray("transforms");
    for (int i = 0; i < transforms.size(); i++) {
      LiveTransform t = transforms.get(i);
      TransformDef d = def(t);
      ObjectNode e = list.addObject();
      e.put("position", i);
      e.put("id", t.id());
      e.put("name", d.name());
      e.put("version", d.version());
      e.put("modality", t.modality());
      e.set("config", d.config());
      e.put("config_hash", d.configHash());
    }
    n.put("contract_hash", contractHash());
    return n;
  }

  /**
   * Rebuilds the pipeline from a manifest's contract (null or missing: none) and checks that it
   * reproduces the stored seed policy and contract hash.
   *
   * @throws TransformException naming the transform or the mismatch when this loader does not
   *     know the contract
   */
  public static LivePipeline fromContract(JsonNode contract, String version) {
    if (contract == null || contract.isNull() || contract.isMissingNode()) {
      return empty();
    }
    String policy = contract.path("seed_policy").asText();
    if (!SEED_POLICY.equals(policy)) {
      throw new TransformException(ErrorCode.UNSUPPORTED, "%s pins live transforms seeded by "
          + "'%s'; this loader seeds by '%s' and cannot reproduce them: use the mmlake release "
          + "that built the version", version, policy, SEED_POLICY);
    }
    List<LiveTransformSpec> specs = new ArrayList<>();
    for (JsonNode e : contract.path("transforms")) {
      String id = e.path("id").asText();
      if (!LiveTransforms.known().contains(id)) {
        throw new TransformException(ErrorCode.UNSUPPORTED, "%s pins live transform '%s', which "
            + "this loader does not know (it knows %s): use the mmlake release that built the "
            + "version", version, id, String.join(", ", LiveTransforms.known()));
      }
      specs.add(new LiveTransformSpec(id, e.get("config")));
    }
    LivePipeline p = of(specs);
    String stored = contract.path("contract_hash").asText();
    if (!p.contractHash().equals(stored)) {
      throw new TransformException(ErrorCode.UNSUPPORTED, "%s pins live transform contract %s, "
          + "but its transforms and configs give %s here: the contract was written by another "
          + "mmlake release or edited; rebuild the version", version, stored, p.contractHash());
    }
    return p;
  }

  /** The registry rows of the live transforms. */
  public List<TransformDef> defs() {
    return transforms.stream().map(LivePipeline::def).toList();
  }

  private static TransformDef def(LiveTransform t) {
    int cut = t.id().lastIndexOf("_v");
    return new TransformDef(t.id().substring(0, cut), t.id().substring(cut + 1),
        TransformKind.LIVE, t.modality(), List.of(t.modality()), List.of(t.modality()), true,
        null, t.config());
  }
}
