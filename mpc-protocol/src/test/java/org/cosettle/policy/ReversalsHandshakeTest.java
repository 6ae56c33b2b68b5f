package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.cosettle.core.Claim;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.ShareLedger;
import org.cosettle.mpc.engine.TwoPartySettlement;
import org.cosettle.mpc.plan.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reversals in handshake mode: the hand-worked batch of the plaintext golden test (two reversals
 * between other claims of their person, a bool output, int and money states on shares) settles to
 * the same figures at both parties; a reversal of an earlier batch's claim settles from the two
 * parties' ledgers of shares (through their files), and ledgers of different settlements are
 * refused naming the claim; a reversal the batch cannot settle is refused at both parties with
 * plaintext mode's reason at the data holder; reversals under a per-year state whose update the
 * insurer computes alone, worked by hand across an anniversary, settle whole and through the ledgers
 * of shares (per-year states: {@link YearlyReversalsHandshakeTest}; states
 * shared by a family: {@link FamilyReversalsHandshakeTest}; states per item code: {@link
 * ItemCodeReversalsHandshakeTest}).
 */
class ReversalsHandshakeTest {
  private static CompiledPolicy policy() throws Exception {
    return Policies.compile(new Source("reversals.cpl", ReversalsGoldenTest.POLICY)).policy();
  }

  private static InsuredFile insured(CompiledPolicy policy) {
    return InsuredFile.of(policy.stateNames(), List.of(new InsuredRecord("P1", false, 20_000, new long[] {0, 0, 0, 0}),
        new InsuredRecord("P2", false, 20_000, new long[] {50_000, 0, 0, 0})));
  }

  @Test
  void reversalsInTheBatchSettleAsInPlaintextMode() throws Exception {
    CompiledPolicy policy = policy();
    List<Claim> claims = List.of(ReversalsGoldenTest.claim("A1", "P1", 30_000),
        ReversalsGoldenTest.claim("A2", "P1", 40_000), ReversalsGoldenTest.reversal("R1", "P1", -30_000, "A1"),
        ReversalsGoldenTest.claim("B1", "P2", 20_000), ReversalsGoldenTest.claim("A3", "P1", 10_000),
        ReversalsGoldenTest.reversal("R2", "P1", -40_000, "A2"));
    TwoPartySettlement.Sides sides = TwoPartySettlement.runWith(policy, claims, insured(policy), new long[0], null, 0,
        UnaryOperator.identity());
    assertNull(sides.dataHolderFailure());
    assertNull(sides.insurerFailure());
    HandshakeSettlement.InsurerOutcome theirs = sides.insurer();
    // the figures of ReversalsGoldenTest: R1 pays back A1's 0.00, R2 A2's 160.00
    assertArrayEquals(new long[] {0, 16_000, 0, 16_000, 0, -16_000}, theirs.outputs()[0]);
    assertArrayEquals(new long[] {0, 1, 0, 1, 0, 1}, theirs.outputs()[1]);
    assertArrayEquals(new long[] {10_000, 50_000}, theirs.states()[0]);
    assertArrayEquals(new long[] {0, 16_000}, theirs.states()[1]);
    assertArrayEquals(new long[] {1, 1}, theirs.states()[2]);
    assertArrayEquals(new long[] {1, 1}, theirs.states()[3]);
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(claims,
        insured(policy), new long[0]), problem -> problem));
  }

  @Test
  void aReversalOfAnEarlierBatchsClaimReadsBothPartiesLedgersOfShares() throws Exception {
    CompiledPolicy policy = policy();
    InsuredFile before = insured(policy);
    TwoPartySettlement.Sides first = TwoPartySettlement.runWithLedgers(policy, List.of(
        ReversalsGoldenTest.claim("B1", "P2", 20_000), ReversalsGoldenTest.claim("B2", "P2", 5_000)), before,
        PrivateValues.of(new long[0]), 0, ShareLedger.empty(policy, Party.DATA_HOLDER),
        ShareLedger.empty(policy, Party.INSURER));
    assertNull(first.dataHolderFailure());
    ShareLedger platform = throughFile(first.dataHolder().ledger(), policy, Party.DATA_HOLDER);
    ShareLedger insurer = throughFile(first.insurer().ledger(), policy, Party.INSURER);
    // no share alone is the value: B1's payout of 160.00 is the sum of the two parties' shares
    assertEquals(16_000L, platform.entries().get(0).outputs()[0] + insurer.entries().get(0).outputs()[0]);
    assertEquals(platform.entries().get(0).batch(), insurer.entries().get(0).batch());
    InsuredFile after = between(policy, before, first.insurer().states());
    List<Claim> second = List.of(ReversalsGoldenTest.reversal("R1", "P2", -20_000, "B1"),
        ReversalsGoldenTest.claim("C1", "P2", 10_000));
    TwoPartySettlement.Sides sides = TwoPartySettlement.runWithLedgers(policy, second, after,
        PrivateValues.of(new long[0]), 0, platform, insurer);
    assertNull(sides.dataHolderFailure());
    // the figures of ReversalsGoldenTest: R1 pays back B1's 160.00, lowers paid by it and visits by 1
    assertArrayEquals(new long[] {-16_000, 8_000}, sides.insurer().outputs()[0]);
    assertArrayEquals(new long[] {1, 1}, sides.insurer().outputs()[1]);
    int p2 = after.indexOf("P2");
    assertEquals(List.of(50_000L, 12_000L, 2L, 1L), List.of(sides.insurer().states()[0][p2],
        sides.insurer().states()[1][p2], sides.insurer().states()[2][p2], sides.insurer().states()[3][p2]));
    assertEquals(4, sides.insurer().ledger().entries().size());
    ShareLedger.Entry r1Platform = sides.dataHolder().ledger().entries().get(2);
    ShareLedger.Entry r1Insurer = sides.insurer().ledger().entries().get(2);
    assertEquals("B1", r1Insurer.reverses());
    assertEquals(-16_000L, r1Platform.outputs()[0] + r1Insurer.outputs()[0]);
    assertEquals(-16_000L, r1Platform.increments()[1] + r1Insurer.increments()[1]);
    assertEquals(-1L, r1Platform.increments()[2] + r1Insurer.increments()[2]);
  }

  @Test
  void ledgersOfSharesFromDifferentSettlementsAreRefusedNamingTheClaim() throws Exception {
    CompiledPolicy policy = policy();
    InsuredFile before = insured(policy);
    List<Claim> claims = List.of(ReversalsGoldenTest.claim("B1", "P2", 20_000));
    TwoPartySettlement.Sides once = TwoPartySettlement.runWithLedgers(policy, claims, before,
        PrivateValues.of(new long[0]), 0, ShareLedger.empty(policy, Party.DATA_HOLDER),
        ShareLedger.empty(policy, Party.INSURER));
    TwoPartySettlement.Sides again = TwoPartySettlement.runWithLedgers(policy, claims, before,
        PrivateValues.of(new long[0]), 0, ShareLedger.empty(policy, Party.DATA_HOLDER),
        ShareLedger.empty(policy, Party.INSURER));
    List<Claim> second = List.of(ReversalsGoldenTest.reversal("R1", "P2", -20_000, "B1"));
    InsuredFile after = between(policy, before, once.insurer().states());
    TwoPartySettlement.Sides sides = TwoPartySettlement.runWithLedgers(policy, second, after,
        PrivateValues.of(new long[0]), 0, once.dataHolder().ledger(), again.insurer().ledger());
    HandshakeSettlement.RefusedException atDataHolder =
        assertInstanceOf(HandshakeSettlement.RefusedException.class, sides.dataHolderFailure());
    assertInstanceOf(HandshakeSettlement.RefusedException.class, sides.insurerFailure());
    Refusal refusal = atDataHolder.refusals().get(0);
    assertEquals(Refusal.Kind.REVERSAL, refusal.kind());
    assertEquals(List.of("R1"), refusal.claimIds());
    assertEquals(true, refusal.detail().startsWith("claim R1 reverses claim B1 of an earlier batch, which the insurer's"
        + " ledger of shares records from settlement " + again.insurer().ledger().entries().get(0).batch()), refusal.detail());
    // the control: the two ledgers of the same settlement settle the reversal
    TwoPartySettlement.Sides matched = TwoPartySettlement.runWithLedgers(policy, second, after,
        PrivateValues.of(new long[0]), 0, once.dataHolder().ledger(), once.insurer().ledger());
    assertArrayEquals(new long[] {-16_000}, matched.insurer().outputs()[0]);
    // and the peer's file is not a party's own
    Path file = tmp.resolve("swapped.jsonl");
    Files.writeString(file, once.dataHolder().ledger().jsonl());
    InputException swapped = assertThrows(InputException.class, () -> ShareLedger.read(file, "swapped.jsonl", policy,
        Party.INSURER));
    assertEquals(true, swapped.getMessage().contains("data_holder's share"), swapped.getMessage());
  }

  @TempDir Path tmp;

  private ShareLedger throughFile(ShareLedger ledger, CompiledPolicy policy, Party party) throws Exception {
    Path file = tmp.resolve(party + ".jsonl");
    Files.writeString(file, ledger.jsonl());
    return ShareLedger.read(file, party + ".jsonl", policy, party);
  }

  /** {@code before} with the states {@code states[state][record]} the insurer ended a batch with. */
  static InsuredFile between(CompiledPolicy policy, InsuredFile before, long[][] states) {
    List<InsuredRecord> records = new java.util.ArrayList<>();
    for (int r = 0; r < before.records().size(); r++) {
      long[] s = new long[policy.stateNames().size()];
      for (int k = 0; k < s.length; k++) {
        s[k] = states[k][r];
      }
      records.add(before.records().get(r).withStates(s));
    }
    return InsuredFile.of(before.fields(), before.states(), records);
  }

  @Test
  void aReversalThatTakesAStateOutOfItsBoundIsRefusedAsInPlaintextMode() throws Exception {
    // the clamp keeps every ordinary value within [0, 1,000,000,000.00], so only a reversal can leave it
    CompiledPolicy policy = Policies.compile(new Source("bound.cpl", """
        policy "reversal-bound" version 1
        state balance: money
        output paid = claim.total to insurer
        update balance = min(max(balance + claim.total, 0), 1000000000.00)
        """)).policy();
    List<Claim> claims = List.of(ReversalsGoldenTest.claim("T1", "P1", -10_000),
        ReversalsGoldenTest.claim("U1", "P1", 10_000), ReversalsGoldenTest.reversal("R1", "P1", 10_000, "T1"));
    // at the top: T1 takes 100.00 off, U1 adds it back up to the ceiling, R1 takes T1's -100.00 back: 100.00 above
    assertEquals("both reject the batch", HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(
        claims, start(policy, 100_000_000_000L), new long[0]), problem -> problem));
    TwoPartySettlement.Sides sides = TwoPartySettlement.runWith(policy, claims, start(policy, 100_000_000_000L),
        new long[0], null, 0, UnaryOperator.identity());
    assertEquals(List.of(Refusal.Kind.STATE_OUT_OF_BOUNDS), assertInstanceOf(HandshakeSettlement.RefusedException.class,
        sides.dataHolderFailure()).refusals().stream().map(Refusal::kind).toList());
    // the control: 100.00 lower, the same batch stays within the bound and settles as in plaintext mode
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(claims,
        start(policy, 100_000_000_000L - 10_000), new long[0]), problem -> problem));
  }

  @Test
  void aPolicyWhoseOnlyWorkOnSharesIsAReversalsBoundCheckMakesItsCorrelations() throws Exception {
    // the update reads claim data alone and stays within the bound: only the reversal needs comparisons
    CompiledPolicy policy = Policies.compile(new Source("last.cpl", """
        policy "last-bill" version 1
        state last: money
        output seen = claim.total to data_holder
        update last = claim.total
        """)).policy();
    List<Claim> claims = List.of(ReversalsGoldenTest.claim("A1", "P1", 10_000),
        ReversalsGoldenTest.reversal("R1", "P1", -10_000, "A1"));
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(claims,
        start(policy, 0), new long[0]), problem -> problem));
  }

  private static InsuredFile start(CompiledPolicy policy, long balance) {
    return InsuredFile.of(policy.stateNames(), List.of(new InsuredRecord("P1", false, 20_000, new long[] {balance})));
  }

  @Test
  void aReversalTheBatchCannotSettleIsRefusedAtBothParties() throws Exception {
    CompiledPolicy policy = policy();
    List<Claim> claims = List.of(ReversalsGoldenTest.claim("A1", "P1", 30_000),
        ReversalsGoldenTest.claim("B1", "P2", 20_000), ReversalsGoldenTest.reversal("R1", "P1", -20_000, "B1"));
    TwoPartySettlement.Sides sides = TwoPartySettlement.runWith(policy, claims, insured(policy), new long[0], null, 0,
        UnaryOperator.identity());
    HandshakeSettlement.RefusedException atDataHolder =
        assertInstanceOf(HandshakeSettlement.RefusedException.class, sides.dataHolderFailure());
    HandshakeSettlement.RefusedException atInsurer =
        assertInstanceOf(HandshakeSettlement.RefusedException.class, sides.insurerFailure());
    assertEquals(List.of(Refusal.Kind.REVERSAL), atDataHolder.refusals().stream().map(Refusal::kind).toList());
    assertEquals(List.of(Refusal.Kind.REVERSAL), atInsurer.refusals().stream().map(Refusal::kind).toList());
    assertEquals("claim R1 (line " + claims.get(2).line() + "): reverses: claim B1 is for insured P2, this reversal for P1; a reversal takes back"
        + " a claim of its own insured person",
        atDataHolder.refusals().get(0).detail());
  }

  @Test
  void aReversalUnderAPerYearStateTheInsurerComputesAloneSettlesAsWorkedByHand() throws Exception {
    // the update reads the insurer's base alone; the increment counts from the restarted read, which compares
    // the two parties' dates: the planner keeps the per-year state on shares, so a reversal takes it back
    CompiledPolicy policy = Policies.compile(new Source("alone.cpl", """
        policy "alone" version 1
        state base: money
        state yearly: money per policy_year
        output payout = claim.total to insurer
        output counted = yearly to insurer
        update yearly = base + 1.00
        """)).policy();
    assertTrue(org.cosettle.mpc.plan.Planner.plan(policy).stateShared(1));
    // P1 started on 2025-07-01: base 5.00, yearly 2.00 in year 1
    InsuredFile insured = InsuredFile.of(policy.insuredFields(), policy.stateColumns(), List.of(new InsuredRecord("P1",
        false, (int) java.time.LocalDate.of(2025, 7, 1).toEpochDay(), new long[] {500, 200, 1})));
    List<Claim> first = List.of(
        on("A1", 10_000, "", "2026-06-01"),    // reads 2.00; 6.00, +4.00 in year 1
        on("A2", 10_000, "", "2026-07-10"));   // year 2 restarts: reads 0.00; +6.00
    List<Claim> second = List.of(
        on("R2", -10_000, "A2", "2026-07-20"), // year 2 recorded: back to 0.00
        on("A3", 10_000, "", "2026-08-01"),    // reads 0.00; 6.00
        on("R1", -10_000, "A1", "2026-08-02"), // year 1 closed: stays 6.00
        on("A4", 10_000, "", "2026-08-03"));   // reads 6.00
    List<Claim> both = new java.util.ArrayList<>(first);
    both.addAll(second);
    BatchResult plaintext = Evaluator.evaluate(policy, both, insured, new long[0]);
    List<Long> counted = new java.util.ArrayList<>();
    for (int c = 0; c < both.size(); c++) {
      counted.add(plaintext.output(c, 1));
    }
    assertEquals(List.of(200L, 0L, 0L, 0L, -200L, 600L), counted);
    assertEquals(List.of(600L, 2L), List.of(plaintext.state(0, 1), plaintext.state(0, 2)));
    // whole, then in two batches through both parties' ledgers of shares
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(both, insured,
        new long[0]), problem -> problem));
    TwoPartySettlement.Sides one = TwoPartySettlement.runWithLedgers(policy, first, insured,
        PrivateValues.of(new long[0]), 0, ShareLedger.empty(policy, Party.DATA_HOLDER),
        ShareLedger.empty(policy, Party.INSURER));
    assertNull(one.dataHolderFailure());
    TwoPartySettlement.Sides two = TwoPartySettlement.runWithLedgers(policy, second,
        between(policy, insured, one.insurer().states()), PrivateValues.of(new long[0]), 0,
        throughFile(one.dataHolder().ledger(), policy, Party.DATA_HOLDER),
        throughFile(one.insurer().ledger(), policy, Party.INSURER));
    assertNull(two.dataHolderFailure());
    assertNull(two.insurerFailure());
    assertArrayEquals(new long[] {0, 0, -200, 600}, two.insurer().outputs()[1]);
    assertEquals(List.of(600L, 2L), List.of(two.insurer().states()[1][0], two.insurer().states()[2][0]));
  }

  /** A claim of P1 admitted on {@code admitted}, reversing {@code reverses} ("": none). */
  private static Claim on(String id, long total, String reverses, String admitted) {
    int day = (int) java.time.LocalDate.parse(admitted).toEpochDay();
    return new Claim(id, "P1", "", org.cosettle.core.VisitType.INPATIENT, 2, day, day + 3, "C34.9", 60,
        org.cosettle.core.Sex.FEMALE, total, 0, 0, 0, total, total, 0, 0, 0, 0, List.of(),
        org.cosettle.core.SettlementRoute.LOCAL, false, 0, day, reverses, 0);
  }
}
