package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.ShareLedger;
import org.cosettle.mpc.engine.TwoPartySettlement;
import org.cosettle.mpc.plan.Planner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reversals under a family deductible per policy year in handshake mode, worked by hand ({@code
 * FamilyYearsGoldenTest}'s policy and family of three: 2,000.00 per family and year, 80% of the
 * rest paid, each person's {@code paid_ytd} per year; the family in year 2 with 1,500.00 used, its
 * anniversary on 1 March): a reversal in the batch between other members' claims gives the family
 * its deductible back for the next member, and reversals of an earlier batch's claims through both
 * parties' ledgers of shares in files take the family's part back before the anniversary and not
 * after it, each person's part within the person's year; every figure equal to plaintext mode's. A
 * family state the insurer updates alone (no chain) is taken back in the insurer's own part.
 */
class FamilyReversalsHandshakeTest {
  @TempDir Path dir;

  private InsuredFile insured(CompiledPolicy policy) throws Exception {
    Path file = Files.writeString(dir.resolve("insured.csv"), FamilyYearsGoldenTest.BEFORE);
    return InsuredFile.read(file, "insured.csv", policy.insuredFields(), policy.stateColumns(), 100);
  }

  private static Claim visit(String id, String insuredId, long fen, String admitted, String reverses) {
    return FamilyYearsGoldenTest.visit(id, insuredId, fen, admitted, reverses);
  }

  @Test
  void aReversalBetweenOtherMembersClaimsGivesTheFamilyItsDeductibleBack() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(FamilyYearsGoldenTest.POLICY);
    assertEquals(List.of(), Planner.plan(policy).refusals());
    InsuredFile before = insured(policy);
    List<Claim> claims = List.of(visit("A1", "P1", 100_000, "2026-02-20", ""),
        visit("B1", "P2", 60_000, "2026-02-28", ""), visit("R1", "P1", 100_000, "2026-02-20", "A1"),
        visit("C1", "P3", 30_000, "2026-02-25", ""));
    TwoPartySettlement.Sides sides = TwoPartySettlement.runWithLedgers(policy, claims, before,
        PrivateValues.of(new long[0]), 0, ShareLedger.empty(policy, Party.DATA_HOLDER),
        ShareLedger.empty(policy, Party.INSURER));
    assertNull(sides.dataHolderFailure());
    assertNull(sides.insurerFailure());
    // A1: 500.00 of the family's 2,000.00 left, 80% of 500.00 paid; B1: the family's met, 80% of 600.00;
    // R1 pays A1's 400.00 back, gives the family its 500.00 and P1 its 400.00; C1 then finds 500.00 left
    long[] payouts = {40_000, 48_000, -40_000, 0};
    assertArrayEquals(payouts, sides.insurer().outputs()[0]);
    assertArrayEquals(payouts, sides.dataHolder().outputs()[0]);
    // family_deductible, paid_ytd, family_policy_year, policy_year of P1, P2, P3
    assertArrayEquals(new long[] {180_000, 180_000, 180_000}, sides.insurer().states()[0]);
    assertArrayEquals(new long[] {10_000, 48_000, 30_000}, sides.insurer().states()[1]);
    assertArrayEquals(new long[] {2, 2, 2}, sides.insurer().states()[2]);
    assertArrayEquals(new long[] {2, 2, 2}, sides.insurer().states()[3]);
    BatchGenerator.Batch batch = new BatchGenerator.Batch(claims, before, new long[0]);
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy, batch, problem -> problem));
    // the ledgers of shares record each claim's increments: R1's the negated A1's, the year its own
    List<ShareLedger.Entry> a = sides.dataHolder().ledger().entries();
    List<ShareLedger.Entry> b = sides.insurer().ledger().entries();
    long[] family = new long[claims.size()];
    for (int c = 0; c < family.length; c++) {
      family[c] = a.get(c).increments()[0] + b.get(c).increments()[0];
    }
    assertArrayEquals(new long[] {50_000, 0, -50_000, 30_000}, family);
  }

  @Test
  void reversalsOfAnEarlierBatchTakeTheFamilysPartBackOnlyWithinItsYear() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(FamilyYearsGoldenTest.POLICY);
    InsuredFile before = insured(policy);
    // A1: 300.00 to the family (1,800.00), nothing paid; B1: 200.00 to it (2,000.00), 80% of 400.00
    List<Claim> first = List.of(visit("A1", "P1", 30_000, "2026-02-20", ""),
        visit("B1", "P2", 60_000, "2026-02-21", ""));
    TwoPartySettlement.Sides one = TwoPartySettlement.runWithLedgers(policy, first, before,
        PrivateValues.of(new long[0]), 0, ShareLedger.empty(policy, Party.DATA_HOLDER),
        ShareLedger.empty(policy, Party.INSURER));
    assertNull(one.dataHolderFailure());
    assertArrayEquals(new long[] {0, 32_000}, one.insurer().outputs()[0]);
    ShareLedger platform = throughFile(one.dataHolder().ledger(), policy, Party.DATA_HOLDER);
    ShareLedger insurer = throughFile(one.insurer().ledger(), policy, Party.INSURER);
    // the two parts of B1's family increment add up to 200.00, of its year to 2
    assertEquals(20_000L, platform.entries().get(1).increments()[0] + insurer.entries().get(1).increments()[0]);
    assertEquals(2L, platform.entries().get(1).policyYear() + insurer.entries().get(1).policyYear());
    InsuredFile between = ReversalsHandshakeTest.between(policy, before, one.insurer().states());
    List<Claim> second = List.of(visit("R1", "P1", 30_000, "2026-02-20", "A1"),
        visit("A2", "P1", 40_000, "2026-02-26", ""), visit("C1", "P3", 120_000, "2026-03-01", ""),
        visit("R2", "P2", 60_000, "2026-02-21", "B1"), visit("B2", "P2", 50_000, "2026-04-01", ""));
    TwoPartySettlement.Sides two = TwoPartySettlement.runWithLedgers(policy, second, between,
        PrivateValues.of(new long[0]), 0, platform, insurer);
    assertNull(two.dataHolderFailure());
    assertNull(two.insurerFailure());
    // R1 (year 2 still) gives the family A1's 300.00 back: A2 finds 300.00 left, 80% of 100.00 paid;
    // C1 (1 March: year 3) restarts the family, 1,200.00 to it; R2 pays B1's 320.00 back and takes
    // P2's 320.00 back (P2 still in year 2), not the family's 200.00 (its year 2 has closed); B2
    // (year 3) finds 800.00 left, 500.00 to it, nothing paid
    long[] payouts = {0, 8_000, 0, -32_000, 0};
    assertArrayEquals(payouts, two.insurer().outputs()[0]);
    assertArrayEquals(payouts, two.dataHolder().outputs()[0]);
    assertArrayEquals(new long[] {170_000, 170_000, 170_000}, two.insurer().states()[0]);
    assertArrayEquals(new long[] {18_000, 0, 0}, two.insurer().states()[1]);
    assertArrayEquals(new long[] {3, 3, 3}, two.insurer().states()[2]);
    assertArrayEquals(new long[] {2, 3, 3}, two.insurer().states()[3]);
    // plaintext mode over the whole batch agrees
    List<Claim> all = new ArrayList<>(first);
    all.addAll(second);
    BatchResult whole = Evaluator.evaluate(policy, all, before, new long[0]);
    for (int c = 0; c < second.size(); c++) {
      assertEquals(whole.output(first.size() + c, 0), payouts[c], second.get(c).id());
    }
    for (int s = 0; s < policy.stateNames().size(); s++) {
      for (int r = 0; r < before.records().size(); r++) {
        assertEquals(whole.state(r, s), two.insurer().states()[s][r], "state " + s + " record " + r);
      }
    }
  }

  @Test
  void aFamilyStateTheInsurerKeepsAloneIsTakenBackInItsOwnPart() throws Exception {
    // the family's count reads only the insurer's values: no chain, the insurer's plaintext part reverses it
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile("""
        policy "family-visits" version 1
        insured field family: id
        state family_visits: int by insured.family
        output payout = claim.cash_paid * (if family_visits >= 1 then 50% else 100%) to insurer
        update family_visits = family_visits + 1
        """);
    InsuredFile before = InsuredFile.read(Files.writeString(dir.resolve("visits.csv"), """
        insured_id,preexisting,policy_start,family,family_visits
        P1,false,2024-02-29,F-1,0
        P2,false,2024-02-29,F-1,0
        """), "visits.csv", policy.insuredFields(), policy.stateColumns(), 100);
    List<Claim> claims = List.of(visit("A1", "P1", 10_000, "2026-02-20", ""), visit("R1", "P1", 10_000, "2026-02-20",
        "A1"), visit("B1", "P2", 10_000, "2026-02-21", ""));
    // A1 the family's first visit, paid whole; R1 takes it back, so B1 is the first again
    BatchGenerator.Batch batch = new BatchGenerator.Batch(claims, before, new long[0]);
    BatchResult plain = Evaluator.evaluate(policy, claims, before, new long[0]);
    assertEquals(List.of(10_000L, -10_000L, 10_000L), List.of(plain.output(0, 0), plain.output(1, 0),
        plain.output(2, 0)));
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy, batch, problem -> problem));
  }

  private ShareLedger throughFile(ShareLedger ledger, CompiledPolicy policy, Party party) throws Exception {
    Path file = dir.resolve(party + ".jsonl");
    Files.writeString(file, ledger.jsonl());
    return ShareLedger.read(file, party + ".jsonl", policy, party);
  }
}
