package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
 * Hand-worked results of insured fields declared by the policy, int and bool states and
 * per-person code sets with prefixes (docs/language.md, "Insured fields"), through the public API.
 */
class InsuredFieldsGoldenTest {
  private static final int DAY = 20_500;

  static final String POLICY = """
      policy "hmb" version 1
      insured field sum_assured: money
      insured field plan: enum {BASIC, CARE, NEW_CITIZEN}
      insured field copay: ratio
      insured field exclusions: codes size 3
      state visits: int
      state claimed: bool
      state paid: money
      let excluded = claim.diagnosis in insured.exclusions
      let rate = if insured.plan == CARE then 90% else if insured.plan in {NEW_CITIZEN} then insured.copay else 70%
      let pay = if excluded then 0 else min(claim.total * rate, max(0, insured.sum_assured - paid))
      output payout = pay to insurer
      output was_excluded = excluded to insurer
      output covered_items = sum(item.amount for item in claim.items where not (item.code in insured.exclusions)) to insurer
      update visits = visits + 1
      update claimed = claimed or pay > 0
      update paid = paid + pay
      aggregate by_plan = sum(pay) by insured.plan to insurer cohort 1
      """;

  @Test
  void fieldsEnumsPrefixesAndTypedStatesGiveTheHandWorkedValues() throws Exception {
    CompiledPolicy policy = compile(POLICY);
    InsuredFile insured = InsuredFile.of(policy.insuredFields(), policy.stateColumns(), List.of(
        person("P1", 100_000, 1, 0, "F*", "C34.9"),
        person("P2", 100_000_000, 2, 5_555, "C3*"),
        person("P3", 100_000_000, 0, 0, "C34"),
        person("P4", 100_000_000, 0, 0, "C34.9*"),
        person("P5", 100_000_000, 0, 0)));
    List<Claim> claims = List.of(
        claim("A1", "P1", "F32.9", 50_000), claim("A2", "P1", "C34.9", 50_000),
        claim("A3", "P1", "K35.8", 80_000, item("XL01", 50_000), item("F99", 30_000)),
        claim("A4", "P1", "K35.8", 80_000),
        claim("B1", "P2", "C34.9", 10_000), claim("B2", "P2", "D50", 10_001),
        claim("C1", "P3", "C34.9", 10_000),
        claim("D1", "P4", "C34.9", 10_000), claim("D2", "P4", "C34.91", 10_000), claim("D3", "P4", "C34", 10_000),
        claim("E1", "P5", "F32", 10_000));
    BatchResult r = Evaluator.evaluate(policy, claims, insured, new long[0]);
    // P1 (CARE, 1,000.00 assured, F* and C34.9 excluded): two excluded claims, then 90% of 800.00
    // = 720.00, then 720.00 capped at the 280.00 left. P2 (NEW_CITIZEN, 55.55%): C34.9 under C3*;
    // 100.01 * 0.5555 = 55.555555 rounds to 55.56. P3: "C34" is exact, so C34.9 is paid at 70%.
    // P4: "C34.9*" matches C34.9 itself and C34.91, not the shorter C34. P5 excludes nothing.
    assertEquals(List.of(0L, 0L, 72_000L, 28_000L, 0L, 5_556L, 7_000L, 0L, 0L, 7_000L, 7_000L), column(r, claims, 0));
    assertEquals(List.of(1L, 1L, 0L, 0L, 1L, 0L, 0L, 1L, 1L, 0L, 0L), column(r, claims, 1));
    // A3's item F99 falls under P1's F*
    assertEquals(50_000L, r.output(2, 2));
    assertEquals(List.of(4L, 2L, 1L, 3L, 1L), states(r, 0));
    assertEquals(List.of(1L, 1L, 1L, 1L, 1L), states(r, 1));
    assertEquals(List.of(100_000L, 5_556L, 7_000L, 7_000L, 7_000L), states(r, 2));
    // by the insurer's own enum field: every declared value is a group, in declaration order, the
    // empty ones too; BASIC is P3, P4 and P5 (70.00 + 0 + 0 + 70.00 + 70.00 over five claims)
    assertEquals("aggregate,group,claims,value\n"
        + "by_plan,BASIC,5,210.00\n"
        + "by_plan,CARE,4,1000.00\n"
        + "by_plan,NEW_CITIZEN,2,55.56\n", r.aggregatesCsv());
    String csv = r.statesCsv();
    assertTrue(csv.startsWith("insured_id,preexisting,policy_start,sum_assured,plan,copay,exclusions,visits,claimed,paid\n"
        + "P1,false,2025-01-12,1000.00,CARE,0.0000,F*|C34.9,4,true,1000.00\n"), csv);
  }

  @Test
  void aLetHoldingAnEnumFieldComparesWithItsValuesAsTheFieldDoes() throws Exception {
    String viaLet = POLICY.replace("let excluded", "let tier = insured.plan\nlet excluded")
        .replace("insured.plan == CARE", "tier == CARE").replace("insured.plan in {NEW_CITIZEN}", "tier in {NEW_CITIZEN}");
    assertTrue(viaLet.contains("tier == CARE") && viaLet.contains("tier in {NEW_CITIZEN}"), viaLet);
    CompiledPolicy direct = compile(POLICY);
    CompiledPolicy let = compile(viaLet);
    InsuredFile insured = InsuredFile.of(direct.insuredFields(), direct.stateColumns(), List.of(
        person("P1", 100_000_000, 0, 0), person("P2", 100_000_000, 1, 0), person("P3", 100_000_000, 2, 3_333)));
    List<Claim> claims = List.of(claim("A", "P1", "K35.8", 10_000), claim("B", "P2", "K35.8", 10_000),
        claim("C", "P3", "K35.8", 10_000));
    BatchResult a = Evaluator.evaluate(direct, claims, insured, new long[0]);
    BatchResult b = Evaluator.evaluate(let, claims, insured, new long[0]);
    // BASIC 70%, CARE 90%, NEW_CITIZEN its copay of 33.33%
    assertEquals(List.of(7_000L, 9_000L, 3_333L), column(a, claims, 0));
    assertEquals(column(a, claims, 0), column(b, claims, 0));
    Policies.Result other = Policies.compile(new Source("other.cpl", """
        policy "other" version 1
        insured field plan: enum {BASIC, CARE}
        insured field tier: enum {GOLD, SILVER}
        let p = insured.plan
        output o = p == GOLD to insurer
        """));
    assertEquals("cannot compare values of insured.plan with values of insured.tier",
        other.diagnostics().get(0).message());
  }

  @Test
  void anIntStateLeavingTheIntBoundStopsTheBatchNamingTheClaim() throws Exception {
    CompiledPolicy policy = compile("""
        policy "bound" version 1
        state visits: int
        output o = claim.total to insurer
        update visits = visits + 1
        """);
    InsuredFile insured = InsuredFile.of(List.of(), policy.stateColumns(),
        List.of(new InsuredRecord("P1", false, DAY, new long[] {999_999})));
    List<Claim> claims = List.of(claim("C1", "P1", "A", 1), claim("C2", "P1", "A", 1));
    assertEquals(1_000_000L, Evaluator.evaluate(policy, claims.subList(0, 1), insured, new long[0]).state(0, 0));
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> Evaluator.evaluate(policy, claims, insured, new long[0]));
    assertTrue(e.getMessage().contains("C2"), e.getMessage());
  }

  @Test
  void anAggregateIsGroupedByAnEnumFieldItselfNotByAnEnumValuedLet() {
    Policies.Result r = Policies.compile(new Source("by.cpl", """
        policy "by" version 1
        insured field plan: enum {BASIC, CARE}
        let tier = insured.plan
        output o = claim.total to insurer
        aggregate a = sum(claim.total) by tier to insurer
        """));
    assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
    assertEquals("group by the enum insured field itself, as in by insured.plan", r.diagnostics().get(0).message());
    assertEquals(5, r.diagnostics().get(0).position().line());
  }

  @Test
  void aFamilysYearIsAStateOfItsOwnWhoseNameIsTaken() {
    Policies.Result ok = Policies.compile(new Source("years.cpl", """
        policy "years" version 1
        insured field family: id
        state family_paid: money by insured.family per policy_year
        output o = claim.total to insurer
        update family_paid = family_paid + claim.total
        """));
    assertEquals(List.of(), ok.diagnostics());
    assertEquals(List.of("family_paid", "family_policy_year", "policy_year"), ok.policy().stateNames());
    Policies.Result taken = Policies.compile(new Source("years.cpl", """
        policy "years" version 1
        insured field family: id
        state family_paid: money by insured.family per policy_year
        state family_policy_year: int
        output o = claim.total to insurer
        update family_paid = family_paid + claim.total
        """));
    assertEquals(1, taken.diagnostics().size(), taken.diagnostics().toString());
    assertEquals("a policy with per policy_year states shared by insured.family keeps the family's year in the state"
        + " family_policy_year: rename the declaration named family_policy_year", taken.diagnostics().get(0).message());
    assertEquals(3, taken.diagnostics().get(0).position().line());
  }

  static CompiledPolicy compile(String text) {
    Policies.Result r = Policies.compile(new Source("golden.cpl", text));
    assertEquals(List.of(), r.diagnostics());
    return r.policy();
  }

  /** A person of the golden policy: sum assured, plan ordinal, copay and excluded codes; states 0. */
  private static InsuredRecord person(String id, long sumAssured, long plan, long copay, String... exclusions) {
    return new InsuredRecord(id, false, DAY - 400, new long[3], new long[] {sumAssured, plan, copay, 0},
        List.of(List.of(), List.of(), List.of(), List.of(exclusions)));
  }

  private static List<Long> column(BatchResult r, List<Claim> claims, int output) {
    List<Long> out = new ArrayList<>();
    for (int c = 0; c < claims.size(); c++) {
      out.add(r.output(c, output));
    }
    return out;
  }

  private static List<Long> states(BatchResult r, int state) {
    List<Long> out = new ArrayList<>();
    for (int p = 0; p < 5; p++) {
      out.add(r.state(p, state));
    }
    return out;
  }

  static Claim claim(String id, String insuredId, String diagnosis, long total, LineItem... items) {
    return new Claim(id, insuredId, "", VisitType.INPATIENT, 2, DAY, DAY + 3, diagnosis, 60, Sex.FEMALE,
        total, 0, 0, 0, total, total, 0, 0, 0, 0, List.of(items), 0);
  }

  static LineItem item(String code, long amount) {
    return new LineItem(code, FeeCategory.SURGERY, amount, 0, 0, 0, amount, false);
  }
}
