package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mmlake.engine.BiViews;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** What DBeaver's navigator asks for, through the real JDBC driver; every result set is closed. */
class FlightMetadataTest extends FlightTestBase {

  @Test
  void navigatorMetadata() throws Exception {
    try (Connection c = connect()) {
      update(c, "CREATE TABLE lake.meta (id BIGINT, name VARCHAR, vec REAL ARRAY, "
          + "price DECIMAL(10, 2), created TIMESTAMP)");
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet rs = md.getCatalogs()) {
        assertThat(column(rs, "TABLE_CAT")).containsExactly(ArrowTypes.CATALOG);
      }
      try (ResultSet rs = md.getSchemas()) {
        assertThat(column(rs, "TABLE_SCHEM")).contains("lake", "obs");
      }
      try (ResultSet rs = md.getSchemas(null, "ob%")) {
        assertThat(column(rs, "TABLE_SCHEM")).containsExactly("obs");
      }
      try (ResultSet rs = md.getTables(null, "lake", "%", null)) {
        List<Map<String, String>> tables = records(rs);
        assertThat(tables).extracting(m -> m.get("TABLE_NAME")).contains("meta", "items");
        assertThat(tables).extracting(m -> m.get("TABLE_TYPE")).containsOnly("TABLE");
      }
      try (ResultSet rs = md.getTables(null, null, "me_a", new String[] {"TABLE"})) {
        assertThat(column(rs, "TABLE_NAME")).containsExactly("meta");
      }
      try (ResultSet rs = md.getColumns(null, "lake", "meta", "%")) {
        Map<String, Map<String, String>> cols = new HashMap<>();
        records(rs).forEach(m -> cols.put(m.get("COLUMN_NAME"), m));
        assertThat(cols).containsOnlyKeys("id", "name", "vec", "price", "created");
        assertThat(cols.get("id").get("TYPE_NAME")).isEqualTo("BIGINT");
        assertThat(cols.get("id").get("DATA_TYPE")).isEqualTo(String.valueOf(Types.BIGINT));
        assertThat(cols.get("vec").get("TYPE_NAME")).isEqualTo("REAL ARRAY");
        assertThat(cols.get("vec").get("DATA_TYPE")).isEqualTo(String.valueOf(Types.ARRAY));
        assertThat(cols.get("price").get("DECIMAL_DIGITS")).isEqualTo("2");
        assertThat(cols.get("created").get("DATA_TYPE")).isEqualTo(String.valueOf(Types.TIMESTAMP));
        assertThat(cols.get("name").get("ORDINAL_POSITION")).isEqualTo("2");
      }
      try (ResultSet rs = md.getPrimaryKeys(null, "lake", "meta")) {
        assertThat(rs.next()).isFalse();
      }
      try (ResultSet rs = md.getTypeInfo()) {
        rs.next(); // driver 18.3.0 answers this locally (empty); the Flight command is tested below
      }
      try (ResultSet rs = md.getTableTypes()) {
        assertThat(column(rs, "TABLE_TYPE")).containsExactly("TABLE", "VIEW");
      }
      // DBeaver qualifies names with the catalog it was given: catalog.schema.table
      update(c, "INSERT INTO \"" + ArrowTypes.CATALOG + "\".\"lake\".\"meta\" (id) VALUES (7)");
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT id FROM \"" + ArrowTypes.CATALOG
               + "\".\"lake\".\"meta\"")) {
        assertThat(column(rs, "id")).containsExactly("7");
      }
      assertThat(md.getIdentifierQuoteString()).isEqualTo("\"");
      assertThat(md.getDatabaseProductName()).isEqualTo("mmlake");
      assertThat(md.isReadOnly()).isFalse();
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT vec, price FROM lake.meta")) {
        ResultSetMetaData rmd = rs.getMetaData();
        assertThat(rmd.getColumnType(1)).isEqualTo(Types.ARRAY);
        assertThat(rmd.getScale(2)).isEqualTo(2);
      }
    }
  }

  @Test
  void biViewsAreListedAsViewsAndQueryable() throws Exception {
    BiViews.install(engine);
    try (Connection c = connect()) {
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet rs = md.getTables(null, "bi", "%", null)) {
        List<Map<String, String>> views = records(rs);
        assertThat(views).extracting(m -> m.get("TABLE_NAME"))
            .containsExactlyInAnyOrderElementsOf(BiViews.NAMES);
        assertThat(views).extracting(m -> m.get("TABLE_TYPE")).containsOnly("VIEW");
      }
      try (ResultSet rs = md.getTables(null, "bi", "%", new String[] {"TABLE"})) {
        assertThat(rs.next()).isFalse();
      }
      try (ResultSet rs = md.getColumns(null, "bi", "version_sizes", "%")) {
        assertThat(column(rs, "COLUMN_NAME")).containsExactly("version", "dataset", "created_at",
            "parent", "row_count", "bytes");
      }
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM bi.version_sizes")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isZero();
      }
    }
  }

  @Test
  void xdbcTypeInfoOverFlightSql() throws Exception {
    try (BufferAllocator a = new RootAllocator();
         FlightSqlClient sql = new FlightSqlClient(FlightClient.builder(a,
             Location.forGrpcInsecure("127.0.0.1", server.port())).build())) {
      FlightInfo info = sql.getXdbcTypeInfo();
      List<String> names = new ArrayList<>();
      List<Integer> types = new ArrayList<>();
      try (FlightStream s = sql.getStream(info.getEndpoints().get(0).getTicket())) {
        while (s.next()) {
          VectorSchemaRoot root = s.getRoot();
          for (int i = 0; i < root.getRowCount(); i++) {
            names.add(root.getVector("type_name").getObject(i).toString());
            types.add((Integer) root.getVector("data_type").getObject(i));
          }
        }
      }
      assertThat(names).contains("BIGINT", "VARCHAR", "REAL", "ARRAY", "TIMESTAMP");
      assertThat(types.get(names.indexOf("ARRAY"))).isEqualTo(Types.ARRAY);
      FlightInfo onlyBigint = sql.getXdbcTypeInfo(Types.BIGINT);
      try (FlightStream s = sql.getStream(onlyBigint.getEndpoints().get(0).getTicket())) {
        assertThat(s.next()).isTrue();
        assertThat(s.getRoot().getRowCount()).isEqualTo(1);
      }
    }
  }

  private static List<String> column(ResultSet rs, String name) throws SQLException {
    List<String> out = new ArrayList<>();
    while (rs.next()) {
      out.add(rs.getString(name));
    }
    return out;
  }

  private static List<Map<String, String>> records(ResultSet rs) throws SQLException {
    List<Map<String, String>> out = new ArrayList<>();
    ResultSetMetaData md = rs.getMetaData();
    while (rs.next()) {
      Map<String, String> m = new HashMap<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        m.put(md.getColumnLabel(i), rs.getString(i));
      }
      out.add(m);
    }
    return out;
  }
}
