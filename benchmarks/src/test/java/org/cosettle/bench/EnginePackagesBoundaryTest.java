package org.cosettle.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Which of mpc-protocol's packages the other modules may use (docs/architecture.md, "The secure
 * engine's surface"): the party API of {@code engine}, the planner's {@code plan} and the
 * sessions of {@code transport}; the share arithmetic of {@code arith} is the engine's own. This
 * module depends on every other one, so its test sees all their classes; the rules are about their
 * main code, not their tests.
 */
class EnginePackagesBoundaryTest {
  private static final JavaClasses COSETTLE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.cosettle");

  @Test
  void onlyTheSecureEngineUsesTheShareArithmetic() {
    noClasses().that().resideOutsideOfPackage("org.cosettle.mpc..")
        .should().dependOnClassesThat().resideInAPackage("org.cosettle.mpc.arith..")
        .because("the share arithmetic (sessions, pools, the millionaires' protocol) runs inside a settlement;"
            + " callers settle through HandshakeSettlement, DataHolder and Insurer")
        .check(COSETTLE);
  }

  @Test
  void theShareArithmeticKnowsNothingOfPoliciesOrSessions() {
    noClasses().that().resideInAPackage("org.cosettle.mpc.arith..")
        .should().dependOnClassesThat().resideInAnyPackage("org.cosettle.policy..", "org.cosettle.mpc.engine..",
            "org.cosettle.mpc.plan..", "org.cosettle.mpc.transport..", "org.cosettle.platform..")
        .because("arith works on shares over a Channel; what a policy means is the engine's")
        .check(COSETTLE);
  }

  @Test
  void theCryptographyKnowsNothingOfTheProduct() {
    noClasses().that().resideInAPackage("org.cosettle.crypto..")
        .should().dependOnClassesThat().resideInAnyPackage("org.cosettle.policy..", "org.cosettle.mpc..",
            "org.cosettle.platform..", "org.cosettle.examples..")
        .because("crypto is neutral: share holders P0 and P1, channels, keys")
        .check(COSETTLE);
  }
}
