package dev.mmlake;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.mmlake.testing.LayoutRules;

/** This module's classes (and those of the modules below it) follow the layout rules. */
@AnalyzeClasses(packages = "dev.mmlake", importOptions = LayoutRules.ProductionCode.class)
class FlightServerLayoutTest {
  @ArchTest
  static final ArchTests LAYOUT = ArchTests.in(LayoutRules.class);
}
