package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.SettlementRoute;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.eval.ClaimBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-worked reversals: one in the same batch as the claim it takes back (later claims are not
 * settled again), one of a claim of an earlier batch through the claim ledger written after it,
 * per-year states across an anniversary, a family's shared state, and every reversal that cannot
 * be settled, each error naming its line.
 */
class ReversalsGoldenTest {
  private static final int DAY = 20_500;
  static final String POLICY = """
      policy "reversals" version 1
      param deductible: money = 500
      param rate: ratio = 80%
      state used: money
      state paid: money
      state visits: int
      state claimed: bool
      let applied = min(claim.total, max(0, deductible - used))
      output payout = (claim.total - applied) * rate to insurer
      output paid_any = payout > 0 to insurer
      update used = used + applied
      update paid = paid + payout
      update visits = visits + 1
      update claimed = true
      """;

  @TempDir Path tmp;

  @Test
  void aReversalInTheSameBatchUndoesItsClaimAndLeavesTheClaimsBetweenAlone() throws Exception {
    CompiledPolicy policy = compile();
    List<Claim> claims = List.of(claim("A1", "P1", 30_000), claim("A2", "P1", 40_000),
        reversal("R1", "P1", -30_000, "A1"), claim("B1", "P2", 20_000), claim("A3", "P1", 10_000),
        reversal("R2", "P1", -40_000, "A2"));
    BatchResult r = Evaluator.evaluate(policy, claims, insured(policy, record("P1", 0, 0, 0, 0),
        record("P2", 50_000, 0, 0, 0)), new long[0]);
    // A1: 300.00 all deductible; A2: 200.00 deductible + 200.00 * 80 % = 160.00 (used 500.00)
    // R1 takes back A1: used 500.00 - 300.00 = 200.00, paid stays 160.00, visits 2 - 1, payout -0.00
    // A3 (after R1, not settled again): 100.00 all deductible (300.00 left), used 300.00
    // R2 takes back A2: payout -160.00, used 300.00 - 200.00 = 100.00, paid 0.00, visits 1
    // P2 had the deductible used up: 200.00 * 80 % = 160.00
    assertEquals(List.of(0L, 16_000L, 0L, 16_000L, 0L, -16_000L), column(r, 0));
    assertEquals(List.of(0L, 1L, 0L, 1L, 0L, 1L), column(r, 1));
    assertEquals(List.of(10_000L, 0L, 1L, 1L), states(r, 0));
    assertEquals(List.of(50_000L, 16_000L, 1L, 1L), states(r, 1));
    assertEquals(-30_000L, r.increment(2, 0));
    assertEquals(-1L, r.increment(2, 2));
    assertEquals(0L, r.increment(2, 3));
    EvaluationException explained = assertThrows(EvaluationException.class, () -> Evaluator.explain(policy, claims,
        insured(policy, record("P1", 0, 0, 0, 0), record("P2", 50_000, 0, 0, 0)), new long[0], "R1"));
    assertEquals("claim R1 is a reversal of claim A1: the policy is not evaluated on it (it pays back that claim's"
        + " outputs and takes back its state increments); explain claim A1 instead", explained.getMessage());
  }

  @Test
  void aReversalOfAnEarlierBatchsClaimReadsTheLedgerWrittenAfterIt() throws Exception {
    CompiledPolicy policy = compile();
    InsuredFile before = insured(policy, record("P2", 50_000, 0, 0, 0));
    BatchResult first = Evaluator.evaluate(policy, List.of(claim("B1", "P2", 20_000), claim("B2", "P2", 5_000)),
        before, new long[0]);
    Path file = tmp.resolve("ledger.jsonl");
    Files.writeString(file, ClaimLedger.empty(policy).after(first).jsonl());
    assertEquals("""
        {"claim_id":"B1","insured_id":"P2","reverses":"","outputs":{"payout":"160.00","paid_any":"true"},\
        "increments":{"used":"0.00","paid":"160.00","visits":"1"}}
        {"claim_id":"B2","insured_id":"P2","reverses":"","outputs":{"payout":"40.00","paid_any":"true"},\
        "increments":{"used":"0.00","paid":"40.00","visits":"1"}}
        """, Files.readString(file));
    ClaimLedger ledger = ClaimLedger.read(file, "ledger.jsonl", policy);
    InsuredFile after = insured(policy, record("P2", first.state(0, 0), first.state(0, 1), first.state(0, 2),
        first.state(0, 3)));
    List<Claim> second = List.of(reversal("R1", "P2", -20_000, "B1"), claim("C1", "P2", 10_000));
    BatchResult r = Evaluator.evaluate(policy, ClaimBatch.of(second, after, ledger.records(), ledger.name()),
        PrivateValues.of(new long[0]), 1);
    // R1 pays back B1's 160.00 and lowers paid by it and visits by 1; C1: 100.00 * 80 % = 80.00
    assertEquals(List.of(-16_000L, 8_000L), column(r, 0));
    assertEquals(List.of(50_000L, 4_000L + 8_000L, 2L, 1L), states(r, 0));
    String next = ledger.after(r).jsonl();
    assertEquals("{\"claim_id\":\"R1\",\"insured_id\":\"P2\",\"reverses\":\"B1\",\"outputs\":{\"payout\":\"-160.00\","
        + "\"paid_any\":\"true\"},\"increments\":{\"used\":\"0.00\",\"paid\":\"-160.00\",\"visits\":\"-1\"}}",
        next.lines().toList().get(2));
    Files.writeString(file, next);
    ClaimLedger third = ClaimLedger.read(file, "ledger.jsonl", policy);
    assertEquals("claim R2 (line 1): reverses: claim B1 is already reversed, by claim R1 of an earlier batch",
        error(policy, third, reversal("R2", "P2", -20_000, "B1")));
    assertEquals("claim R2 (line 1): reverses: claim R1 of an earlier batch is itself a reversal; a reversal cannot"
        + " be reversed", error(policy, third, reversal("R2", "P2", 20_000, "R1")));
    assertEquals("claim B2 (line 1): id: claim B2 was settled in an earlier batch (ledger.jsonl)",
        error(policy, third, claim("B2", "P2", 1)));
  }

  @Test
  void aReversalThatCannotBeSettledNamesItsLine() throws Exception {
    CompiledPolicy policy = compile();
    ClaimLedger none = ClaimLedger.empty(policy);
    assertEquals("claim R1 (line 2): reverses: no claim X9 settled before this line, in this batch or in an earlier"
        + " one (give the earlier batches' claim ledger)",
        error(policy, none, claim("A1", "P1", 1), reversal("R1", "P1", -1, "X9")));
    assertEquals("claim R1 (line 1): reverses: no claim A1 settled before this line, in this batch or in an earlier"
        + " one (give the earlier batches' claim ledger)",
        error(policy, none, reversal("R1", "P1", -1, "A1"), claim("A1", "P1", 1)));
    assertEquals("claim R2 (line 3): reverses: claim A1 is already reversed, by claim R1 (line 2)",
        error(policy, none, claim("A1", "P1", 1), reversal("R1", "P1", -1, "A1"), reversal("R2", "P1", -1, "A1")));
    assertEquals("claim R2 (line 3): reverses: claim R1 (line 2) is itself a reversal; a reversal cannot be reversed",
        error(policy, none, claim("A1", "P1", 1), reversal("R1", "P1", -1, "A1"), reversal("R2", "P1", 1, "R1")));
    assertEquals("claim R1 (line 2): reverses: claim A1 is for insured P1, this reversal for P2; a reversal takes"
        + " back a claim of its own insured person",
        error(policy, none, claim("A1", "P1", 1), reversal("R1", "P2", -1, "A1")));
  }

  @Test
  void aLedgerOfAnotherPolicyIsRejectedLineByLine() throws Exception {
    CompiledPolicy policy = compile();
    Path file = tmp.resolve("other.jsonl");
    Files.writeString(file, """
        {"claim_id":"B1","insured_id":"P2","reverses":"","outputs":{"payout":"1.00","paid_any":"true"},"increments":{}}
        {"claim_id":"B2","insured_id":"P2","outputs":{"pay":"1.00"},"increments":{"used":"0.001","paid":"0","visits":"1"}}
        """);
    InputException e = assertThrows(InputException.class, () -> ClaimLedger.read(file, "other.jsonl", policy));
    assertEquals(List.of(
        "other.jsonl:1: increments.used: missing value",
        "other.jsonl:1: increments.paid: missing value",
        "other.jsonl:1: increments.visits: missing value",
        "other.jsonl:2: outputs.pay: the policy has no such output (a ledger belongs to the policy that wrote it)",
        "other.jsonl:2: outputs.payout: missing value",
        "other.jsonl:2: outputs.paid_any: missing value",
        "other.jsonl:2: increments.used: expected a money value as a string"),
        e.errors().stream().map(Object::toString).toList());
  }

  @Test
  void aPerYearStateIsTakenBackOnlyWithinTheYearTheIncrementWentInto() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile("""
        policy "yearly" version 1
        param cap: money = 1000.00
        state paid: money per policy_year
        output payout = min(claim.total, max(0, cap - paid)) to insurer
        update paid = paid + payout
        """);
    // P1 started on 2025-07-01, 600.00 of year 1's cap used
    InsuredFile insured = InsuredFile.of(policy.insuredFields(), policy.stateColumns(),
        List.of(new InsuredRecord("P1", false, day("2025-07-01"), new long[] {60_000, 1})));
    List<Claim> batch = List.of(
        visit("A1", "P1", 30_000, "2026-06-01", ""),   // year 1: 300.00, 900.00 used
        visit("A2", "P1", 50_000, "2026-07-10", ""),   // year 2 restarts: 500.00
        visit("R2", "P1", 50_000, "2026-07-10", "A2"), // year 2 is recorded: 500.00 back, 0.00 used
        visit("R1", "P1", 30_000, "2026-06-01", "A1"), // year 1 is closed: year 2's 0.00 stays
        visit("A3", "P1", 120_000, "2026-08-01", "")); // the whole cap of year 2: 1,000.00
    BatchResult whole = Evaluator.evaluate(policy, batch, insured, new long[0]);
    assertEquals(List.of(30_000L, 50_000L, -50_000L, -30_000L, 100_000L), column(whole, 0));
    assertEquals(100_000L, whole.state(0, 0));
    assertEquals(2L, whole.state(0, 1));
    // the same in two batches: the ledger records the year each claim's increments went into
    BatchResult first = Evaluator.evaluate(policy, batch.subList(0, 2), insured, new long[0]);
    Path file = tmp.resolve("yearly.jsonl");
    Files.writeString(file, ClaimLedger.empty(policy).after(first).jsonl());
    assertEquals("""
        {"claim_id":"A1","insured_id":"P1","reverses":"","outputs":{"payout":"300.00"},"increments":{"paid":"300.00","policy_year":"1"}}
        {"claim_id":"A2","insured_id":"P1","reverses":"","outputs":{"payout":"500.00"},"increments":{"paid":"500.00","policy_year":"2"}}
        """, Files.readString(file));
    ClaimLedger ledger = ClaimLedger.read(file, "yearly.jsonl", policy);
    InsuredFile between = InsuredFile.of(policy.insuredFields(), policy.stateColumns(),
        List.of(insured.records().get(0).withStates(new long[] {first.state(0, 0), first.state(0, 1)})));
    BatchResult second = Evaluator.evaluate(policy, ClaimBatch.of(batch.subList(2, 5), between, ledger.records(),
        ledger.name()), PrivateValues.of(new long[0]), 1);
    assertEquals(List.of(-50_000L, -30_000L, 100_000L), column(second, 0));
    assertEquals(100_000L, second.state(0, 0));
    assertEquals(2L, second.state(0, 1));
  }

  @Test
  void aReversalTakesBackItsPartOfAFamilysStateAndLaterClaimsSeeIt() throws Exception {
    String text = "policy \"family-deductible\" version 1\n"
        + "insured field family: id\n"
        + "param person_deductible: money = 10000.00\n"
        + "param family_limit: money = 15000.00\n"
        + "param ratio: ratio = 80%\n"
        + "state deductible_used: money\n"
        + "state family_deductible: money by insured.family\n"
        + "let burden = max(0, claim.in_scope - claim.fund_paid)\n"
        + "let left = max(0, min(person_deductible - deductible_used, family_limit - family_deductible))\n"
        + "let applied = min(burden, left)\n"
        + "output payout = (burden - applied) * ratio to insurer, data_holder\n"
        + "update deductible_used = deductible_used + applied\n"
        + "update family_deductible = family_deductible + applied\n";
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(text);
    InsuredFile insured = InsuredFile.of(policy.insuredFields(), policy.stateColumns(), List.of(
        new InsuredRecord("P1", false, day("2025-01-01"), new long[] {0, 0}, new long[] {0}, List.of(List.of("F-1"))),
        new InsuredRecord("P2", false, day("2025-01-01"), new long[] {0, 0}, new long[] {0}, List.of(List.of("F-1")))));
    List<Claim> batch = List.of(
        visit("A1", "P1", 800_000, "2026-03-01", ""),  // all to the deductibles: P1 8,000.00, family 8,000.00
        visit("B1", "P2", 900_000, "2026-03-02", ""),  // 7,000.00 of the family's left: 80% of 2,000.00
        visit("R1", "P1", 800_000, "2026-03-01", "A1"), // P1 back to 0.00, the family to 7,000.00
        visit("B2", "P2", 500_000, "2026-03-03", ""),  // P2's own 3,000.00 left: 80% of 2,000.00
        visit("A2", "P1", 600_000, "2026-03-04", "")); // the family's 5,000.00 left: 80% of 1,000.00
    BatchResult r = Evaluator.evaluate(policy, batch, insured, new long[0]);
    assertEquals(List.of(0L, 160_000L, 0L, 160_000L, 80_000L), column(r, 0));
    assertEquals(List.of(500_000L, 1_500_000L), List.of(r.state(0, 0), r.state(0, 1)));
    assertEquals(List.of(1_000_000L, 1_500_000L), List.of(r.state(1, 0), r.state(1, 1)));
  }

  static int day(String date) {
    return (int) java.time.LocalDate.parse(date).toEpochDay();
  }

  /** A stay admitted on {@code admitted} whose whole in-scope amount {@code fen} the patient paid. */
  static Claim visit(String id, String insuredId, long fen, String admitted, String reverses) {
    int d = day(admitted);
    return new Claim(id, insuredId, "", VisitType.INPATIENT, 2, d, d + 3, "C34.9", 60, Sex.FEMALE, fen, 0, 0, 0,
        fen, 0, 0, 0, 0, fen, List.of(), SettlementRoute.LOCAL, false, 0, d, reverses, 0);
  }

  private static String error(CompiledPolicy policy, ClaimLedger ledger, Claim... claims) throws Exception {
    List<Claim> numbered = new ArrayList<>();
    for (int i = 0; i < claims.length; i++) {
      Claim c = claims[i];
      numbered.add(new Claim(c.id(), c.insuredId(), "", c.visitType(), 2, DAY, DAY, "C34.9", 60, Sex.FEMALE, c.total(),
          0, 0, 0, c.total(), c.total(), 0, 0, 0, 0, List.of(), SettlementRoute.LOCAL, false, 0, DAY, c.reverses(), i + 1));
    }
    InsuredFile insured = insured(policy, record("P1", 0, 0, 0, 0), record("P2", 0, 0, 0, 0));
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> ClaimBatch.of(numbered, insured, ledger.records(), ledger.name()));
    if (ledger.records().isEmpty()) {
      // a batch prepared without stopping at a reversal still refuses to be evaluated
      EvaluationException viaEvaluator = assertThrows(EvaluationException.class, () -> Evaluator.evaluate(policy,
          ClaimBatch.resolve(numbered, insured).batch(), PrivateValues.of(new long[0]), 1));
      assertEquals(e.getMessage(), viaEvaluator.getMessage());
    }
    return e.getMessage();
  }

  private static CompiledPolicy compile() {
    Policies.Result r = Policies.compile(new Source("reversals.cpl", POLICY));
    assertEquals(List.of(), r.diagnostics());
    return r.policy();
  }

  private static InsuredFile insured(CompiledPolicy policy, InsuredRecord... records) {
    return InsuredFile.of(policy.stateNames(), Arrays.asList(records));
  }

  private static InsuredRecord record(String id, long... states) {
    return new InsuredRecord(id, false, DAY - 400, states);
  }

  static Claim claim(String id, String insuredId, long total) {
    return reversal(id, insuredId, total, "");
  }

  static Claim reversal(String id, String insuredId, long total, String reverses) {
    return new Claim(id, insuredId, "", VisitType.INPATIENT, 2, DAY, DAY + 3, "C34.9", 60, Sex.FEMALE, total, 0, 0, 0,
        total, total, 0, 0, 0, 0, List.of(), SettlementRoute.LOCAL, false, 0, DAY, reverses, 0);
  }

  private static List<Long> column(BatchResult r, int output) {
    List<Long> out = new ArrayList<>();
    for (int c = 0; c < r.claimCount(); c++) {
      out.add(r.output(c, output));
    }
    return out;
  }

  private static List<Long> states(BatchResult r, int record) {
    List<Long> out = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      out.add(r.state(record, s));
    }
    return out;
  }
}
