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
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.check.PolicyYears;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-worked settlements of states declared {@code per policy_year} (docs/language.md, "Policy
 * years"): a batch crossing an anniversary, a 29 February start, a claim exactly on the
 * anniversary, a late claim of the year before, and a states file without the year.
 */
class PolicyYearsGoldenTest {
  /** A deductible of 1,000.00 and a cap of 5,000.00 per policy year; 100% above the deductible. */
  static final String POLICY = """
      policy "years" version 1
      state deductible_used: money per policy_year
      state paid_ytd: money per policy_year
      state visits: int
      let applied = min(claim.total, max(0, 1000.00 - deductible_used))
      output payout = min(claim.total - applied, max(0, 5000.00 - paid_ytd)) to insurer, data_holder
      update deductible_used = deductible_used + applied
      update paid_ytd = paid_ytd + payout
      update visits = visits + 1
      """;

  @Test
  void theYearOfADayFollowsTheAnniversaryWithTheLeapDayRule() {
    assertEquals(1, PolicyYears.yearOf(day("2026-07-01"), day("2026-07-01")));
    assertEquals(1, PolicyYears.yearOf(day("2026-07-01"), day("2027-06-30")));
    assertEquals(2, PolicyYears.yearOf(day("2026-07-01"), day("2027-07-01")));
    assertEquals(0, PolicyYears.yearOf(day("2026-07-01"), day("2026-06-30")));
    assertEquals(-1, PolicyYears.yearOf(day("2026-07-01"), day("2025-06-30")));
    // a 29 February start: the year ends on 28 February, the next starts on 1 March
    assertEquals(1, PolicyYears.yearOf(day("2024-02-29"), day("2025-02-28")));
    assertEquals(2, PolicyYears.yearOf(day("2024-02-29"), day("2025-03-01")));
    assertEquals(4, PolicyYears.yearOf(day("2024-02-29"), day("2027-03-01")));
    assertEquals(5, PolicyYears.yearOf(day("2024-02-29"), day("2028-02-29")));
    assertEquals(4, PolicyYears.yearOf(day("2024-02-29"), day("2028-02-28")));
    // a 31 December start and a 1 January one
    assertEquals(2, PolicyYears.yearOf(day("2025-12-31"), day("2026-12-31")));
    assertEquals(1, PolicyYears.yearOf(day("2025-12-31"), day("2026-12-30")));
    assertEquals(2, PolicyYears.yearOf(day("2026-01-01"), day("2027-01-01")));
  }

  @Test
  void aBatchCrossingAnAnniversarySettlesEachClaimAgainstItsYear() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    assertEquals(List.of("deductible_used", "paid_ytd", "visits", "policy_year"), policy.stateNames());
    // P1 started 2025-07-01, its states of year 1 recorded: 1,000.00 used, 4,500.00 paid.
    // P2 started 2024-02-29 with no year recorded; P3 with year 2 recorded.
    InsuredFile insured = InsuredFile.of(List.of(), policy.stateColumns(), List.of(
        new InsuredRecord("P1", false, day("2025-07-01"), new long[] {100_000, 450_000, 7, 1}),
        new InsuredRecord("P2", false, day("2024-02-29"), new long[] {60_000, 0, 0, 0}),
        new InsuredRecord("P3", false, day("2026-07-01"), new long[] {100_000, 200_000, 0, 2})));
    List<Claim> claims = List.of(
        // P1: year 1, then exactly on the anniversary (year 2), then a late claim of year 1
        claim("A1", "P1", "2026-06-30", 200_000),
        claim("A2", "P1", "2026-07-01", 300_000),
        claim("A3", "P1", "2026-06-15", 300_000),
        // P2: 28 February 2027 is in year 3 (from 2026-03-01), 1 March 2027 starts year 4
        claim("B1", "P2", "2027-02-28", 50_000),
        claim("B2", "P2", "2027-03-01", 150_000),
        // P3: a claim dated before the recorded year 2 (2027-07-01..): year 1, settled as the states stand
        claim("C1", "P3", "2027-06-30", 400_000));
    BatchResult r = Evaluator.evaluate(policy, claims, insured, new long[0]);
    // A1: deductible used up, 500.00 of the 5,000.00 cap left: pays 500.00 of 2,000.00.
    // A2: year 2 restarts both: 1,000.00 deductible, then 2,000.00 paid.
    // A3: year 1 is behind: settled against year 2's states (deductible used, 2,000.00 paid): 3,000.00.
    // B1: no year recorded, so the 600.00 used belongs to year 3: 400.00 applied, 100.00 paid.
    // B2: year 4 restarts: 1,000.00 applied, 500.00 paid.
    // C1: year 1 < 2: no restart: the deductible is used, 3,000.00 of the cap left: pays 3,000.00.
    assertEquals(List.of(50_000L, 200_000L, 300_000L, 10_000L, 50_000L, 300_000L), payouts(r, claims.size()));
    assertEquals(List.of(100_000L, 100_000L, 100_000L), states(r, 0));
    assertEquals(List.of(500_000L, 50_000L, 500_000L), states(r, 1));
    assertEquals(List.of(10L, 2L, 1L), states(r, 2));
    assertEquals(List.of(2L, 4L, 2L), states(r, 3));
    assertTrue(r.statesCsv().startsWith("insured_id,preexisting,policy_start,deductible_used,paid_ytd,visits,policy_year\n"
        + "P1,false,2025-07-01,1000.00,5000.00,10,2\n"), r.statesCsv());
  }

  @Test
  void anInsuredFileWithoutTheYearColumnReadsAsNoYearRecorded(@TempDir Path dir) throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    InsuredFile insured = read(dir, policy, "insured_id,preexisting,policy_start,deductible_used,paid_ytd,visits\n"
        + "P1,false,2025-07-01,1000.00,4500.00,7\n");
    assertEquals(0L, insured.records().get(0).state(3));
    // the year of the first claim (2) takes the states as they are: 500.00 of the cap left
    BatchResult r = Evaluator.evaluate(policy, List.of(claim("A1", "P1", "2026-08-01", 200_000)), insured,
        new long[0]);
    assertEquals(50_000L, r.output(0, 0));
    assertEquals(2L, r.state(0, 3));
  }

  @Test
  void aNegativeYearIsAnErrorOfTheInsuredFile(@TempDir Path dir) throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    InputException e = assertThrows(InputException.class, () -> read(dir, policy,
        "insured_id,preexisting,policy_start,deductible_used,paid_ytd,visits,policy_year\n"
        + "P1,false,2025-07-01,1000.00,4500.00,7,-1\n"));
    assertTrue(e.getMessage().contains("insured.csv:2: policy_year: a policy year is 1 or more"), e.getMessage());
  }

  @Test
  void aNameTakenByThePolicyYearStateIsAnError() {
    Policies.Result r = Policies.compile(new Source("clash.cpl", """
        policy "clash" version 1
        state paid: money per policy_year
        let policy_year = 1
        output o = claim.total to insurer
        update paid = paid + o
        """));
    assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
    assertTrue(r.diagnostics().get(0).message().contains("rename the declaration named policy_year"),
        r.diagnostics().toString());
    Policies.Result bad = Policies.compile(new Source("per.cpl", """
        policy "per" version 1
        state paid: money per year
        output o = claim.total to insurer
        """));
    assertTrue(bad.diagnostics().get(0).message().contains("expected 'policy_year' after 'per'"),
        bad.diagnostics().toString());
  }

  /** The insured file {@code csv}, written to {@code dir} and read with the policy's states. */
  private static InsuredFile read(Path dir, CompiledPolicy policy, String csv) throws Exception {
    Path file = dir.resolve("insured.csv");
    Files.writeString(file, csv);
    return InsuredFile.read(file, "insured.csv", List.of(), policy.stateColumns(), 10);
  }

  static int day(String iso) {
    return (int) LocalDate.parse(iso).toEpochDay();
  }

  static Claim claim(String id, String insuredId, String admission, long total) {
    int d = day(admission);
    return new Claim(id, insuredId, "", VisitType.INPATIENT, 2, d, d + 3, "K35.8", 60, Sex.FEMALE,
        total, 0, 0, 0, total, total, 0, 0, 0, 0, List.of(), 0);
  }

  private static List<Long> payouts(BatchResult r, int claims) {
    List<Long> out = new ArrayList<>();
    for (int c = 0; c < claims; c++) {
      out.add(r.output(c, 0));
    }
    return out;
  }

  private static List<Long> states(BatchResult r, int state) {
    List<Long> out = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      out.add(r.state(p, state));
    }
    return out;
  }
}
