package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckPlanTest {
  @TempDir Path tmp;

  @Test
  void thePlanFollowsTheManifest() {
    Cli c = Cli.run("check", "--plan", Path.of("..", "examples", "policies", "city-inclusive.cpl").toString());
    assertEquals(0, c.code(), c.toString());
    assertTrue(c.out().contains("who computes what"), c.toString());
    assertTrue(c.out().contains("handshake plan:\n"), c.toString());
    assertTrue(c.out().contains("states between claims: deductible_used on shares, paid_ytd on shares"), c.toString());
    assertTrue(c.out().contains("run as prefixes over each person's claims (no layers), in this order:\n"
        + "    deductible_used: saturating, max(s, min(s + x, limit)), x ≥ 0\n"
        + "    paid_ytd: saturating"), c.toString());
    assertTrue(c.out().contains("× products of a shared value and one party's plaintext"), c.toString());
    assertTrue(c.out().contains("  a reversal (a claim with \"reverses\") is settled from what the claim it takes back"
        + " recorded, on shares; the insurer learns which claim reverses which"), c.toString());
  }

  @Test
  void anAggregateByTheDataHoldersKeyShowsBothConstructionsAndThePick() {
    Cli c = Cli.run("check", "--plan", Path.of("..", "examples", "policies", "hospital-aggregate.cpl").toString());
    assertEquals(0, c.code(), c.toString());
    assertTrue(c.out().contains("  aggregate owed on shares (estimates for 2000 claims in 26 groups):\n"
        + "    Beaver triples per claim and group: "), c.toString());
    // the insurer encrypts: its keys fresh this session, or kept and cached by the platform (--state-dir)
    assertTrue(c.out().contains("    homomorphic inner products (BFV), one packed reply, fresh keys: "), c.toString());
    assertTrue(c.out().contains("    homomorphic inner products (BFV), one packed reply, keys cached by the peer: "),
        c.toString());
    assertTrue(c.out().contains("    chosen, fresh keys: loopback HE metro HE wan HE"), c.toString());
    assertTrue(c.out().contains("    chosen, keys cached by the peer: loopback HE metro HE wan HE"), c.toString());
  }

  @Test
  void aStateOutsideEveryFamilyRunsClaimAfterClaimAndThePlanSaysSo() {
    // special-drug's private ratio may be negative as far as the policy says, so its step may be too
    Cli c = Cli.run("check", "--plan", Path.of("..", "examples", "policies", "special-drug.cpl").toString());
    assertEquals(0, c.code(), c.toString());
    assertTrue(c.out().contains("states on shares run claim after claim"), c.toString());
  }

  @Test
  void aPolicyHandshakeModeMustRefuseExitsOneAndSaysWhere() throws Exception {
    Path policy = write("per-item-table.cpl", """
        policy "per-item-table" version 1
        private table drug_ratio: ratio by code size 1000000 default 0%
        output payout = sum(item.amount * drug_ratio[item.code] for item in claim.items) to insurer
        """);
    Cli c = Cli.run("check", "--plan", policy.toString());
    assertEquals(1, c.code(), c.toString());
    assertTrue(c.out().contains("handshake mode cannot run this policy:\n    3:"), c.toString());
    // without --plan the policy is fine for rules-come-in mode
    assertEquals(0, Cli.run("check", policy.toString()).code());
  }

  @Test
  void anItemLevelValueOnSharesShowsItsStepsPerLineItemAndTheItemBoundTheInsurerLearns() throws Exception {
    Cli c = Cli.run("check", "--plan", write("per-item.cpl", """
        policy "per-item" version 1
        private param rate: ratio
        output payout = sum(item.amount * rate for item in claim.items) to insurer
        """).toString());
    assertEquals(0, c.code(), c.toString());
    assertTrue(c.out().contains("the insurer also learns, in handshake mode, the batch's item bound"), c.toString());
    assertTrue(c.out().contains("padded to the batch's item bound K"), c.toString());
    assertTrue(c.out().contains("× exact divisions with rounding (ratio products, division by a constant), up to 48 bits,"
        + " per line item (K times per claim)"), c.toString());
  }

  @Test
  void aRoundingTooWideForTheShareArithmeticIsListed() throws Exception {
    Path policy = write("wide.cpl", """
        policy "wide" version 1
        private param rate: ratio
        output payout = sum(item.amount for item in claim.items) * 4 * rate to insurer
        """);
    Cli c = Cli.run("check", "--plan", policy.toString());
    assertEquals(1, c.code(), c.toString());
    assertTrue(c.out().contains("beyond the secure evaluator"), c.toString());
    assertTrue(c.out().contains("a rounding of a value spanning"), c.toString());
  }

  private Path write(String name, String text) throws java.io.IOException {
    Path policy = tmp.resolve(name);
    Files.writeString(policy, text);
    return policy;
  }
}
