package dev.mmlake.connectors;

import dev.mmlake.catalog.Check;
import dev.mmlake.catalog.LakeTables;
import dev.mmlake.catalog.Lakehouse;
import dev.mmlake.catalog.TableAppender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The license tables, kept as data under {@code sql/} (on the classpath as {@code mmlake/sql/}):
 * <ul>
 *   <li>{@value #LICENSES} ({@code license_id,class,name,url}): each SPDX or {@code LicenseRef-}
 *       id with its {@link LicenseClass}; seeded into {@code lake.licenses};</li>
 *   <li>{@value #SOURCES} ({@code source,license_id,license_terms}): the id a source's items
 *       carry by default and the source's own wording, which goes to
 *       {@code lake.items.license_terms}.</li>
 * </ul>
 * Fields are plain: no quoting, so no field may contain a comma. Ids compare case-insensitively.
 * Immutable.
 */
public final class Licenses {
  public static final String LICENSES = "/mmlake/sql/licenses.csv";
  public static final String SOURCES = "/mmlake/sql/source_licenses.csv";
  private static final String LICENSES_HEADER = "license_id,class,name,url";
  private static final String SOURCES_HEADER = "source,license_id,license_terms";
  private static final Pattern CC_URL =
      Pattern.compile("https?://creativecommons\\.org/licenses/([a-z-]+)/(\\d\\.\\d)/?");

  /** One license id and its class. */
  public record License(String id, LicenseClass licenseClass, String name, String url) {
  }

  /** The license a source's items carry unless the connector knows better per item. */
  public record SourceLicense(String source, String licenseId, String terms) {
  }

  private final Map<String, License> byId;
  private final Map<String, SourceLicense> bySource;

  private Licenses(Map<String, License> byId, Map<String, SourceLicense> bySource) {
    this.byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
    this.bySource = Collections.unmodifiableMap(new LinkedHashMap<>(bySource));
  }

  /** The tables shipped with mmlake. */
  public static Licenses load() {
    try (Reader licenses = resource(LICENSES); Reader sources = resource(SOURCES)) {
      return parse(licenses, LICENSES, sources, SOURCES);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the license tables", e);
    }
  }

  private static Reader resource(String name) {
    InputStream in = Licenses.class.getResourceAsStream(name);
    Check.state(in != null, "License table %s is missing from the classpath; rebuild "
        + "mmlake-sql-functions (it copies sql/*.csv)", name);
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  /**
   * Parses the two CSV tables; the origins name them in error messages. Every source must name a
   * license id of the first table.
   */
  public static Licenses parse(Reader licenses, String licensesOrigin, Reader sources,
      String sourcesOrigin) throws IOException {
    Map<String, License> byId = new LinkedHashMap<>();
    for (Line l : lines(licenses, licensesOrigin, LICENSES_HEADER)) {
      LicenseClass c = LicenseClass.find(l.f[1]).orElseThrow(() -> new IllegalArgumentException(
          l.where() + ": class '" + l.f[1] + "' is not one of permissive, attribution, "
          + "share-alike, non-commercial, research-only, unknown"));
      String id = l.f[0];
      Check.argument(!id.isEmpty() && !byId.containsKey(key(id)),
          "%s: license id '%s' is empty or listed twice", l.where(), id);
      byId.put(key(id), new License(id, c, l.f[2], l.f[3].isEmpty() ? null : l.f[3]));
    }
    Map<String, SourceLicense> bySource = new LinkedHashMap<>();
    for (Line l : lines(sources, sourcesOrigin, SOURCES_HEADER)) {
      String source = l.f[0];
      Check.argument(!source.isEmpty() && !bySource.containsKey(source),
          "%s: source '%s' is empty or listed twice", l.where(), source);
      License lic = byId.get(key(l.f[1]));
      Check.argument(lic != null, "%s: license id '%s' is not in %s; add it there first",
          l.where(), l.f[1], licensesOrigin);
      bySource.put(source, new SourceLicense(source, lic.id(), l.f[2]));
    }
    return new Licenses(byId, bySource);
  }

  private record Line(String origin, int lineNo, String[] f) {
    String where() {
      return origin + " line " + lineNo;
    }
  }

  private static List<Line> lines(Reader csv, String origin, String header) throws IOException {
    BufferedReader r = new BufferedReader(csv);
    String first = r.readLine();
    Check.argument(header.equals(first == null ? null : first.strip()),
        "%s must start with the header '%s', found '%s'", origin, header, first);
    int columns = header.split(",").length;
    List<Line> out = new ArrayList<>();
    String line;
    int lineNo = 1;
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      Check.argument(f.length == columns, "%s line %d: expected %d comma-separated fields, "
          + "found %d (fields may not contain commas)", origin, lineNo, columns, f.length);
      for (int i = 0; i < f.length; i++) {
        f[i] = f[i].strip();
      }
      out.add(new Line(origin, lineNo, f));
    }
    return out;
  }

  private static String key(String id) {
    return id.strip().toLowerCase(Locale.ROOT);
  }

  /** The license with this id (case-insensitive). */
  public Optional<License> find(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(key(id)));
  }

  /** The class of {@code id}; {@link LicenseClass#UNKNOWN} for null or an id not listed. */
  public LicenseClass classOf(String id) {
    return find(id).map(License::licenseClass).orElse(LicenseClass.UNKNOWN);
  }

  public Optional<SourceLicense> forSource(String source) {
    return Optional.ofNullable(bySource.get(source));
  }

  /** The license id of a source's items, or null when the table does not list the source. */
  public String license(String source) {
    return forSource(source).map(SourceLicense::licenseId).orElse(null);
  }

  /** Every license id, in table order. */
  public List<License> all() {
    return new ArrayList<>(byId.values());
  }

  public List<SourceLicense> sources() {
    return new ArrayList<>(bySource.values());
  }

  /**
   * The license id for a Creative Commons license URL such as
   * {@code http://creativecommons.org/licenses/by-nc-sa/2.0/} (as COCO's image licenses give),
   * or, for any other URL, the listed license with that URL; null when neither matches.
   */
  public String idForUrl(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    Matcher m = CC_URL.matcher(url.strip());
    if (m.matches()) {
      String id = "CC-" + m.group(1).toUpperCase(Locale.ROOT) + "-" + m.group(2);
      return find(id).map(License::id).orElse(id);
    }
    String u = url.strip();
    return byId.values().stream().filter(l -> u.equals(l.url())).map(License::id).findFirst()
        .orElse(null);
  }

  /**
   * The id that a free-text license value of an older lakehouse stands for: a listed id in any
   * case ({@code cc-by-4.0}), a source's former wording (its {@code license_terms}), or a
   * license URL; null when the text is none of these.
   */
  public String idForText(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Optional<License> direct = find(text);
    if (direct.isPresent()) {
      return direct.get().id();
    }
    for (SourceLicense s : bySource.values()) {
      if (s.terms().equalsIgnoreCase(text.strip())) {
        return s.licenseId();
      }
    }
    return idForUrl(text);
  }

  /**
   * Adds the shipped license ids that {@code lake.licenses} lacks; rows already there (a user's
   * edits) are left as they are. The table must exist ({@code init}). Ids another process seeded
   * meanwhile are not written twice.
   *
   * @return the number of rows written
   */
  public static int seed(Lakehouse lakehouse) {
    Table table = lakehouse.table(LakeTables.LICENSES);
    Snapshot current = table.currentSnapshot();
    Set<String> present = new HashSet<>();
    if (current != null) {
      try (CloseableIterable<Record> rows = IcebergGenerics.read(table).select("license_id")
          .build()) {
        rows.forEach(r -> present.add(key((String) r.getField("license_id"))));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + LakeTables.LICENSES, e);
      }
    }
    List<License> missing = load().all().stream().filter(l -> !present.contains(key(l.id())))
        .toList();
    if (missing.isEmpty()) {
      return 0;
    }
    try (TableAppender a = lakehouse.appender(table).uniqueOn(List.of("license_id"),
        current == null ? null : current.snapshotId())) {
      for (License l : missing) {
        GenericRecord r = a.newRecord();
        r.setField("license_id", l.id());
        r.setField("class", l.licenseClass().sqlName());
        r.setField("name", l.name());
        r.setField("license_url", l.url());
        a.add(r);
      }
      a.commit();
      return (int) a.rows();
    }
  }
}
