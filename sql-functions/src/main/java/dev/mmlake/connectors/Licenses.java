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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;

/**
 * The per-source license table. It is data, kept in {@code sql/licenses.csv} (on the classpath as
 * {@value #RESOURCE}) with the header {@code source,license,license_url,permissive}. Fields are
 * plain: no quoting, so no field may contain a comma. Immutable.
 */
public final class Licenses {
  public static final String RESOURCE = "/mmlake/sql/licenses.csv";
  private static final String HEADER = "source,license,license_url,permissive";

  /** One source's license. */
  public record License(String source, String license, String url, boolean permissive) {
  }

  private final Map<String, License> bySource;

  private Licenses(Map<String, License> bySource) {
    this.bySource = Collections.unmodifiableMap(bySource);
  }

  /** The table shipped with mmlake. */
  public static Licenses load() {
    try (InputStream in = Licenses.class.getResourceAsStream(RESOURCE)) {
      Check.state(in != null, "License table %s is missing from the classpath; rebuild "
          + "mmlake-sql-functions (it copies sql/licenses.csv)", RESOURCE);
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  /** Parses a license CSV; {@code origin} names it in error messages. */
  public static Licenses parse(Reader csv, String origin) throws IOException {
    Map<String, License> out = new LinkedHashMap<>();
    BufferedReader r = new BufferedReader(csv);
    String header = r.readLine();
    Check.argument(HEADER.equals(header == null ? null : header.strip()),
        "%s must start with the header '%s', found '%s'", origin, HEADER, header);
    String line;
    int lineNo = 1;
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      Check.argument(f.length == 4, "%s line %d: expected 4 comma-separated fields, found %d "
          + "(fields may not contain commas)", origin, lineNo, f.length);
      String permissive = f[3].strip();
      Check.argument(permissive.equals("true") || permissive.equals("false"),
          "%s line %d: permissive must be true or false, found '%s'", origin, lineNo, permissive);
      String source = f[0].strip();
      Check.argument(!source.isEmpty() && !out.containsKey(source),
          "%s line %d: source '%s' is empty or listed twice", origin, lineNo, source);
      out.put(source, new License(source, f[1].strip(), f[2].strip(),
          Boolean.parseBoolean(permissive)));
    }
    return new Licenses(out);
  }

  public Optional<License> find(String source) {
    return Optional.ofNullable(bySource.get(source));
  }

  /** The license string of a source, or null when the table does not list it. */
  public String license(String source) {
    License l = bySource.get(source);
    return l == null ? null : l.license();
  }

  public List<License> all() {
    return new ArrayList<>(bySource.values());
  }

  /**
   * Fills {@code lake.licenses} from the shipped table when it has no row yet; a table that holds
   * rows is left as it is, so a user's edits survive. The table must exist ({@code init}).
   * Sources another process seeded meanwhile are not written twice.
   *
   * @return the number of rows written (0 when the table was not empty)
   */
  public static int seed(Lakehouse lakehouse) {
    Table table = lakehouse.table(LakeTables.LICENSES);
    Snapshot current = table.currentSnapshot();
    if (current != null && !"0".equals(current.summary().getOrDefault("total-records", "0"))) {
      return 0;
    }
    List<License> rows = load().all();
    // unique on source: two processes opening a new lakehouse at once seed it once
    try (TableAppender a = lakehouse.appender(table).uniqueOn(List.of("source"),
        current == null ? null : current.snapshotId())) {
      for (License l : rows) {
        GenericRecord r = a.newRecord();
        r.setField("source", l.source());
        r.setField("license", l.license());
        r.setField("license_url", l.url());
        r.setField("permissive", l.permissive());
        a.add(r);
      }
      a.commit();
      return (int) a.rows();
    }
  }
}
