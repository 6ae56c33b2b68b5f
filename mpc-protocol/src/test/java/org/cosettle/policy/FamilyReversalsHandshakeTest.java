package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.ShareLedger;
import org.cosettle.mpc.engine.TwoPartySettlement;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.mpc.plan.Refusal;
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
 * family state the insurer updates alone (no chain) is taken back in the insurer's own part. A
 * reversal that takes a family's state beyond its bound is refused by both parties, as plaintext
 * mode rejects the batch (the random family batches with reversals never reach that bound).
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
    TwoPartySettlement.Sides two = settled(policy, second, between, platform, insurer);
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
    assertAsInOneBatch(policy, before, first, second, payouts, two);
  }

  /**
   * A first batch long enough to run on family prefixes ({@code FamilyPrefix}) records, in both
   * ledgers of shares, the year each claim's increments went into as the increment of the states
   * holding a year (as plaintext mode and the chain record it), so that a family chain's reversal of
   * one of its claims in the next batch finds the year still open and takes the family's part back.
   */
  @Test
  void aReversalOfAClaimSettledOnFamilyPrefixesTakesTheFamilysPartBack() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile("""
        policy "family-annual-cap" version 1
        insured field family: id
        param family_cap: money = 1000.00
        state paid: money per policy_year
        state family_paid: money by insured.family per policy_year
        let pay = min(max(0, claim.cash_paid), max(0, family_cap - family_paid))
        output payout = pay to insurer, data_holder
        update paid = paid + pay
        update family_paid = family_paid + pay
        """);
    assertEquals(List.of(), Planner.plan(policy).refusals());
    assertTrue(Planner.plan(policy).familyPrefixStages().isPresent(), Planner.plan(policy).render());
    // one family, its anniversary on 1 March, in year 2 (from 1 March 2025) with nothing paid
    InsuredFile before = InsuredFile.read(Files.writeString(dir.resolve("cap.csv"), """
        insured_id,preexisting,policy_start,family,paid,family_paid,family_policy_year,policy_year
        P1,false,2024-03-01,F-1,0.00,0.00,2,2
        P2,false,2024-03-01,F-1,0.00,0.00,2,2
        P3,false,2024-03-01,F-1,0.00,0.00,2,2
        """), "cap.csv", policy.insuredFields(), policy.stateColumns(), 100);
    // the family is paid up to 1,000.00 a year: A3 gets the 20.00 left, B3 nothing
    List<Claim> first = List.of(visit("A1", "P1", 20_000, "2026-01-05", ""), visit("B1", "P2", 5_000, "2026-01-06", ""),
        visit("C1", "P3", 8_000, "2026-01-07", ""), visit("A2", "P1", 40_000, "2026-01-08", ""),
        visit("B2", "P2", 20_000, "2026-01-09", ""), visit("C2", "P3", 5_000, "2026-01-10", ""),
        visit("A3", "P1", 5_000, "2026-01-11", ""), visit("B3", "P2", 30_000, "2026-01-12", ""));
    TwoPartySettlement.Sides one = TwoPartySettlement.runWithLedgers(policy, first, before,
        PrivateValues.of(new long[0]), 0, ShareLedger.empty(policy, Party.DATA_HOLDER),
        ShareLedger.empty(policy, Party.INSURER));
    assertNull(one.dataHolderFailure());
    assertNull(one.insurerFailure());
    assertArrayEquals(new long[] {20_000, 5_000, 8_000, 40_000, 20_000, 5_000, 2_000, 0}, one.insurer().outputs()[0]);
    ShareLedger platform = throughFile(one.dataHolder().ledger(), policy, Party.DATA_HOLDER);
    ShareLedger insurer = throughFile(one.insurer().ledger(), policy, Party.INSURER);
    for (int c = 0; c < first.size(); c++) {
      // family_policy_year and policy_year: the year 2 every claim's increments went into
      for (int s = 2; s < 4; s++) {
        assertEquals(2L, platform.entries().get(c).increments()[s] + insurer.entries().get(c).increments()[s],
            first.get(c).id() + " state " + s);
      }
    }
    InsuredFile between = ReversalsHandshakeTest.between(policy, before, one.insurer().states());
    // R1 takes A2's 400.00 back from the family (still in year 2): C3 finds 400.00 left of the cap;
    // D1 on 2 March starts year 3: paid whole
    List<Claim> second = List.of(visit("R1", "P1", 40_000, "2026-01-08", "A2"),
        visit("C3", "P3", 50_000, "2026-02-10", ""), visit("D1", "P1", 30_000, "2026-03-02", ""));
    TwoPartySettlement.Sides two = settled(policy, second, between, platform, insurer);
    long[] payouts = {-40_000, 40_000, 30_000};
    assertArrayEquals(payouts, two.insurer().outputs()[0]);
    assertArrayEquals(payouts, two.dataHolder().outputs()[0]);
    assertAsInOneBatch(policy, before, first, second, payouts, two);
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
    InsuredFile before = twoMembers(policy, "family_visits", "0");
    List<Claim> claims = List.of(visit("A1", "P1", 10_000, "2026-02-20", ""), visit("R1", "P1", 10_000, "2026-02-20",
        "A1"), visit("B1", "P2", 10_000, "2026-02-21", ""));
    // A1 the family's first visit, paid whole; R1 takes it back, so B1 is the first again
    BatchGenerator.Batch batch = new BatchGenerator.Batch(claims, before, new long[0]);
    BatchResult plain = Evaluator.evaluate(policy, claims, before, new long[0]);
    assertEquals(List.of(10_000L, -10_000L, 10_000L), List.of(plain.output(0, 0), plain.output(1, 0),
        plain.output(2, 0)));
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy, batch, problem -> problem));
  }

  @Test
  void aFamilyReversalThatTakesTheFamilysStateOutOfItsBoundIsRefusedAsInPlaintextMode() throws Exception {
    // the clamp keeps every ordinary value within [0, 1,000,000,000.00], so only a reversal can leave it
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile("""
        policy "family-reversal-bound" version 1
        insured field family: id
        state balance: money by insured.family
        output paid = claim.total to insurer
        update balance = min(max(balance + claim.total, 0), 1000000000.00)
        """);
    List<Claim> claims = List.of(ReversalsGoldenTest.claim("T1", "P1", -10_000),
        ReversalsGoldenTest.claim("U1", "P2", 10_000), ReversalsGoldenTest.reversal("R1", "P1", 10_000, "T1"));
    // the family at the top: P1's T1 takes 100.00 off, P2's U1 adds it back up to the ceiling, R1 takes
    // T1's -100.00 back: the family's balance 100.00 above the ceiling
    assertEquals("both reject the batch", HandshakePropertyTest.settleAndCompare(policy,
        new BatchGenerator.Batch(claims, twoMembers(policy, "balance", "1000000000.00"), new long[0]), problem -> problem));
    TwoPartySettlement.Sides sides = TwoPartySettlement.runWith(policy, claims, twoMembers(policy, "balance", "1000000000.00"),
        new long[0], null, 0, UnaryOperator.identity());
    assertEquals(List.of(Refusal.Kind.STATE_OUT_OF_BOUNDS), assertInstanceOf(HandshakeSettlement.RefusedException.class,
        sides.dataHolderFailure()).refusals().stream().map(Refusal::kind).toList());
    // the control: 100.00 lower, the same batch stays within the bound and settles as in plaintext mode
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy,
        new BatchGenerator.Batch(claims, twoMembers(policy, "balance", "999999900.00"), new long[0]), problem -> problem));
  }

  /** P1 and P2 of family F-1, the policy's one family state ({@code column}) at {@code value}. */
  private InsuredFile twoMembers(CompiledPolicy policy, String column, String value) throws Exception {
    Path file = Files.writeString(dir.resolve("family.csv"), """
        insured_id,preexisting,policy_start,family,%1$s
        P1,false,2024-02-29,F-1,%2$s
        P2,false,2024-02-29,F-1,%2$s
        """.formatted(column, value));
    return InsuredFile.read(file, "family.csv", policy.insuredFields(), policy.stateColumns(), 100);
  }

  /** {@code second} settled in handshake mode after {@code between}, with both parties' ledgers of shares. */
  private static TwoPartySettlement.Sides settled(CompiledPolicy policy, List<Claim> second, InsuredFile between,
      ShareLedger platform, ShareLedger insurer) throws Exception {
    TwoPartySettlement.Sides two = TwoPartySettlement.runWithLedgers(policy, second, between,
        PrivateValues.of(new long[0]), 0, platform, insurer);
    assertNull(two.dataHolderFailure());
    assertNull(two.insurerFailure());
    return two;
  }

  /**
   * Plaintext mode over {@code first} and {@code second} in one batch pays the second's claims
   * {@code payouts} and leaves the states {@code two} (the second batch in handshake mode) left.
   */
  private static void assertAsInOneBatch(CompiledPolicy policy, InsuredFile before, List<Claim> first,
      List<Claim> second, long[] payouts, TwoPartySettlement.Sides two) throws EvaluationException {
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

  private ShareLedger throughFile(ShareLedger ledger, CompiledPolicy policy, Party party) throws Exception {
    Path file = dir.resolve(party + ".jsonl");
    Files.writeString(file, ledger.jsonl());
    return ShareLedger.read(file, party + ".jsonl", policy, party);
  }
}
