package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.types.Types.FloatType;
import org.apache.iceberg.types.Types.ListType;
import org.junit.jupiter.api.Test;

/** SQL-to-Arrow type mapping and value conversion, without a server. */
class ArrowTypesTest {

  @Test
  void arrayColumnsKeepTheirElementType() {
    Field f = ArrowTypes.field("v", new ArrowTypes.SqlType(Types.ARRAY, "REAL ARRAY", 0, 0), true,
        "lake", "t");
    assertThat(f.getType()).isEqualTo(ArrowType.List.INSTANCE);
    assertThat(f.getChildren()).hasSize(1);
    assertThat(f.getChildren().get(0).getType()).isEqualTo(
        new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
    assertThat(f.getMetadata()).containsValue("REAL ARRAY");
    Field iceberg = ArrowTypes.field("v", ListType.ofOptional(2,
        FloatType.get()), true, "lake", "t");
    assertThat(iceberg).isEqualTo(f);
  }

  @Test
  void listValuesRoundTrip() throws Exception {
    Field f = ArrowTypes.field("v", new ArrowTypes.SqlType(Types.ARRAY, "REAL ARRAY", 0, 0), true,
        null, null);
    try (RootAllocator a = new RootAllocator();
         VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(f)), a)) {
      for (int batch = 0; batch < 2; batch++) {
        root.allocateNew();
        ArrowValues.set(root.getVector(0), 0, List.of(1.5f, 2.5f));
        ArrowValues.set(root.getVector(0), 1, null);
        ArrowValues.set(root.getVector(0), 2, List.of(3f));
        root.setRowCount(3);
        ListVector l = (ListVector) root.getVector(0);
        assertThat(l.getDataVector().getValueCount()).isEqualTo(3);
        assertThat(ArrowValues.rows(root)).containsExactly(List.of(List.of(1.5f, 2.5f)),
            Arrays.asList((Object) null), List.of(List.of(3f)));
      }
    }
  }
}
