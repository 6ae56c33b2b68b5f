package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.SettlementRoute;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.eval.ClaimBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-worked results of a family deductible per policy year ({@code state family_deductible: money
 * by insured.family per policy_year}, docs/language.md "A family's policy year"): a family of three
 * started on 29 February whose claims cross the anniversary of 1 March, a late claim of the old year,
 * the states file read back (two batches settle as one), members with different starts refused, and
 * reversals taken back only within the family's year, in one batch and through the claim ledger, and
 * two id fields' years kept apart.
 */
class FamilyYearsGoldenTest {
  static final String POLICY = """
      policy "family-annual-deductible" version 1
      insured field family: id
      param family_limit: money = 2000.00
      param ratio: ratio = 80%
      state family_deductible: money by insured.family per policy_year
      state paid_ytd: money per policy_year
      let applied = min(claim.cash_paid, max(0, family_limit - family_deductible))
      output payout = (claim.cash_paid - applied) * ratio to insurer, data_holder
      update family_deductible = family_deductible + applied
      update paid_ytd = paid_ytd + payout
      """;
  static final String BEFORE = """
      insured_id,preexisting,policy_start,family,family_deductible,paid_ytd,family_policy_year,policy_year
      P1,false,2024-02-29,F-1,1500.00,100.00,2,2
      P2,false,2024-02-29,F-1,1500.00,,2,
      P3,false,2024-02-29,F-1,1500.00,300.00,2,2
      """;
  static final String AFTER = """
      insured_id,preexisting,policy_start,family,family_deductible,paid_ytd,family_policy_year,policy_year
      P1,false,2024-02-29,F-1,2000.00,660.00,3,2
      P2,false,2024-02-29,F-1,2000.00,400.00,3,3
      P3,false,2024-02-29,F-1,2000.00,0.00,3,3
      """;

  @TempDir Path dir;

  /** The worked batch: A1 and B1 in year 2, C1 on the anniversary (year 3), A2 a late claim of year 2, B2 in year 3. */
  static List<Claim> batch() {
    return List.of(visit("A1", "P1", 100_000, "2026-02-20", ""), visit("B1", "P2", 60_000, "2026-02-28", ""),
        visit("C1", "P3", 120_000, "2026-03-01", ""), visit("A2", "P1", 100_000, "2026-02-25", ""),
        visit("B2", "P2", 50_000, "2026-04-01", ""));
  }

  @Test
  void aFamilyOfThreeCrossesTheAnniversaryTogether() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    BatchResult r = Evaluator.evaluate(policy, batch(), insured(policy, BEFORE), new long[0]);
    // A1: 500.00 of the family's 2,000.00 left, 80% of 500.00; B1: the family's met, 80% of 600.00;
    // C1 (2026-03-01, year 3 for a 29 February start): the family restarts, 1,200.00 to it, nothing paid;
    // A2 (year 2, late): settles against year 3's family value, 800.00 left, 80% of 200.00;
    // B2: the family's met again, 80% of 500.00 (P2's own year moves from 2 to 3)
    assertEquals(List.of(40_000L, 48_000L, 0L, 16_000L, 40_000L), payouts(r));
    assertEquals(AFTER, r.statesCsv());
    // each claim's increment of the family state counts from the value it started from: C1's from 0.00
    assertEquals(List.of(50_000L, 0L, 120_000L, 80_000L, 0L), increments(r, 0));
    assertEquals(List.of(2L, 2L, 3L, 3L, 3L), increments(r, 2));
  }

  @Test
  void twoBatchesThroughTheStatesFileSettleAsOne() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    List<Claim> all = batch();
    for (int split = 1; split < all.size(); split++) {
      BatchResult first = Evaluator.evaluate(policy, all.subList(0, split), insured(policy, BEFORE), new long[0]);
      BatchResult second = Evaluator.evaluate(policy, all.subList(split, all.size()),
          insured(policy, first.statesCsv()), new long[0]);
      List<Long> paid = new ArrayList<>(payouts(first));
      paid.addAll(payouts(second));
      assertEquals(List.of(40_000L, 48_000L, 0L, 16_000L, 40_000L), paid, "split at " + split);
      assertEquals(AFTER, second.statesCsv(), "split at " + split);
    }
  }

  @Test
  void withoutARecordedYearTheFamilysStatesBelongToItsFirstClaimsYear() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    String unrecorded = BEFORE.lines().map(l -> l.substring(0, l.lastIndexOf(',', l.lastIndexOf(',') - 1))
        + l.substring(l.lastIndexOf(','))).reduce("", (a, b) -> a + b + "\n");
    assertTrue(unrecorded.startsWith("insured_id,preexisting,policy_start,family,family_deductible,paid_ytd,policy_year\n"),
        unrecorded);
    BatchResult r = Evaluator.evaluate(policy, batch(), insured(policy, unrecorded), new long[0]);
    assertEquals(List.of(40_000L, 48_000L, 0L, 16_000L, 40_000L), payouts(r));
    assertEquals(AFTER, r.statesCsv());
  }

  @Test
  void membersOfOneFamilyWithDifferentStartsAreRefused() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    InsuredFile insured = insured(policy, BEFORE.replace("P2,false,2024-02-29", "P2,false,2024-03-01"));
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> Evaluator.evaluate(policy, batch(), insured, new long[0]));
    assertEquals("insured P2: policy_start differs from that of insured P1 of the same family \"F-1\": state"
        + " family_deductible is shared per policy_year, and a family's members share one policy year (give every"
        + " member the family policy's start)", e.getMessage());
  }

  @Test
  void aReversalTakesBackTheFamilysPartOnlyWithinTheFamilysYear() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    List<Claim> claims = List.of(visit("A1", "P1", 100_000, "2026-02-20", ""),
        visit("C1", "P3", 120_000, "2026-03-01", ""), visit("R1", "P1", 100_000, "2026-02-20", "A1"),
        visit("R3", "P3", 120_000, "2026-03-01", "C1"), visit("B2", "P2", 50_000, "2026-04-01", ""));
    BatchResult r = Evaluator.evaluate(policy, claims, insured(policy, BEFORE), new long[0]);
    // A1: 400.00 (family 2,000.00 in year 2, P1's paid_ytd 500.00); C1 restarts the family in year 3 (1,200.00);
    // R1 pays back 400.00 and takes P1's 400.00 back (P1 is still in year 2) but not the family's 500.00
    // (the family is in year 3 now); R3 takes C1's 1,200.00 back from year 3: 0.00;
    // B2 then finds year 3's whole deductible: 500.00 to it, nothing paid
    assertEquals(List.of(40_000L, 0L, -40_000L, 0L, 0L), payouts(r));
    String after = """
        insured_id,preexisting,policy_start,family,family_deductible,paid_ytd,family_policy_year,policy_year
        P1,false,2024-02-29,F-1,500.00,100.00,3,2
        P2,false,2024-02-29,F-1,500.00,0.00,3,3
        P3,false,2024-02-29,F-1,500.00,0.00,3,3
        """;
    assertEquals(after, r.statesCsv());
    assertEquals(List.of(50_000L, 120_000L, 0L, -120_000L, 50_000L), increments(r, 0));

    // the same through the claim ledger: A1 and C1 settled in a first batch
    BatchResult first = Evaluator.evaluate(policy, claims.subList(0, 2), insured(policy, BEFORE), new long[0]);
    Path file = dir.resolve("ledger.jsonl");
    Files.writeString(file, ClaimLedger.empty(policy).after(first).jsonl());
    assertEquals("""
        {"claim_id":"A1","insured_id":"P1","reverses":"","outputs":{"payout":"400.00"},"increments":\
        {"family_deductible":"500.00","paid_ytd":"400.00","family_policy_year":"2","policy_year":"2"}}
        {"claim_id":"C1","insured_id":"P3","reverses":"","outputs":{"payout":"0.00"},"increments":\
        {"family_deductible":"1200.00","paid_ytd":"0.00","family_policy_year":"3","policy_year":"3"}}
        """, Files.readString(file));
    ClaimLedger ledger = ClaimLedger.read(file, "ledger.jsonl", policy);
    BatchResult second = Evaluator.evaluate(policy, ClaimBatch.of(claims.subList(2, claims.size()),
        insured(policy, first.statesCsv()), ledger.records(), ledger.name()), PrivateValues.of(new long[0]), 1);
    assertEquals(List.of(-40_000L, 0L, 0L), payouts(second));
    assertEquals(after, second.statesCsv());
  }

  @Test
  void twoIdFieldsKeepTwoYearsApart() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile("""
        policy "two-groupings" version 1
        insured field family: id
        insured field household: id
        state family_used: money by insured.family per policy_year
        state household_used: money by insured.household per policy_year
        output seen = family_used + household_used to insurer
        update family_used = family_used + 10.00
        update household_used = household_used + 10.00
        """);
    assertEquals(List.of("family_used", "household_used", "family_policy_year", "household_policy_year", "policy_year"),
        policy.stateNames());
    InsuredFile insured = insured(policy, """
        insured_id,preexisting,policy_start,family,household,family_used,household_used,family_policy_year,\
        household_policy_year,policy_year
        P1,false,2025-01-01,F,H1,100.00,50.00,1,2,
        P2,false,2025-01-01,F,H2,100.00,,1,,
        """);
    BatchResult r = Evaluator.evaluate(policy, List.of(visit("A", "P1", 0, "2026-01-05", ""),
        visit("B", "P2", 0, "2026-02-01", "")), insured, new long[0]);
    // A (year 2): the family's year 1 restarts, household H1's year 2 does not; B: the family's year 2
    // has A's 10.00, household H2 has no year recorded
    assertEquals(List.of(5_000L, 1_000L), payouts(r));
    assertEquals("""
        insured_id,preexisting,policy_start,family,household,family_used,household_used,family_policy_year,\
        household_policy_year,policy_year
        P1,false,2025-01-01,F,H1,20.00,60.00,2,2,2
        P2,false,2025-01-01,F,H2,20.00,10.00,2,2,2
        """, r.statesCsv());
  }

  private InsuredFile insured(CompiledPolicy policy, String csv) throws Exception {
    Path file = Files.createTempFile(dir, "insured", ".csv");
    Files.writeString(file, csv);
    return InsuredFile.read(file, "insured.csv", policy.insuredFields(), policy.stateColumns(), 100);
  }

  /** A stay admitted on {@code admitted} whose whole amount {@code fen} the patient paid in cash. */
  static Claim visit(String id, String insuredId, long fen, String admitted, String reverses) {
    int d = (int) LocalDate.parse(admitted).toEpochDay();
    return new Claim(id, insuredId, "", VisitType.INPATIENT, 2, d, d + 3, "C34.9", 60, Sex.FEMALE, fen, 0, 0, 0,
        fen, 0, 0, 0, 0, fen, List.of(), SettlementRoute.LOCAL, false, 0, d, reverses, 0);
  }

  private static List<Long> payouts(BatchResult r) {
    List<Long> out = new ArrayList<>();
    for (int c = 0; c < r.claimCount(); c++) {
      out.add(r.output(c, 0));
    }
    return out;
  }

  private static List<Long> increments(BatchResult r, int state) {
    List<Long> out = new ArrayList<>();
    for (int c = 0; c < r.claimCount(); c++) {
      out.add(r.increment(c, state));
    }
    return out;
  }
}
