package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.mpc.plan.Planner;
import org.junit.jupiter.api.Test;

/**
 * Handshake mode and the states of issue 13 item 5: a state shared by a family, only read (the
 * insurer's input) or updated (the family chain in the insurer's family order), settles equal to
 * the plaintext evaluator (the language guide's example runs in both modes in LanguageDocTest); a
 * family beyond the chain's member slots is refused naming its first claim; such a batch runs in
 * one slice whatever the slice budget; a state per item code runs ({@link
 * ItemCodeStatesHandshakeTest}), per policy year too, and beside a family chain, its update reading
 * the chain's states or not ({@link FamilyPoolDrugCapHandshakeTest}).
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
  void theFamilyDeductibleSettlesAsInPlaintext() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(FamilyStatesGoldenTest.POLICY);
    assertEquals(List.of(), Planner.plan(policy).refusals());
    assertTrue(Planner.plan(policy).render().contains("states on shares run as one chain in the insurer's family order"),
        Planner.plan(policy).render());
    // P1 and P2 are family F-1 (records 0 and 2), P3 is F-2; a fourth member of F-1 has no claim
    String[] ids = {"P1", "P3", "P2", "P4"};
    int[] family = {0, 1, 0, 0};
    List<InsuredRecord> records = new ArrayList<>();
    for (int p = 0; p < ids.length; p++) {
      records.add(new InsuredRecord(ids[p], false, 20_000, new long[] {0, 0}, new long[] {family[p]},
          List.of(List.of("F-" + (family[p] + 1)))));
    }
    InsuredFile insured = InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);
    String[][] batch = {{"A1", "P1"}, {"C1", "P3"}, {"B1", "P2"}, {"A2", "P1"}, {"B2", "P2"}};
    long[] burden = {800_000, 1_200_000, 900_000, 300_000, 100_000};
    List<Claim> claims = new ArrayList<>();
    for (int c = 0; c < batch.length; c++) {
      claims.add(claim(batch[c][0], batch[c][1], burden[c], 0));
    }
    BatchGenerator.Batch b = new BatchGenerator.Batch(claims, insured, new long[0]);
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy, b, problem -> problem));
    // a slice budget that would cut the batch per person: a family chain runs in one slice
    HandshakePropertyTest.Compared sliced = HandshakePropertyTest.settleAndCompare(policy, b, problem -> problem, 1);
    assertEquals(new HandshakePropertyTest.Compared("equal", 1), sliced);
    BatchResult plain = Evaluator.evaluate(policy, claims, insured, new long[0]);
    List<Long> payouts = new ArrayList<>();
    for (int c = 0; c < claims.size(); c++) {
      payouts.add(plain.output(c, 0));
    }
    assertEquals(List.of(0L, 160_000L, 160_000L, 240_000L, 80_000L), payouts, "the hand-worked figures");
    assertEquals(1_500_000L, plain.state(3, 1), "the member without claims carries the family's value");
  }

  @Test
  void aFamilyBeyondTheMemberSlotsIsRefusedNamingItsFirstClaim() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(FamilyStatesGoldenTest.POLICY);
    List<InsuredRecord> records = new ArrayList<>();
    List<Claim> claims = new ArrayList<>();
    // eleven persons of one family with claims, one more than the chain's member slots, and one alone
    for (int p = 0; p < 12; p++) {
      records.add(new InsuredRecord("P" + p, false, 20_000, new long[] {0, 0}, new long[] {p < 11 ? 1 : 0},
          List.of(List.of(p < 11 ? "BIG" : "SMALL"))));
      claims.add(claim("C" + (11 - p), "P" + (11 - p), 100_000, 0));
    }
    records.add(0, records.remove(11));
    InsuredFile insured = InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);
    String outcome = HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(claims, insured,
        new long[0]), problem -> problem);
    assertEquals("refused: FAMILY_TOO_LARGE", outcome);
  }

  private static Claim claim(String id, String insuredId, long inScope, long fundPaid) {
    return new Claim(id, insuredId, "", VisitType.INPATIENT, 2, 20_500, 20_503, "K35.8", 50, Sex.MALE, inScope, 0, 0, 0,
        inScope, fundPaid, 0, 0, 0, inScope, List.of(), 0);
  }

  @Test
  void aStatePerItemCodeRunsBesideAFamilyChainOrInItsStepsWhenItsUpdateReadsAChainedState() {
    CompiledPolicy perCode = InsuredFieldsGoldenTest.compile("""
        policy "drugs" version 1
        state drug_paid: money by item.code
        output payout = sum(max(0, 100.00 - drug_paid[item.code]) for item in claim.items) to insurer
        """);
    assertEquals(List.of(), Planner.plan(perCode).refusals());
    // the values per code run in layers before the chain, which reads what they paid
    CompiledPolicy withFamily = InsuredFieldsGoldenTest.compile("""
        policy "drugs" version 1
        insured field family: id
        state drug_paid: money by item.code
        state family_paid: money by insured.family
        output payout = sum(max(0, 100.00 - drug_paid[item.code]) for item in claim.items) to insurer
        update drug_paid[item.code] = drug_paid[item.code] + 1.00 for item in claim.items
        update family_paid = family_paid + payout
        """);
    assertEquals(List.of(), Planner.plan(withFamily).refusals());
    // an update per code that reads the family's state runs in the chain's steps, row by row
    String readsFamilyText = """
        policy "drugs" version 1
        insured field family: id
        state drug_paid: money by item.code
        state family_paid: money by insured.family
        output payout = sum(max(0, 100.00 - drug_paid[item.code]) for item in claim.items) to insurer
        update drug_paid[item.code] = drug_paid[item.code] + (if family_paid > 0 then 1.00 else 2.00) for item in claim.items
        update family_paid = family_paid + payout
        """;
    org.cosettle.mpc.plan.Plan readsFamily = Planner.plan(InsuredFieldsGoldenTest.compile(readsFamilyText));
    assertEquals(List.of(), readsFamily.refusals());
    assertTrue(readsFamily.codesInChain() && readsFamily.render().contains("the states per item code run in the chain's"
        + " steps, row by row (the update of drug_paid per item code reads state family_paid)"), readsFamily.render());
    // so does one whose where reads it
    org.cosettle.mpc.plan.Plan filtered = Planner.plan(InsuredFieldsGoldenTest.compile(readsFamilyText.replace(
        "+ (if family_paid > 0 then 1.00 else 2.00) for item in claim.items",
        "+ 1.00 for item in claim.items where family_paid < 50.00")));
    assertEquals(List.of(), filtered.refusals());
    assertTrue(filtered.codesInChain());
    // a line-item value that reads the family's state outside the update per code runs in the chain's steps
    CompiledPolicy itemReadsFamily = InsuredFieldsGoldenTest.compile("""
        policy "drugs" version 1
        insured field family: id
        state drug_paid: money by item.code
        state family_paid: money by insured.family
        output payout = sum(min(max(0, 100.00 - drug_paid[item.code]), max(0, 150.00 - family_paid)) for item in claim.items) to insurer
        update drug_paid[item.code] = drug_paid[item.code] + 1.00 for item in claim.items
        update family_paid = family_paid + payout
        """);
    assertEquals(List.of(), Planner.plan(itemReadsFamily).refusals());
    CompiledPolicy yearly = InsuredFieldsGoldenTest.compile("""
        policy "drugs" version 1
        state drug_paid: money by item.code per policy_year
        output payout = sum(max(0, 100.00 - drug_paid[item.code]) for item in claim.items) to insurer
        update drug_paid[item.code] = drug_paid[item.code] + 1.00 for item in claim.items
        """);
    // per policy_year, every code restarts on the claim's flag on shares (YearlyItemCodeStatesHandshakeTest)
    assertEquals(List.of(), Planner.plan(yearly).refusals());
  }
}
