package dev.mmlake.engine.plan;

import java.lang.reflect.Type;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.interpreter.BindableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.tools.Program;

/**
 * Statement preparation for mmlake's connections: Calcite's own, with three differences that hold
 * for this connection only (no JVM-global hooks):
 * <ul>
 *   <li>the statement tree mmlake already parsed is used instead of parsing the text again
 *       ({@link ParsedStatements});</li>
 *   <li>mmlake's rules are registered on the planner ({@link MmlakeRules});</li>
 *   <li>the optimization program first extracts batch-function calls ({@link MmlakePrograms}).</li>
 * </ul>
 */
final class MmlakePrepare extends CalcitePrepareImpl {
  private final ParsedStatements parsed;

  MmlakePrepare(ParsedStatements parsed) {
    this.parsed = parsed;
  }

  @Override
  protected SqlParser createParser(String sql, SqlParser.Config parserConfig) {
    SqlNode statement = parsed.take(sql);
    if (statement == null) {
      return super.createParser(sql, parserConfig);
    }
    return SqlParser.create(sql,
        parserConfig.withParserFactory(reader -> new HandedOverParser(reader, statement)));
  }

  @Override
  protected RelOptPlanner createPlanner(Context prepareContext,
      // qualified: the inherited CalcitePrepare.Context would hide an imported Context
      org.apache.calcite.plan.Context externalContext, RelOptCostFactory costFactory) {
    RelOptPlanner planner = super.createPlanner(prepareContext, externalContext, costFactory);
    MmlakeRules.register(planner);
    return planner;
  }

  @Override
  protected CalcitePreparingStmt getPreparingStmt(Context context, Type elementType,
      CalciteCatalogReader catalogReader, RelOptPlanner planner) {
    JavaTypeFactory typeFactory = context.getTypeFactory();
    EnumerableRel.Prefer prefer = elementType == Object[].class
        ? EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM;
    Convention resultConvention = enableBindable ? BindableConvention.INSTANCE
        : EnumerableConvention.INSTANCE;
    RelOptCluster cluster = createCluster(planner, new RexBuilder(typeFactory));
    return new PreparingStmt(this, context, catalogReader, typeFactory, prefer, cluster,
        resultConvention, createConvertletTable(), parsed);
  }

  /** Calcite's preparing statement with mmlake's optimization program. */
  private static final class PreparingStmt extends CalcitePreparingStmt {
    private final ParsedStatements parsed;

    PreparingStmt(CalcitePrepareImpl prepare, Context context, Prepare.CatalogReader catalogReader,
        JavaTypeFactory typeFactory, EnumerableRel.Prefer prefer, RelOptCluster cluster,
        Convention resultConvention, SqlRexConvertletTable convertletTable,
        ParsedStatements parsed) {
      super(prepare, context, catalogReader, typeFactory, context.getRootSchema(), prefer,
          cluster, resultConvention, convertletTable);
      this.parsed = parsed;
    }

    @Override
    public PreparedResult prepareSql(SqlNode sqlQuery, SqlNode sqlNodeOriginal,
        Class<?> runtimeContextClass, SqlValidator validator, boolean needsValidation) {
      PreparedResult result = super.prepareSql(sqlQuery, sqlNodeOriginal, runtimeContextClass,
          validator, needsValidation);
      if (result instanceof PreparedResultImpl prepared) {
        parsed.prepared(prepared.getPhysicalRowType());
      }
      return result;
    }

    @Override
    protected PreparedResult implement(RelRoot root) {
      parsed.planned(root);
      return super.implement(root);
    }

    @Override
    protected Program getProgram() {
      return MmlakePrograms.PROGRAM;
    }
  }
}
