package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.mpc.plan.Refusal;
import org.junit.jupiter.api.Test;

/**
 * Handshake mode and the states of issue 13 item 5: a state shared by a family that is only read
 * is the insurer's input and settles equal to the plaintext evaluator; updating one is refused
 * from the policy alone, before anything moves (a state per item code runs: {@link
 * ItemCodeStatesHandshakeTest}).
 */
class FamilyStatesHandshakeTest {
  private static final String HEAD = """
      policy "family" version 1
      insured field family: id
      state family_limit: money by insured.family
      state paid: money
      """;

  @Test
  void aFamilyStateThatIsOnlyReadSettlesAsInPlaintext() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(HEAD + """
        let pay = min(max(0, claim.in_scope - claim.fund_paid), max(0, family_limit - paid))
        output payout = pay to insurer, data_holder
        update paid = paid + pay
        """);
    assertEquals(List.of(), Planner.plan(policy).refusals());
    List<InsuredRecord> records = new ArrayList<>();
    int[] family = {0, 0, 2, 2, 0};
    for (int p = 0; p < family.length; p++) {
      records.add(new InsuredRecord("P" + p, false, 20_000, new long[] {100_000L * (family[p] + 1), 0},
          new long[] {family[p]}, List.of(List.of("F" + family[p]))));
    }
    InsuredFile insured = InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);
    List<Claim> claims = new ArrayList<>();
    for (int c = 0; c < 12; c++) {
      long inScope = 37_000L * (c + 1);
      claims.add(new Claim("C" + c, "P" + (c * 3 % family.length), "", VisitType.INPATIENT, 2, 20_500, 20_503, "K35.8",
          50, Sex.MALE, inScope, 0, 0, 0, inScope, 1_000, 0, 0, 0, inScope, List.of(), 0));
    }
    String outcome = HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(claims, insured, new long[0]),
        problem -> problem);
    assertEquals("equal", outcome);
  }

  @Test
  void updatingAFamilyStateOrUsingAStatePerItemCodeIsRefusedFromThePolicy() {
    CompiledPolicy family = InsuredFieldsGoldenTest.compile(HEAD + """
        output payout = claim.total to insurer
        update family_limit = family_limit - claim.total
        """);
    assertEquals(List.of(Refusal.Kind.SHARED_STATE), Planner.plan(family).refusals().stream().map(Refusal::kind).toList());
    CompiledPolicy perCode = InsuredFieldsGoldenTest.compile("""
        policy "drugs" version 1
        state drug_paid: money by item.code
        output payout = sum(max(0, 100.00 - drug_paid[item.code]) for item in claim.items) to insurer
        """);
    assertEquals(List.of(), Planner.plan(perCode).refusals());
  }
}
