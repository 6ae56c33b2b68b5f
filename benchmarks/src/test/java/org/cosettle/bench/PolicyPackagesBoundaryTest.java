package org.cosettle.bench;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.cosettle.policy.eval.ClaimBatch;
import org.cosettle.policy.ir.CodeSet;
import org.cosettle.policy.ir.CoupledStates;
import org.cosettle.policy.ir.FamilyTerm;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.ir.ProvenRanges;
import org.cosettle.policy.ir.StateFamilies;
import org.junit.jupiter.api.Test;

/**
 * Which of rule-dsl's packages the other modules may use (docs/architecture.md). This module
 * depends on every other one, so its test sees all their classes; the rules are about their
 * main code, not their tests.
 */
class PolicyPackagesBoundaryTest {
  private static final JavaClasses COSETTLE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.cosettle");

  /** The classes of {@code pkg} but those of {@code allowed} (and their nested classes), or arrays of them. */
  private static DescribedPredicate<JavaClass> inPackageExcept(String pkg, Class<?>... allowed) {
    DescribedPredicate<JavaClass> forbidden = resideInAPackage(pkg).and(not(belongToAnyOf(allowed)));
    return DescribedPredicate.describe(forbidden.getDescription(), c -> forbidden.test(c.getBaseComponentType()));
  }

  @Test
  void nothingOutsideRuleDslUsesTheSyntaxOrTheChecker() {
    noClasses().that().resideOutsideOfPackage("org.cosettle.policy..")
        .should().dependOnClassesThat().resideInAnyPackage("org.cosettle.policy.syntax..", "org.cosettle.policy.check..")
        .because("the façade (Policies, CompiledPolicy) is how a policy is read and checked")
        .check(COSETTLE);
  }

  @Test
  void onlyTheSecureEngineUsesTheInternalPackage() {
    noClasses().that().resideOutsideOfPackages("org.cosettle.policy..", "org.cosettle.mpc..")
        .should().dependOnClassesThat().resideInAPackage("org.cosettle.policy.internal..")
        .because("org.cosettle.policy.internal is handshake mode's, not part of the documented API")
        .check(COSETTLE);
  }

  @Test
  void fromTheEvaluatorsMachineryOnlyClaimBatchIsUsedOutsideRuleDsl() {
    noClasses().that().resideOutsideOfPackage("org.cosettle.policy..")
        .should().dependOnClassesThat(inPackageExcept("org.cosettle.policy.eval..", ClaimBatch.class))
        .check(COSETTLE);
  }

  @Test
  void fromTheIntermediateFormOnlyTheProgramAndItsStateFamiliesAreUsedOutsideRuleDsl() {
    noClasses().that().resideOutsideOfPackage("org.cosettle.policy..")
        .should().dependOnClassesThat(inPackageExcept("org.cosettle.policy.ir..", Ir.class, CodeSet.class,
            StateFamilies.class, CoupledStates.class, FamilyTerm.class, ProvenRanges.class))
        .because("the builder, lowering and rounding primitives are the compiler's and the evaluator's")
        .check(COSETTLE);
  }
}
