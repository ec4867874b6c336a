package org.nirfpga.hdl.lib;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

class LibArchitectureTest {
  /** The library describes hardware through the public HDL API only, never through the emitter. */
  private static final ArchRule USES_THE_HDL_API_ONLY = noClasses()
      .that().resideInAPackage("org.nirfpga.hdl.lib..")
      .should().dependOnClassesThat(resideInAnyPackage("org.nirfpga.hdl.emit..",
          "org.nirfpga.hdl.check.."));

  @Test
  void libraryDependsOnNeitherTheEmitterNorTheChecks() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.nirfpga.hdl.lib");
    USES_THE_HDL_API_ONLY.check(classes);
  }

  @Test
  void theRuleCatchesALibraryClassThatWritesVerilogItself() {
    JavaClasses planted = new ClassFileImporter().importClasses(PlantedEmitterUser.class,
        org.nirfpga.hdl.emit.VerilogEmitter.class);
    assertThrows(AssertionError.class, () -> USES_THE_HDL_API_ONLY.check(planted));
  }

  /** A test-only class in the library package that breaks the rule. */
  static final class PlantedEmitterUser {
    Object use() {
      return new org.nirfpga.hdl.emit.VerilogEmitter("x", "y");
    }
  }
}
