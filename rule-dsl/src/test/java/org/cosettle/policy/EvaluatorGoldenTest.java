package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.LineItem;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed results of the plaintext evaluator on the cases the spec is most careful
 * about: deductibles and caps crossed inside a batch, rounding ties on both sides of zero,
 * empty item lists, and the 64-bit and state-bound errors. Through the public API only.
 */
class EvaluatorGoldenTest {
  private static final int DAY = 20_500;

  @Test
  void deductibleAndCapAreCrossedInsideOneBatchForEachInsuredSeparately() throws Exception {
    String policy = """
        policy "deductible" version 1
        param deductible: money = 500
        param cap: money = 250
        param rate: ratio = 80%
        state used: money
        state paid: money
        let eligible = sum(item.amount for item in claim.items)
        let applied = min(eligible, max(0, deductible - used))
        let raw = (eligible - applied) * rate
        output payout = min(raw, max(0, cap - paid)) to insurer
        update used = used + applied
        update paid = paid + payout
        """;
    List<Claim> claims = List.of(claim("A1", "P1", 30_000, item(30_000)), claim("B1", "P2", 100_000, item(100_000)),
        claim("A2", "P1", 30_000, item(30_000)), claim("A3", "P1", 30_000, item(10_000), item(20_000)),
        claim("B2", "P2", 10_000, item(10_000)));
    BatchResult r = run(policy, claims, record("P1", 0, 0), record("P2", 10_000, 0));
    // P1: 300 all deductible; 200 deductible + 100 * 80%; 300 * 80% = 240 capped at 250 - 80
    // P2: 100 of 500 already used, so 400 deductible + 600 * 80% = 480 capped at 250; then nothing left
    assertEquals(List.of(0L, 25_000L, 8_000L, 17_000L, 0L), outputs(r, claims.size(), 0));
    assertEquals(List.of(50_000L, 25_000L), List.of(r.state(0, 0), r.state(0, 1)));
    assertEquals(List.of(50_000L, 25_000L), List.of(r.state(1, 0), r.state(1, 1)));
  }

  @Test
  void cumulativeBandsAreCrossedInsideOneClaimAndAcrossTwo() throws Exception {
    String policy = """
        policy "cumulative bands" version 1
        state in_scope_ytd: money
        let x = claim.in_scope
        output payout = tiered(x, [0: 60%, 500.00: 80%], from in_scope_ytd) to insurer
        update in_scope_ytd = in_scope_ytd + x
        """;
    List<Claim> claims = List.of(claim("A1", "P1", 30_000), claim("B1", "P2", 40_000),
        claim("A2", "P1", 30_000), claim("A3", "P1", 10_001), claim("B2", "P2", 33_333));
    BatchResult r = run(policy, claims, record("P1", 0), record("P2", 45_000));
    // P1: 300.00 all at 60 % = 180.00; 300.00 from 300.00 crosses 500.00 inside the claim:
    // 200.00 * 60 % + 100.00 * 80 % = 200.00; 100.01 wholly above: 80.008 -> f(700.01) - f(600.00)
    // = 460.01 - 380.00 = 80.01 (each side rounded, so the three add up to f(700.01) = 460.01)
    // P2 starts at 450.00: 400.00 crosses 500.00 (50.00 * 60 % + 350.00 * 80 % = 310.00); then
    // 333.33 at 80 % = 266.664: f(1183.33) - f(850.00) = 846.66 - 580.00 = 266.66
    assertEquals(List.of(18_000L, 31_000L, 20_000L, 8_001L, 26_666L), outputs(r, claims.size(), 0));
    assertEquals(List.of(70_001L, 118_333L), List.of(r.state(0, 0), r.state(1, 0)));
  }

  @Test
  void roundingTiesGoAwayFromZeroOnBothSides() throws Exception {
    String policy = """
        policy "ties" version 1
        param half: ratio = 50%
        param tiny: ratio = 0.0001
        output times_half = claim.total * half to insurer
        output halved = claim.total / 2 to insurer
        output halved_negative = claim.total / -2 to insurer
        output times_one_and_half = claim.total * 1.5 to insurer
        output twice = claim.total * 50% * 50% to insurer
        output banded = tiered(claim.total, [0: 50%, 0.01: 50%]) to insurer
        output ratio_tie = tiny * half to insurer
        output ratio_tie_negative = -tiny * half to insurer
        """;
    List<Claim> claims = List.of(claim("C1", "P1", 1), claim("C2", "P1", -1), claim("C3", "P1", 3),
        claim("C4", "P1", -3), claim("C5", "P1", 2));
    BatchResult r = run(policy, claims, record("P1"));
    int n = claims.size();
    assertEquals(List.of(1L, -1L, 2L, -2L, 1L), outputs(r, n, 0));
    assertEquals(List.of(1L, -1L, 2L, -2L, 1L), outputs(r, n, 1));
    assertEquals(List.of(-1L, 1L, -2L, 2L, -1L), outputs(r, n, 2));
    assertEquals(List.of(2L, -2L, 5L, -5L, 3L), outputs(r, n, 3));
    // rounded where each * stands: 0.03 * 50% = 0.02, then 0.02 * 50% = 0.01
    assertEquals(List.of(1L, -1L, 1L, -1L, 1L), outputs(r, n, 4));
    // band products summed exactly and rounded once: 0.02 gives 0.005 + 0.005 = 0.01, not 0.01 + 0.01
    assertEquals(List.of(1L, 0L, 2L, 0L, 1L), outputs(r, n, 5));
    assertEquals(List.of(1L, 1L, 1L, 1L, 1L), outputs(r, n, 6));
    assertEquals(List.of(-1L, -1L, -1L, -1L, -1L), outputs(r, n, 7));
  }

  @Test
  void sumsAndCountsOverNoItemsAreZero() throws Exception {
    String policy = """
        policy "empty" version 1
        output total = sum(item.amount for item in claim.items) to insurer
        output items = count(item in claim.items) to insurer
        output big = sum(item.amount for item in claim.items where item.amount > 1000000) to insurer
        output days = sum(days_between(claim.admission_date, claim.discharge_date) for item in claim.items) to insurer
        output banded = tiered(sum(item.amount for item in claim.items), [0: 50%]) to insurer
        """;
    List<Claim> claims = List.of(claim("C1", "P1", 0), claim("C2", "P1", 0, item(5), item(-5)), claim("C3", "P1", 7));
    BatchResult r = run(policy, claims, record("P1"));
    assertEquals(List.of(0L, 0L, 0L), outputs(r, 3, 0));
    assertEquals(List.of(0L, 2L, 0L), outputs(r, 3, 1));
    assertEquals(List.of(0L, 0L, 0L), outputs(r, 3, 2));
    assertEquals(List.of(0L, 6L, 0L), outputs(r, 3, 3));
    assertEquals(List.of(0L, 0L, 0L), outputs(r, 3, 4));
  }

  @Test
  void stateLeavingTheMoneyBoundRejectsTheBatchNamingTheClaim() throws Exception {
    String policy = """
        policy "bound" version 1
        state paid: money
        output o = claim.total to insurer
        update paid = paid + claim.total
        """;
    List<Claim> claims = List.of(claim("C001", "P1", 100), claim("C002", "P1", 1));
    BatchResult ok = run(policy, claims.subList(0, 1), record("P1", 99_999_999_900L));
    assertEquals(100_000_000_000L, ok.state(0, 0));
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> run(policy, claims, record("P1", 99_999_999_900L)));
    assertTrue(e.getMessage().contains("C002"), e.getMessage());
  }

  @Test
  void aggregateTotalBeyond64BitsRejectsTheBatch() throws Exception {
    List<Claim> claims = List.of(claimOfAge("C1", 100_000_000_000L, 1_000_000), claimOfAge("C2", 100_000_000_000L, 1_000_000));
    EvaluationException e = assertThrows(EvaluationException.class, () -> run(NEAR_LIMIT, claims, record("P1")));
    assertTrue(e.getMessage().contains("big_total"), e.getMessage());
  }

  /**
   * Spec §3: "Aggregate totals are exact too; one that does not fit in 64 bits is an error."
   * The total here is 9 * 10^18, which fits; only a running sum in file order passes 2^63.
   */
  @Test
  void aggregateTotalThatFitsIsExactEvenWhenARunningSumWouldNot() throws Exception {
    List<Claim> claims = List.of(claimOfAge("C1", 100_000_000_000L, 1_000_000),
        claimOfAge("C2", 100_000_000_000L, 1_000_000), claimOfAge("C3", -100_000_000_000L, 1_000_000));
    BatchResult r = run(NEAR_LIMIT, claims, record("P1"));
    assertEquals(9_000_000_000_000_000_000L, r.aggregates().get(0).value());
  }

  /** Per-claim values of 9 * 10^18 for claims at the bounds: accepted by check. */
  private static final String NEAR_LIMIT = """
      policy "near the limit" version 1
      let big = claim.total * patient.age * 90
      aggregate big_total = sum(big) to insurer cohort 1
      """;

  private static BatchResult run(String text, List<Claim> claims, InsuredRecord... records) throws EvaluationException {
    Policies.Result r = Policies.compile(new Source("golden.cpl", text));
    assertEquals(List.of(), r.diagnostics());
    InsuredFile insured = InsuredFile.of(r.policy().stateNames(), Arrays.asList(records));
    return Evaluator.evaluate(r.policy(), claims, insured, new long[0]);
  }

  private static List<Long> outputs(BatchResult r, int claims, int output) {
    List<Long> out = new ArrayList<>();
    for (int c = 0; c < claims; c++) {
      out.add(r.output(c, output));
    }
    return out;
  }

  /** An insured record with these states before the batch. */
  private static InsuredRecord record(String id, long... states) {
    return new InsuredRecord(id, false, DAY - 400, states);
  }

  /** A claim whose {@code total} (and in-scope, fund-paid) is {@code total}, with these items. */
  static Claim claim(String id, String insuredId, long total, LineItem... items) {
    return new Claim(id, insuredId, "", VisitType.INPATIENT, 2, DAY, DAY + 3, "C34.9", 60, Sex.FEMALE,
        total, 0, 0, 0, total, total, 0, 0, 0, 0, List.of(items), 0);
  }

  private static Claim claimOfAge(String id, long total, int age) {
    return new Claim(id, "P1", "", VisitType.INPATIENT, 2, DAY, DAY, "C34.9", age, Sex.FEMALE,
        total, 0, 0, 0, total, total, 0, 0, 0, 0, List.of(), 0);
  }

  static LineItem item(long amount) {
    return new LineItem("XL01", FeeCategory.SURGERY, amount, 0, 0, 0, amount, false);
  }
}
