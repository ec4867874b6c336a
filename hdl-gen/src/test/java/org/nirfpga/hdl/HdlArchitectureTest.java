package org.nirfpga.hdl;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class HdlArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.nirfpga");

  @Test
  void hdlDependsOnNoOtherProjectPackage() {
    noClasses().that().resideInAPackage("org.nirfpga.hdl..")
        .should().dependOnClassesThat(resideInAPackage("org.nirfpga..")
            .and(not(resideInAPackage("org.nirfpga.hdl.."))))
        .check(CLASSES);
  }

  @Test
  void theRuleCatchesADependencyOnTheNirModel() {
    JavaClasses planted = new ClassFileImporter().importClasses(PlantedNirUser.class,
        org.nirfpga.nir.NirfpgaException.class);
    org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () ->
        noClasses().that().resideInAPackage("org.nirfpga.hdl..")
            .should().dependOnClassesThat(resideInAPackage("org.nirfpga..")
                .and(not(resideInAPackage("org.nirfpga.hdl.."))))
            .check(planted));
  }

  /** A test-only class that breaks the rule, to prove the rule can fail. */
  static final class PlantedNirUser {
    Object use() {
      return new org.nirfpga.nir.NirfpgaException("planted");
    }
  }

  @Test
  void onlyTheEmitPackageWritesVerilogText() {
    noClasses().that().resideInAPackage("org.nirfpga.hdl..")
        .and().resideOutsideOfPackage("org.nirfpga.hdl.emit..")
        .should().dependOnClassesThat().resideInAPackage("org.nirfpga.hdl.emit..")
        .check(CLASSES);
  }
}
