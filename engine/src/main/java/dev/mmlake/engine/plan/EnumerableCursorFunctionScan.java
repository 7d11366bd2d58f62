package dev.mmlake.engine.plan;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.adapter.enumerable.RexToLixTranslator;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.metadata.RelColumnMapping;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/**
 * A table function whose {@code CURSOR(query)} arguments are its inputs. Each input is
 * implemented as an enumerable of {@code Object[]} rows, wrapped with its column names in a
 * {@link CursorRows}, and passed to the function in the position of its cursor; the other arguments are translated as usual (literals and {@code ?}
 * parameters). The function itself is called through its own implementor, as Calcite calls table
 * functions without cursors.
 */
public final class EnumerableCursorFunctionScan extends TableFunctionScan implements EnumerableRel {
  EnumerableCursorFunctionScan(RelOptCluster cluster, RelTraitSet traits, List<RelNode> inputs,
      RexNode call, Type elementType, RelDataType rowType, Set<RelColumnMapping> mappings) {
    super(cluster, traits, inputs, call, elementType, rowType, mappings);
  }

  @Override
  public TableFunctionScan copy(RelTraitSet traitSet, List<RelNode> inputs, RexNode call,
      Type elementType, RelDataType rowType, Set<RelColumnMapping> columnMappings) {
    return new EnumerableCursorFunctionScan(getCluster(), traitSet, inputs, call, elementType,
        rowType, columnMappings);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    BlockBuilder builder = new BlockBuilder();
    List<Expression> cursors = new ArrayList<>();
    for (int i = 0; i < getInputs().size(); i++) {
      Result child = implementor.visitChild(this, i, (EnumerableRel) getInputs().get(i),
          Prefer.ARRAY);
      Expression rows = builder.append("cursor" + i, child.block);
      Expression arrays = child.physType.convertTo(rows, JavaRowFormat.ARRAY);
      List<Expression> names = new ArrayList<>();
      for (String name : getInputs().get(i).getRowType().getFieldNames()) {
        names.add(Expressions.constant(name));
      }
      cursors.add(builder.append("cursorRows" + i, Expressions.new_(CursorRows.class, arrays,
          Expressions.newArrayInit(String.class, names))));
    }
    JavaTypeFactory typeFactory = implementor.getTypeFactory();
    RexToLixTranslator.InputGetter cursorInputs = (list, index, storageType) ->
        cursors.get(index);
    RexToLixTranslator translator = RexToLixTranslator.forAggregation(typeFactory, builder,
        cursorInputs, implementor.getConformance());
    Expression table = translator.translateList(List.of(getCall()), Collections.singletonList(null))
        .get(0);
    builder.add(Expressions.return_(null, table));
    PhysType physType = PhysTypeImpl.of(typeFactory, getRowType(), JavaRowFormat.ARRAY, false);
    return implementor.result(physType, builder.toBlock());
  }
}
