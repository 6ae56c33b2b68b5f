package org.cosettle.policy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.cosettle.policy.Diagnostic;
import org.cosettle.policy.Source;
import org.cosettle.policy.Type;
import org.cosettle.policy.syntax.Ast;
import org.cosettle.policy.syntax.Parser;
import org.junit.jupiter.api.Test;

/** The checker's result on its own, before anything is lowered. */
class CheckerTest {
  private static CheckedPolicy check(String... lines) {
    Parser.Result parsed = Parser.parse(new Source("p.cpl", String.join("\n", lines) + "\n"));
    assertEquals(List.of(), parsed.diagnostics());
    return Checker.check(parsed.file(), true);
  }

  private static Ast.Expr valueOf(CheckedPolicy checked, String name) {
    return checked.declarations().stream().filter(d -> d instanceof CheckedPolicy.Binding b && b.name().equals(name))
        .map(d -> ((CheckedPolicy.Binding) d).value()).findFirst().orElseThrow();
  }

  @Test
  void everyExpressionThatChecksHasItsTypeAndEveryLiteralItsValueInItsContextsUnits() {
    CheckedPolicy checked = check("policy \"p\" version 1", "param cap: money = 500.00",
        "let a = min(claim.total, cap) * 80%", "output o = a to insurer");
    Ast.Binary product = (Ast.Binary) valueOf(checked, "a");
    assertEquals(Type.MONEY, checked.type(product));
    assertEquals(Type.MONEY, checked.type(product.left()));
    assertEquals(Type.RATIO, checked.type(product.right()));
    assertEquals(8000, checked.constant(product.right()));
    assertEquals(List.of(), checked.diagnostics());
  }

  @Test
  void aNameResolvesToTheSymbolItsDeclarationMade() {
    CheckedPolicy checked = check("policy \"p\" version 1", "param cap: money = 500.00", "state used: money",
        "output o = min(cap, used) to insurer");
    Ast.Call min = (Ast.Call) valueOf(checked, "o");
    Symbol cap = checked.symbol((Ast.Name) min.args().get(0));
    assertEquals(new Symbol(Symbol.Kind.PARAM, "cap", Type.MONEY, -1, 50000, List.of(), 0), cap);
    assertEquals(Symbol.Kind.STATE, checked.symbol((Ast.Name) min.args().get(1)).kind());
    assertEquals(List.of("cap", "used", "o"), List.copyOf(checked.symbols().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> checked.symbols().put("x", cap));
  }

  @Test
  void aDeclarationWithAnErrorLeavesItsNameKnownButTypelessSoItsUsesReportNothingMore() {
    CheckedPolicy checked = check("policy \"p\" version 1", "let a = claim.totl", "output o = a + 1 to insurer");
    assertEquals(List.of("unknown field claim.totl (did you mean 'total'?)"),
        checked.diagnostics().stream().map(Diagnostic::message).toList());
    assertNull(checked.symbols().get("a").type());
    assertEquals(List.of(), checked.declarations());
  }

  @Test
  void whatTypedInADeclarationThatFailedIsKeptForItsRangeCheck() {
    CheckedPolicy checked = check("policy \"p\" version 1", "output o = claim.total * 2 + deductible to insurer");
    assertEquals(1, checked.diagnostics().size());
    CheckedPolicy.Unbound unbound = (CheckedPolicy.Unbound) checked.declarations().get(0);
    assertEquals(Type.MONEY, checked.type(unbound.expressions().get(0)));
    assertEquals("*", ((Ast.Binary) unbound.expressions().get(0)).op());
  }
}
