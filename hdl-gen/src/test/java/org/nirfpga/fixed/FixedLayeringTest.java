package org.nirfpga.fixed;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class FixedLayeringTest {
  @Test
  void theGoldenModelKnowsNothingOfTheHdl() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.nirfpga.fixed");
    noClasses().that().resideInAPackage("org.nirfpga.fixed..")
        .should().dependOnClassesThat().resideInAPackage("org.nirfpga.hdl..")
        .check(classes);
  }
}
