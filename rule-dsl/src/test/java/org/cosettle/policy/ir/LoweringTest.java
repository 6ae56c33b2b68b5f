package org.cosettle.policy.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cosettle.policy.Diagnostic;
import org.cosettle.policy.Source;
import org.cosettle.policy.check.CheckedPolicy;
import org.cosettle.policy.check.Checker;
import org.cosettle.policy.syntax.Parser;
import org.junit.jupiter.api.Test;

/** Lowering a checked policy to the program both evaluators run. */
class LoweringTest {
  private static CheckedPolicy check(String... lines) {
    Parser.Result parsed = Parser.parse(new Source("p.cpl", String.join("\n", lines) + "\n"));
    return Checker.check(parsed.file(), parsed.diagnostics().isEmpty());
  }

  @Test
  void aLiteralIsEmittedAfterTheOperandItTookItsTypeFrom() {
    Lowering.Result lowered = Lowering.lower(check("policy \"p\" version 1", "output o = 1 + claim.total to insurer"));
    List<Ir.Op> ops = lowered.program().ops();
    assertEquals(List.of(Ir.Opcode.INPUT, Ir.Opcode.CONST, Ir.Opcode.ADD), ops.stream().map(Ir.Op::code).toList());
    assertEquals(100, ops.get(1).imm()); // 1 as money: 100 fen
    assertEquals(List.of(1, 0), List.of(ops.get(2).a(), ops.get(2).b())); // still 1 + claim.total
  }

  @Test
  void aValueThatCouldLeave64BitsIsReportedEvenWhenItsDeclarationHasAnotherError() {
    CheckedPolicy checked = check("policy \"p\" version 1",
        "output o = claim.total * patient.age * patient.age to nobody");
    assertEquals(List.of("unknown party 'nobody' (insurer or data_holder)"),
        checked.diagnostics().stream().map(Diagnostic::message).toList());
    List<Diagnostic> ranges = Lowering.lower(checked).diagnostics();
    assertEquals(1, ranges.size());
    assertTrue(ranges.get(0).message().contains("could exceed 64 bits"), ranges.get(0).message());
  }

  @Test
  void afterAnOverflowLaterUsesOfTheDeclarationSeeItsTypesBoundAndReportNothingMore() {
    Lowering.Result lowered = Lowering.lower(check("policy \"p\" version 1",
        "let big = claim.total * patient.age * patient.age", "output o = big + 1 to insurer"));
    assertEquals(1, lowered.diagnostics().size());
    assertEquals(2, lowered.diagnostics().get(0).position().line());
  }
}
