package dev.mmlake.versions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.metric.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * {@code obs.metrics} rows of a built version (stage {@code versions}): its rows and data bytes,
 * and the items added and removed against its parent ({@link VersionDiff}), labelled with the
 * version and parent.
 */
final class VersionMetrics {
  private static final ObjectMapper JSON = new ObjectMapper();

  private VersionMetrics() {
  }

  static List<Metric> of(Lakehouse lakehouse, VersionRecord v) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("version", v.name().toString());
    if (v.parent() != null) {
      labels.put("parent", v.parent().toString());
    }
    String l = json(labels);
    List<Metric> out = new ArrayList<>();
    out.add(new Metric("versions", "version_rows", v.rowCount(), "rows", l));
    Table t = lakehouse.catalog().loadTable(v.name().table());
    Snapshot s = t.snapshot(v.snapshotId());
    String size = s == null || s.summary() == null ? null : s.summary().get("total-files-size");
    if (size != null) {
      out.add(new Metric("versions", "version_bytes", Double.parseDouble(size), "bytes", l));
    }
    if (v.parent() != null) {
      List<VersionDiff.Change> changes = new VersionDiff(lakehouse).compute(v.parent(), v.name());
      long added = changes.stream().filter(c -> VersionDiff.ADDED.equals(c.change())).count();
      out.add(new Metric("versions", "diff_added", added, "rows", l));
      out.add(new Metric("versions", "diff_removed", changes.size() - added, "rows", l));
    }
    return out;
  }

  private static String json(Map<String, String> labels) {
    try {
      return JSON.writeValueAsString(labels);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write metric labels as JSON", e);
    }
  }
}
