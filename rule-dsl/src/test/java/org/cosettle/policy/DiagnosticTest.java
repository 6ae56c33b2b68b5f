package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Diagnostics are values with a severity; an error is what keeps a policy from compiling. */
class DiagnosticTest {
  @Test
  void everyBrokenRuleIsAnErrorAndKeepsThePolicyFromCompiling() {
    Policies.Result r = Policies.compile(new Source("p.cpl", "policy \"p\" version 1\noutput o = nope to insurer\n"));
    assertFalse(r.ok());
    assertNull(r.policy());
    assertTrue(r.diagnostics().stream().allMatch(Diagnostic::isError), r.diagnostics().toString());
  }

  @Test
  void aWarningRendersWithItsSeverity() {
    Diagnostic w = new Diagnostic(new Position(1, 5), "an example", Diagnostic.Severity.WARNING);
    assertFalse(w.isError());
    assertEquals("p.cpl:1:5: warning: an example\nlet x\n    ^", w.render(new Source("p.cpl", "let x\n")));
  }
}
