package org.cosettle.policy;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.cosettle.core.InsuredFile;
import org.cosettle.policy.eval.ClaimBatch;
import org.junit.jupiter.api.Test;

/**
 * rule-dsl as stages (docs/architecture.md): syntax ← check ← ir ← eval, the façade on top and
 * the secure engine's internal package above it. The façade package also holds the vocabulary
 * every stage speaks (sources, positions, diagnostics, types, evaluation errors and results);
 * the vocabulary depends on no stage, so the stages may use it without depending on the façade.
 */
class StagesArchitectureTest {
  private static final JavaClasses RULE_DSL = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.cosettle.policy");

  private static final DescribedPredicate<JavaClass> VALUES = belongToAnyOf(Source.class, Position.class,
      Diagnostic.class, Type.class, EvaluationException.class, Explanation.class, BatchResult.AggregateRow.class);

  /** The façade's plain values (and arrays of them), which every stage may produce or read. */
  static final DescribedPredicate<JavaClass> VOCABULARY = DescribedPredicate.describe(
      "the vocabulary (Source, Position, Diagnostic, Type, EvaluationException, Explanation, BatchResult.AggregateRow)",
      c -> VALUES.test(c.getBaseComponentType()));

  @Test
  void stagesDependOnlyOnEarlierStagesAndTheFacadeSitsOnTop() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .ensureAllClassesAreContainedInArchitecture()
        .layer("Vocabulary").definedBy(VOCABULARY)
        .layer("Syntax").definedBy("org.cosettle.policy.syntax..")
        .layer("Check").definedBy("org.cosettle.policy.check..")
        .layer("Ir").definedBy("org.cosettle.policy.ir..")
        .layer("Eval").definedBy("org.cosettle.policy.eval..")
        .layer("Facade").definedBy(resideInAPackage("org.cosettle.policy").and(not(VOCABULARY)).as("the façade"))
        .layer("Internal").definedBy("org.cosettle.policy.internal..")
        .whereLayer("Vocabulary").mayNotAccessAnyLayer()
        .whereLayer("Syntax").mayOnlyAccessLayers("Vocabulary")
        .whereLayer("Check").mayOnlyAccessLayers("Vocabulary", "Syntax")
        .whereLayer("Ir").mayOnlyAccessLayers("Vocabulary", "Syntax", "Check")
        .whereLayer("Eval").mayOnlyAccessLayers("Vocabulary", "Syntax", "Check", "Ir")
        .whereLayer("Facade").mayOnlyAccessLayers("Vocabulary", "Syntax", "Check", "Ir", "Eval")
        .whereLayer("Internal").mayNotBeAccessedByAnyLayer()
        .check(RULE_DSL);
  }

  @Test
  void onlyThePartyViewsBuildABatchWithoutClaimFields() {
    noClasses().that().resideOutsideOfPackage("org.cosettle.policy.internal..")
        .should().callMethod(ClaimBatch.class, "withoutClaimFields", List.class, InsuredFile.class)
        .check(RULE_DSL);
  }
}
