package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where each declaration of a compiled policy starts and ends (what {@code cosettle explain} prints). */
class DeclarationLinesTest {
  @Test
  void aRuleContinuedOverSeveralLinesSpansThemAll() {
    Policies.Result r = Policies.compile(new Source("p.cpl", String.join("\n",
        "policy \"p\" version 1",
        "",
        "let a = claim.total +   # continues after an operator",
        "    claim.cash_paid",
        "output o = min(a,",
        "               0) to insurer",
        "")));
    assertEquals(List.of(), r.diagnostics());
    assertEquals(Map.of(1, 1, 3, 4, 5, 6), r.policy().declarationLines());
  }
}
