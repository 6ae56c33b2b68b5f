package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.SettlementRoute;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.junit.jupiter.api.Test;

/**
 * A waiting period measured to the diagnosis date (docs/language.md, "Policy years and the
 * diagnosis date"): a claim admitted after the waiting period whose diagnosis came within it pays
 * nothing; without a diagnosis date the admission date counts.
 */
class WaitingPeriodGoldenTest {
  static final String POLICY = """
      policy "waiting" version 1
      param waiting_days: int = 90
      let waited = days_between(insured.policy_start, claim.diagnosis_date) >= waiting_days
      output payout = if waited then claim.total * 80% else 0 to insurer, data_holder
      """;

  @Test
  void theWaitingPeriodRunsToTheDiagnosisDate() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    BatchResult r = Evaluator.evaluate(policy, claims(), insured(policy), new long[0]);
    // D1: diagnosed 2026-03-01, day 59 of the waiting period; D2: no diagnosis date, admitted on
    // day 120; D3: diagnosed exactly on day 90 (2026-04-01)
    assertEquals(0L, r.output(0, 0));
    assertEquals(800_000L, r.output(1, 0));
    assertEquals(800_000L, r.output(2, 0));
  }

  static InsuredFile insured(CompiledPolicy policy) {
    return InsuredFile.of(List.of(), policy.stateColumns(),
        List.of(new InsuredRecord("P1", false, PolicyYearsGoldenTest.day("2026-01-01"), new long[0])));
  }

  static List<Claim> claims() {
    return List.of(claim("D1", "2026-05-01", "2026-03-01"), claim("D2", "2026-05-01", null),
        claim("D3", "2026-05-01", "2026-04-01"));
  }

  private static Claim claim(String id, String admission, String diagnosed) {
    int a = PolicyYearsGoldenTest.day(admission);
    int d = diagnosed == null ? a : PolicyYearsGoldenTest.day(diagnosed);
    return new Claim(id, "P1", "", VisitType.INPATIENT, 2, a, a + 3, "C34.9", 60, Sex.FEMALE, 1_000_000, 0, 0, 0,
        1_000_000, 1_000_000, 0, 0, 0, 0, List.of(), SettlementRoute.LOCAL, false, 0, d, "", 0);
  }
}
