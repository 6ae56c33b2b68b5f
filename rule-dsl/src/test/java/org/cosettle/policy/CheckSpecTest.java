package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code check} must reject according to the spec, through {@code Policies.compile}. */
class CheckSpecTest {
  private static List<Diagnostic> diagnostics(String text) {
    return Policies.compile(new Source("check.cpl", text)).diagnostics();
  }

  /**
   * Spec §3: a policy whose per-claim values could leave 64 bits is rejected by check. An
   * aggregate's value, filter and key are per-claim values like any let.
   */
  @Test
  void aggregateExpressionsThatCouldOverflowAreRejected() {
    for (String aggregate : List.of(
        "aggregate a = sum(claim.total * patient.age * patient.age) to insurer",
        "aggregate a = count() where claim.total * patient.age * patient.age > 0 to insurer",
        "aggregate a = count() by band(patient.age * patient.age * patient.age * patient.age, [0]) to insurer")) {
      List<Diagnostic> d = diagnostics("policy \"p\" version 1\n" + aggregate + "\n");
      assertEquals(1, d.size(), aggregate + " gave " + d);
      assertTrue(d.get(0).message().contains("64 bits"), d.get(0).message());
      assertEquals(2, d.get(0).position().line());
    }
  }

  /**
   * Spec §3: a code is "only tested for membership in a literal set". A let holding one
   * compiles today and makes the evaluator throw IllegalStateException("code value").
   */
  @Test
  void codeValuesOutsideInAreRejected() {
    for (String let : List.of("let d = claim.diagnosis",
        "let d = if insured.preexisting then claim.diagnosis else claim.diagnosis")) {
      List<Diagnostic> d = diagnostics("policy \"p\" version 1\n" + let + "\noutput o = 1 to insurer\n");
      assertFalse(d.isEmpty(), let + " was accepted");
      assertEquals(2, d.get(0).position().line());
    }
  }

  /**
   * Spec §3: a literal takes the type its context needs, "the other operand" first. Today
   * {@code claim.total + min(0, 5)} compiles but {@code min(0, 5) + claim.total} is an error
   * ("expected int, found money"): the left operand is typed without looking at the right.
   */
  @Test
  void typingDoesNotDependOnOperandOrder() {
    for (String[] pair : List.of(new String[] {"claim.total + min(0, 5)", "min(0, 5) + claim.total"},
        new String[] {"claim.total > max(1, 2)", "max(1, 2) < claim.total"})) {
      for (String expr : pair) {
        assertEquals(List.of(), diagnostics("policy \"p\" version 1\noutput o = " + expr + " to insurer\n"), expr);
      }
    }
  }
}
