package dev.mmlake.lineage;

import static dev.mmlake.lineage.LakeRows.text;

import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.error.InvalidArgumentException;
import dev.mmlake.versions.LicenseBook;
import dev.mmlake.versions.VersionName;
import dev.mmlake.versions.VersionRecord;
import dev.mmlake.versions.VersionStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;

/**
 * Lineage read backwards: which items of a dataset version share one upstream fact. The kinds:
 * <ul>
 *   <li>{@code source_file}: read from a file (its full path, its file name, or for a row of a
 *       Parquet file {@code <path>#row=<n>} the path);</li>
 *   <li>{@code connector}: ingested by a connector ({@code read_coco} or
 *       {@code read_coco@<version>});</li>
 *   <li>{@code ingest_run}: ingested by an {@code obs.runs} run id;</li>
 *   <li>{@code license}: with a license id or of a license class;</li>
 *   <li>{@code quality_rule}: with a quality decision of a rules version or a reason code
 *       ({@code too_short}, {@code ok});</li>
 *   <li>{@code dedup}: with a dedup decision of a method or in a cluster.</li>
 * </ul>
 */
public final class LineageItems {
  /** One matching item; {@code matched} is the upstream value that matched. */
  public record Match(String itemId, String source, String sourceId, String matched) {
  }

  public static final List<String> KINDS = List.of("source_file", "connector", "ingest_run",
      "license", "quality_rule", "dedup");

  private final LakeRows rows;

  public LineageItems(Lakehouse lakehouse) {
    this.rows = new LakeRows(lakehouse);
  }

  /** The items of {@code version} whose {@code kind} fact is {@code value}, by item id. */
  public List<Match> find(String version, String kind, String value) {
    String k = kind == null ? "" : kind.strip().toLowerCase(Locale.ROOT);
    InvalidArgumentException.check(KINDS.contains(k), "LINEAGE_ITEMS kind '%s' is not one of "
        + "%s, e.g. LINEAGE_ITEMS('coco@v002', 'source_file', '/data/coco/000000000139.jpg')",
        kind, KINDS);
    InvalidArgumentException.check(value != null && !value.isBlank(),
        "LINEAGE_ITEMS needs a value to match for kind %s", k);
    VersionRecord v = new VersionStore(rows.lakehouse()).require(VersionName.parse(version));
    Map<String, Record> members = new HashMap<>();
    for (Record r : rows.read(v.name().table(), v.snapshotId(), Expressions.alwaysTrue(),
        r -> true)) {
      members.put(text(r, "id"), r);
    }
    String val = value.strip();
    Map<String, String> matched = switch (k) {
      case "source_file" -> fromItems(r -> sameFile(text(r, "source_file"), val));
      case "connector" -> fromItems(r -> {
        String c = text(r, "connector");
        String full = c + "@" + text(r, "connector_version");
        return val.equalsIgnoreCase(c) || val.equalsIgnoreCase(full) ? full : null;
      });
      case "ingest_run" -> fromItems(r -> val.equals(text(r, "run_id")) ? val : null);
      case "license" -> license(val);
      case "quality_rule" -> fromTable(LakeTables.QUALITY, r -> {
        String reason = text(r, "reason");
        String code = reason == null ? null : reason.split(":", 2)[0].strip();
        return val.equals(text(r, "rules_version")) || val.equals(code)
            ? text(r, "rules_version") + " " + (reason == null ? text(r, "status") : reason)
            : null;
      });
      default -> fromTable(LakeTables.DEDUP, r -> val.equals(text(r, "method"))
          || val.equals(text(r, "cluster_id")) ? text(r, "method") + " cluster "
          + text(r, "cluster_id") + (Boolean.FALSE.equals(r.getField("kept")) ? " removed"
          : " kept") : null);
    };
    List<Match> out = new ArrayList<>();
    matched.forEach((id, why) -> {
      Record m = members.get(id);
      if (m != null) {
        out.add(new Match(id, text(m, "source"), text(m, "source_id"), why));
      }
    });
    out.sort(Comparator.comparing(Match::itemId));
    return out;
  }

  private static String sameFile(String file, String value) {
    if (file == null) {
      return null;
    }
    String path = file.contains("#") ? file.substring(0, file.indexOf('#')) : file;
    boolean hit = file.equals(value) || path.equals(value)
        || path.endsWith("/" + value) || path.endsWith("\\" + value);
    return hit ? file : null;
  }

  private Map<String, String> license(String value) {
    LicenseBook book = LicenseBook.of(rows.lakehouse());
    return fromItems(r -> {
      String id = text(r, "license");
      String cls = book.classOf(id).sqlName();
      return value.equalsIgnoreCase(String.valueOf(id)) || value.equalsIgnoreCase(cls)
          ? id + " (" + cls + ")" : null;
    });
  }

  private Map<String, String> fromItems(Function<Record, String> test) {
    Map<String, String> out = new HashMap<>();
    for (Record r : rows.read(LakeTables.ITEMS, null, Expressions.alwaysTrue(),
        r -> test.apply(r) != null)) {
      out.put(text(r, "id"), test.apply(r));
    }
    return out;
  }

  private Map<String, String> fromTable(TableIdentifier table,
      Function<Record, String> test) {
    Map<String, String> out = new HashMap<>();
    for (Record r : rows.read(table, null, Expressions.alwaysTrue(), r -> test.apply(r) != null)) {
      out.merge(text(r, "item_id"), test.apply(r), (a, b) -> a + "; " + b);
    }
    return out;
  }
}
