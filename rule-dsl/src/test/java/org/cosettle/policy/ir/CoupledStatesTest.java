package org.cosettle.policy.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cosettle.policy.CompiledPolicy;
import org.junit.jupiter.api.Test;

/**
 * Which person's and family's states {@link CoupledStates} resolves in two stages: the language
 * guide's deductible within a family deductible in the forms a policy may write it, and the forms
 * that keep the chain (a step that may be negative, another reader of the person's state, a
 * different amount for the two states, a state per policy year).
 */
class CoupledStatesTest {
  private static final String HEAD = """
      policy "family-deductible" version 1
      insured field family: id
      insured field own_limit: money
      param person_deductible: money = 10000.00
      param family_limit: money = 15000.00
      state deductible_used: money
      state family_deductible: money by insured.family
      let burden = max(0, claim.in_scope - claim.fund_paid)
      """;
  private static final String GUIDE = HEAD + """
      let left = max(0, min(person_deductible - deductible_used, family_limit - family_deductible))
      let applied = min(burden, left)
      output payout = (burden - applied) * 80% to insurer, data_holder
      update deductible_used = deductible_used + applied
      update family_deductible = family_deductible + applied
      """;

  private static List<CoupledStates.Coupling> couplings(String text) {
    CompiledPolicy p = StateFamiliesTest.compile(text);
    return CoupledStates.of(p.program(), StateFamilies.of(p.program()));
  }

  @Test
  void theGuidesFamilyDeductibleIsCoupled() {
    CompiledPolicy p = StateFamiliesTest.compile(GUIDE);
    List<CoupledStates.Coupling> c = CoupledStates.of(p.program(), StateFamilies.of(p.program()));
    assertEquals(1, c.size());
    assertEquals(0, c.get(0).person());
    assertEquals(1, c.get(0).family());
    // x is the burden, an op of the claim that reads no state
    assertEquals(FamilyTerm.TermKind.OP, c.get(0).step().kind());
    assertEquals(Ir.Opcode.MAX, p.program().ops().get(c.get(0).step().op()).code());
    // decoupled, the stages have no cycle: the person's first, reading no state
    Map<Integer, StateFamilies.Family> decoupled = CoupledStates.decoupled(StateFamilies.of(p.program()), c);
    java.util.BitSet both = new java.util.BitSet();
    both.set(0, 2);
    assertTrue(StateFamilies.stages(StateFamilies.of(p.program()), both).isEmpty(), "coupled: a cycle");
    List<StateFamilies.Family> order = StateFamilies.stages(decoupled, both).orElseThrow();
    assertEquals(List.of(0, 1), order.stream().map(StateFamilies.Family::state).toList());
    assertTrue(order.get(0).states().isEmpty());
    assertEquals(StateFamilies.Kind.SATURATING, order.get(0).kind());
  }

  @Test
  void otherFormsOfTheSameAmountAreCoupled() {
    List<String> forms = List.of(
        "let left = max(0, min(family_limit - family_deductible, person_deductible - deductible_used))\n"
            + "let applied = min(left, burden)\n",
        "let left = min(max(0, person_deductible - deductible_used), max(0, family_limit - family_deductible))\n"
            + "let applied = min(burden, left)\n",
        "let applied = min(min(burden, max(0, person_deductible - deductible_used)),"
            + " max(0, family_limit - family_deductible))\n",
        // the person's limit its own record's
        "let applied = min(burden, max(0, min(insured.own_limit - deductible_used, family_limit - family_deductible)))\n");
    for (String form : forms) {
      String text = HEAD + form + "output payout = burden - applied to insurer\n"
          + "update deductible_used = applied + deductible_used\n"
          + "update family_deductible = family_deductible + applied\n";
      assertEquals(1, couplings(text).size(), text);
    }
  }

  @Test
  void formsThatKeepTheChain() {
    List<String> chains = List.of(
        // a refund's negative total lowers both states: not a saturating prefix
        GUIDE.replace("let applied = min(burden, left)", "let applied = min(claim.total, left)")
            .replace("(burden - applied)", "(claim.total - applied)"),
        // the person's state read by an output: its values before would be stage 1's
        GUIDE.replace("output payout", "output used_before = deductible_used to insurer\noutput payout"),
        // the family counts something else
        GUIDE.replace("update family_deductible = family_deductible + applied",
            "update family_deductible = family_deductible + min(burden, max(0, family_limit - family_deductible))"),
        // per policy year
        GUIDE.replace("state family_deductible: money by insured.family",
            "state family_deductible: money by insured.family per policy_year"),
        GUIDE.replace("state deductible_used: money", "state deductible_used: money per policy_year"));
    for (String text : chains) {
      assertEquals(List.of(), couplings(text), text);
    }
  }
}
