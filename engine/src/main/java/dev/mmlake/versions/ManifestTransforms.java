package dev.mmlake.versions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.loader.live.LivePipeline;
import dev.mmlake.loader.live.LiveTransformSpec;
import dev.mmlake.transforms.PrecomputeTransforms;
import dev.mmlake.transforms.TransformDef;
import dev.mmlake.transforms.TransformException;
import dev.mmlake.transforms.TransformKind;
import dev.mmlake.transforms.TransformRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The transforms a version's manifest pins (docs/transforms.md): {@code transforms}, every
 * precompute transform that made the version's data, then the live ones; and
 * {@code live_contract}, the loader's seed policy, the live transforms with their config hashes and
 * the contract hash. Precompute transforms are those the recipe's statements ran (with the exact
 * configs they used) and, for each lake table the recipe reads that a transform fills
 * ({@link PrecomputeTransforms#PRODUCERS}, e.g. lake.quality by QUALITY_SCORE), every config of
 * that transform registered in {@code lake.transforms}. Precompute entries are sorted by name,
 * version and config hash; live ones follow in the recipe's order.
 */
final class ManifestTransforms {
  private final Lakehouse lakehouse;

  ManifestTransforms(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  /** The recipe's live transforms; refuses an unknown name or a bad config, naming the recipe. */
  static LivePipeline live(Recipe recipe, String where) {
    List<LiveTransformSpec> specs = new ArrayList<>();
    String lines = recipe.get(Recipe.LIVE_TRANSFORM);
    try {
      if (lines != null) {
        for (String line : lines.split("\n")) {
          specs.add(LiveTransformSpec.parse(line));
        }
      }
      return LivePipeline.of(specs);
    } catch (TransformException e) {
      throw new RecipeException(e.code(), e, "%s: %s", where, e.getMessage());
    }
  }

  /** Sets {@code transforms} and {@code live_contract} on {@code manifest}. */
  void pin(ObjectNode manifest, LivePipeline live, Collection<TransformDef> used,
      RecipeReferences refs) {
    Map<String, TransformDef> precompute = new TreeMap<>(); // by name, version, config hash
    Map<String, String> via = new LinkedHashMap<>();
    for (TransformDef d : sorted(used)) {
      if (d.kind() == TransformKind.PRECOMPUTE) {
        precompute.putIfAbsent(key(d), d);
        via.putIfAbsent(key(d), "recipe");
      }
    }
    Set<String> producers = new TreeSet<>();
    Map<String, String> producedTable = new LinkedHashMap<>();
    for (Map.Entry<TableIdentifier, List<String>> e : PrecomputeTransforms.PRODUCERS.entrySet()) {
      if (refs.reads(e.getKey())) {
        e.getValue().forEach(n -> {
          producers.add(n);
          producedTable.putIfAbsent(n, e.getKey().toString());
        });
      }
    }
    if (!producers.isEmpty()) {
      for (TransformDef d : sorted(new TransformRegistry(lakehouse).all())) {
        if (d.kind() == TransformKind.PRECOMPUTE && producers.contains(d.name())) {
          precompute.putIfAbsent(key(d), d);
          via.putIfAbsent(key(d), "input:" + producedTable.get(d.name()));
        }
      }
    }
    ArrayNode out = manifest.putArray("transforms");
    precompute.forEach((k, d) -> out.add(d.toManifestJson().put("source", via.get(k))));
    ObjectNode contract = live.contract();
    for (var e : contract.get("transforms")) {
      ObjectNode n = out.addObject();
      n.put("name", e.get("name").asText());
      n.put("version", e.get("version").asText());
      n.put("kind", TransformKind.LIVE.sqlName());
      n.put("id", e.get("id").asText());
      n.put("position", e.get("position").asInt());
      n.put("modality", e.get("modality").asText());
      n.set("config", e.get("config"));
      n.put("config_hash", e.get("config_hash").asText());
    }
    manifest.set("live_contract", contract);
  }

  private static String key(TransformDef d) {
    return d.name() + "\u0000" + d.version() + "\u0000" + d.configHash();
  }

  private static List<TransformDef> sorted(Collection<TransformDef> defs) {
    List<TransformDef> l = new ArrayList<>(defs);
    l.sort(Comparator.comparing(TransformDef::name).thenComparing(TransformDef::version)
        .thenComparing(TransformDef::configHash));
    return l;
  }
}
