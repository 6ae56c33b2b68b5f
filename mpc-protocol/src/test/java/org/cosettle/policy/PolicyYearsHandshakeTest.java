package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.junit.jupiter.api.Test;

/**
 * Handshake mode keeps the policy-year restart exact: the golden batch of {@link
 * PolicyYearsGoldenTest} (an anniversary crossed, a claim on it, a late claim, a 29 February
 * start, a year not recorded), settled by two parties, equals the plaintext evaluator; and so does a
 * waiting period measured to the data holder's diagnosis date from the insurer's policy start.
 */
class PolicyYearsHandshakeTest {
  @Test
  void theGoldenBatchSettlesAsInPlaintext() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(PolicyYearsGoldenTest.POLICY);
    InsuredFile insured = InsuredFile.of(List.of(), policy.stateColumns(), List.of(
        new InsuredRecord("P1", false, PolicyYearsGoldenTest.day("2025-07-01"), new long[] {100_000, 450_000, 7, 1}),
        new InsuredRecord("P2", false, PolicyYearsGoldenTest.day("2024-02-29"), new long[] {60_000, 0, 0, 0}),
        new InsuredRecord("P3", false, PolicyYearsGoldenTest.day("2026-07-01"), new long[] {100_000, 200_000, 0, 2})));
    List<Claim> claims = List.of(
        PolicyYearsGoldenTest.claim("A1", "P1", "2026-06-30", 200_000),
        PolicyYearsGoldenTest.claim("A2", "P1", "2026-07-01", 300_000),
        PolicyYearsGoldenTest.claim("A3", "P1", "2026-06-15", 300_000),
        PolicyYearsGoldenTest.claim("B1", "P2", "2027-02-28", 50_000),
        PolicyYearsGoldenTest.claim("B2", "P2", "2027-03-01", 150_000),
        PolicyYearsGoldenTest.claim("C1", "P3", "2027-06-30", 400_000));
    String outcome = HandshakePropertyTest.settleAndCompare(policy,
        new BatchGenerator.Batch(claims, insured, new long[0]), problem -> problem);
    assertEquals("equal", outcome);
  }

  @Test
  void theWaitingPeriodToTheDiagnosisDateSettlesAsInPlaintext() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(WaitingPeriodGoldenTest.POLICY);
    String outcome = HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(
        WaitingPeriodGoldenTest.claims(), WaitingPeriodGoldenTest.insured(policy), new long[0]), problem -> problem);
    assertEquals("equal", outcome);
  }
}
