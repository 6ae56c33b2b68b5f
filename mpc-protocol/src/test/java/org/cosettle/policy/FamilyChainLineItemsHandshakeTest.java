package org.cosettle.policy;

import static org.cosettle.policy.ItemCodeStatesHandshakeTest.claim;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.insured;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.mpc.plan.Planner;
import org.junit.jupiter.api.Test;

/**
 * A line-item value that reads a state of the family chain (a person's running total beside a
 * family's deductible) in handshake mode: each claim's line-item rows go into the insurer's family
 * order with its other values and the step computes them there; every output and state equal to
 * plaintext mode's, worked by hand.
 */
class FamilyChainLineItemsHandshakeTest {
  /**
   * A family deductible of 1,000.00 on what is not a special drug, 90% after it; each special drug
   * line 80%, none above what is left of the person's 10,000.00 for drugs before the claim.
   */
  static final String POLICY = """
      policy "family-drug-lines" version 1
      insured field family: id
      param deductible: money = 1000.00
      param drug_limit: money = 10000.00
      state family_deductible: money by insured.family
      state drugs_paid: money
      let drug_lines = sum(min(item.in_scope * 80%, max(0, drug_limit - drugs_paid))
                           for item in claim.items where item.special_drug)
      let care = sum(item.in_scope for item in claim.items where not item.special_drug)
      let applied = min(care, max(0, deductible - family_deductible))
      output payout = drug_lines + (care - applied) * 90% to insurer, data_holder
      update drugs_paid = drugs_paid + drug_lines
      update family_deductible = family_deductible + applied
      """;

  @Test
  void eachDrugLineLimitedByThePersonsRemainderBesideTheFamilysDeductible() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    assertEquals(List.of(), Planner.plan(policy).refusals());
    String plan = Planner.plan(policy).render();
    assertTrue(plan.contains("run as one chain in the insurer's family order") && plan.contains("line-item values that read a"
        + " chained state run in their claim's step"), plan);
    // P1 and P2 are family F1, P3 is F3
    InsuredFile insured = insured(policy, "insured_id,preexisting,policy_start,family,family_deductible,drugs_paid\n"
        + "P1,false,2026-01-01,F1,0.00,0.00\nP2,false,2026-01-01,F1,0.00,0.00\nP3,false,2026-01-01,F3,0.00,0.00\n");
    List<Claim> claims = List.of(
        // the drug line 80% of 6,000.00; the family's deductible takes 1,000.00 of 1,500.00: 4,800.00 + 450.00
        claim("A1", "P1", item("XL01XC", 600_000, true), item("ZB06", 150_000, false)),
        // the family's deductible met by P1: 90% of 2,000.00
        claim("B1", "P2", item("ZB06", 200_000, false)),
        // 5,200.00 left of P1's 10,000.00: each line fits it, 4,000.00 + 3,200.00 (a limit per line, not on their sum)
        claim("A2", "P1", item("XL01XC", 500_000, true), item("XL01XE", 400_000, true)),
        // another family: its own deductible takes all 800.00 of care; the drug line 80% of 1,000.00
        claim("C1", "P3", item("ZB06", 80_000, false), item("L04AB", 100_000, true)),
        // nothing left of P1's 10,000.00 (12,000.00 paid)
        claim("A3", "P1", item("XL01XC", 200_000, true)),
        // a claim with no line item: nothing
        claim("B2", "P2"));
    BatchResult plaintext = Evaluator.evaluate(policy, claims, insured, new long[0]);
    assertEquals(List.of(525_000L, 180_000L, 720_000L, 80_000L, 0L, 0L),
        FamilyItemCodeStatesHandshakeTest.payouts(plaintext), "the hand-worked payouts");
    assertEquals(List.of(100_000L, 100_000L, 80_000L), List.of(plaintext.state(0, 0), plaintext.state(1, 0),
        plaintext.state(2, 0)), "the families' deductibles");
    assertEquals(List.of(1_200_000L, 0L, 80_000L), List.of(plaintext.state(0, 1), plaintext.state(1, 1),
        plaintext.state(2, 1)), "the persons' drug totals");
    ItemCodeStatesHandshakeTest.assertSettlesAsPlaintext(policy, claims, insured);
    // docs/language.md works this example
    assertTrue(java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "language.md"))
        .contains("```cpl\n" + POLICY + "```\n"));
  }
}
