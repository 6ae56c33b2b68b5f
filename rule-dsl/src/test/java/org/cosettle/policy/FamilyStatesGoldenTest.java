package org.cosettle.policy;

import static org.cosettle.policy.InsuredFieldsGoldenTest.claim;
import static org.cosettle.policy.InsuredFieldsGoldenTest.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-worked results of a state shared by a family ({@code state family_deductible: money by
 * insured.family}, docs/language.md "States shared by a family"): two members whose claims,
 * interleaved with another family's, together cross the family deductible.
 */
class FamilyStatesGoldenTest {
  static final String POLICY = """
      policy "family-deductible" version 1
      insured field family: id
      param person_deductible: money = 10000.00
      param family_limit: money = 15000.00
      param ratio: ratio = 80%
      state deductible_used: money
      state family_deductible: money by insured.family
      let left = max(0, min(person_deductible - deductible_used, family_limit - family_deductible))
      let applied = min(claim.total, left)
      output payout = (claim.total - applied) * ratio to insurer, data_holder
      update deductible_used = deductible_used + applied
      update family_deductible = family_deductible + applied
      """;

  @TempDir
  Path dir;

  @Test
  void twoMembersTogetherCrossTheFamilyDeductible() throws Exception {
    CompiledPolicy policy = compile(POLICY);
    InsuredFile insured = insured(policy, """
        insured_id,preexisting,policy_start,family,deductible_used,family_deductible
        P1,false,2025-01-01,F-1,,
        P3,false,2025-01-01,F-2,,
        P2,false,2025-01-01,F-1,,
        """);
    List<Claim> claims = List.of(
        claim("A1", "P1", "K35.8", 800_000), claim("C1", "P3", "K35.8", 1_200_000),
        claim("B1", "P2", "K35.8", 900_000), claim("A2", "P1", "K35.8", 300_000),
        claim("B2", "P2", "K35.8", 100_000));
    BatchResult r = Evaluator.evaluate(policy, claims, insured, new long[0]);
    // A1: 8,000.00 all deductible (P1 8,000, F-1 8,000). C1: 10,000.00 of P3's own deductible,
    // 2,000.00 * 80% = 1,600.00. B1: P2 has 10,000.00 of its own left, but F-1 only 7,000.00:
    // 2,000.00 * 80% = 1,600.00 (F-1 15,000: met). A2 and B2: nothing left, 80% of all.
    List<Long> payouts = new ArrayList<>();
    for (int c = 0; c < claims.size(); c++) {
      payouts.add(r.output(c, 0));
    }
    assertEquals(List.of(0L, 160_000L, 160_000L, 240_000L, 80_000L), payouts);
    String csv = r.statesCsv();
    assertEquals("""
        insured_id,preexisting,policy_start,family,deductible_used,family_deductible
        P1,false,2025-01-01,F-1,8000.00,15000.00
        P3,false,2025-01-01,F-2,10000.00,10000.00
        P2,false,2025-01-01,F-1,7000.00,15000.00
        """, csv);
    // the states written are the next batch's: F-1 stays met for a new claim of P2
    Path next = dir.resolve("next.csv");
    Files.writeString(next, csv);
    InsuredFile after = InsuredFile.read(next, "next.csv", policy.insuredFields(), policy.stateColumns(), 100);
    BatchResult again = Evaluator.evaluate(policy, List.of(claim("B3", "P2", "K35.8", 50_000)), after, new long[0]);
    assertEquals(40_000L, again.output(0, 0));
  }

  @Test
  void aFamilyOfManyClaimsSettlesInFileOrderAcrossLayersAndThreads() throws Exception {
    CompiledPolicy policy = compile(POLICY);
    StringBuilder csv = new StringBuilder("insured_id,preexisting,policy_start,family,deductible_used,family_deductible\n");
    int people = 3_000;
    for (int p = 0; p < people; p++) {
      csv.append("P").append(p).append(",false,2025-01-01,F").append(p / 3).append(",,\n");
    }
    InsuredFile insured = insured(policy, csv.toString());
    List<Claim> claims = new ArrayList<>();
    for (int c = 0; c < 12_000; c++) {
      claims.add(claim("C" + c, "P" + ((c * 7) % people), "K35.8", 100_000 + (c % 13) * 50_000));
    }
    BatchResult r = Evaluator.evaluate(policy, claims, insured, new long[0], 2);
    // the same settlement claim by claim, in file order, with one value per family
    long[] own = new long[people];
    long[] family = new long[people / 3];
    for (int c = 0; c < claims.size(); c++) {
      int p = (c * 7) % people;
      long total = claims.get(c).total();
      long left = Math.max(0, Math.min(1_000_000 - own[p], 1_500_000 - family[p / 3]));
      long applied = Math.min(total, left);
      own[p] += applied;
      family[p / 3] += applied;
      assertEquals((total - applied) * 8 / 10, r.output(c, 0), "claim C" + c);
    }
    for (int p = 0; p < people; p++) {
      assertEquals(own[p], r.state(p, 0));
      assertEquals(family[p / 3], r.state(p, 1));
    }
  }

  @Test
  void membersWhoseRecordsDisagreeOnTheSharedValueAreRefusedNamingBoth() throws Exception {
    CompiledPolicy policy = compile(POLICY);
    InsuredFile insured = insured(policy, """
        insured_id,preexisting,policy_start,family,deductible_used,family_deductible
        P1,false,2025-01-01,F-1,,100.00
        P2,false,2025-01-01,F-1,,200.00
        """);
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> Evaluator.evaluate(policy, List.of(claim("A1", "P1", "K35.8", 1)), insured, new long[0]));
    assertEquals("insured P2: state family_deductible is shared by family \"F-1\" and differs from that of insured P1"
        + " (every member's record carries the shared value)", e.getMessage());
  }

  @Test
  void anEmptyOrPaddedIdIsAnErrorOfTheInsuredFile() throws Exception {
    CompiledPolicy policy = compile(POLICY);
    InputException e = assertThrows(InputException.class, () -> insured(policy, """
        insured_id,preexisting,policy_start,family,deductible_used,family_deductible
        P1,false,2025-01-01,,,
        P2,false,2025-01-01, F-1,,
        """));
    assertTrue(e.getMessage().contains("empty id"), e.getMessage());
    assertTrue(e.getMessage().contains("spaces around it"), e.getMessage());
  }

  @Test
  void aStateSharedByAnythingButADeclaredIdFieldIsAnError() {
    for (String[] c : new String[][] {
        {"insured field plan: enum {A, B}\nstate s: money by insured.plan\n", "shared by an id insured field declared before it"},
        {"state s: money by insured.family\n", "shared by an id insured field declared before it"},
        {"insured field family: id\noutput o = insured.family to insurer\n", "insured.family is an id: it only keys"},
    }) {
      Policies.Result r = Policies.compile(new Source("bad.cpl",
          "policy \"p\" version 1\n" + c[0] + "output payout = claim.total to insurer\n"));
      assertTrue(r.diagnostics().stream().anyMatch(d -> d.message().contains(c[1])), r.diagnostics().toString());
    }
  }

  private InsuredFile insured(CompiledPolicy policy, String csv) throws Exception {
    Path file = dir.resolve("insured.csv");
    Files.writeString(file, csv);
    return InsuredFile.read(file, "insured.csv", policy.insuredFields(), policy.stateColumns(), 100);
  }
}
