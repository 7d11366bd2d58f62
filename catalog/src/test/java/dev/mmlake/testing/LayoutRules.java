package dev.mmlake.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layout rules every module checks with ArchUnit (see docs/architecture.md):
 * <ul>
 *   <li>packages form a DAG: no cycle between any two packages of mmlake;</li>
 *   <li>library packages never import the front ends: the command line ({@code cli}), console
 *       output ({@code console}), the demo, the benchmarks and the sample generators.</li>
 * </ul>
 * A module's test includes them with {@code @ArchTest static final ArchTests LAYOUT =
 * ArchTests.in(LayoutRules.class)} on a class annotated {@code @AnalyzeClasses(packages =
 * "dev.mmlake", importOptions = LayoutRules.ProductionCode.class)}.
 */
public final class LayoutRules {
  /** Packages that only front ends (and tests) may use. */
  public static final String[] FRONT_ENDS = {"dev.mmlake.cli..", "dev.mmlake.console..",
      "dev.mmlake.demo..", "dev.mmlake.bench..", "dev.mmlake.samples.."};

  @ArchTest
  public static final ArchRule PACKAGES_FORM_A_DAG = slices().matching("dev.mmlake.(**)")
      .should().beFreeOfCycles();

  @ArchTest
  public static final ArchRule LIBRARY_DOES_NOT_IMPORT_FRONT_ENDS = noClasses()
      .that().resideInAPackage("dev.mmlake..")
      .and().resideOutsideOfPackages(FRONT_ENDS)
      .should().dependOnClassesThat().resideInAnyPackage(FRONT_ENDS)
      .because("the CLI, console, demo, benchmarks and sample generators sit on top of the "
          + "library; embedding the library must not need them");

  private LayoutRules() {
  }

  /**
   * Production classes only: neither a module's test classes nor the test-jar of another module
   * (which Maven puts on the classpath as {@code *-tests.jar} once it is packaged).
   */
  public static final class ProductionCode implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }
  }
}
