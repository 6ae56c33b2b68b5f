package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;
import org.junit.jupiter.api.Test;

/**
 * States shared by a family as segmented prefixes in the insurer's family order (docs/protocol.md
 * "Family prefixes"): a family cap, a family's total of its members' deductibles, a family counter,
 * and capped and floored family states settle equal to the plaintext evaluator, with start values
 * and a member without claims, for a batch of one family, of singleton families only, of one family
 * whose claims are all one person's, and of a family with more persons with claims than the chain's
 * member slots (the prefixes need none, so it is not refused); each policy also with its family
 * states and the person's payments per policy year, over admissions across the families' anniversaries.
 */
class FamilyPrefixHandshakeTest {
  /** A family cap of 5,000.00 on 70% of the burden, each person's payments, and the family's claims counted. */
  private static final String CAP = """
      policy "family-cap" version 1
      insured field family: id
      param family_cap: money = 5000.00
      param ratio: ratio = 70%
      state paid: money
      state family_paid: money by insured.family
      state family_claims: int by insured.family
      let due = max(0, claim.in_scope - claim.fund_paid) * ratio
      let pay = min(due, max(0, family_cap - family_paid))
      output payout = pay to insurer, data_holder
      output earlier = family_claims to insurer
      update paid = paid + pay
      update family_paid = family_paid + pay
      update family_claims = family_claims + 1
      """;
  /** Each person's deductible of 1,000.00, the family's total of what its members' deductibles took. */
  private static final String DEDUCTIBLES = """
      policy "family-deductibles" version 1
      insured field family: id
      param deductible: money = 1000.00
      state used: money
      state family_used: money by insured.family
      let burden = max(0, claim.in_scope - claim.fund_paid)
      let applied = min(burden, max(0, deductible - used))
      output payout = (burden - applied) * 80% to insurer
      output family_before = family_used to insurer
      update used = used + applied
      update family_used = family_used + applied
      """;
  /**
   * A family's payments capped at 3,000.00 (a start above the cap falls to it) and a family credit
   * that claims use down to a floor of 500.00: capped and floored states, no per-person state.
   */
  private static final String CAPPED = """
      policy "family-capped" version 1
      insured field family: id
      param family_cap: money = 3000.00
      state family_paid: money by insured.family
      state family_credit: money by insured.family
      let due = max(0, claim.in_scope - claim.fund_paid)
      output payout = min(due, max(0, family_cap - family_paid)) to insurer
      output credit_before = family_credit to insurer
      update family_paid = min(family_paid + due, family_cap)
      update family_credit = max(family_credit - due, 500.00)
      """;
  /**
   * The language guide's person's deductible within a family deductible (docs/language.md): the two
   * states limit each other, and run in two stages (the person's, then the family's).
   */
  static final String FAMILY_DEDUCTIBLE = FamilyStatesGoldenTest.POLICY
      .replace("let left", "let burden = max(0, claim.in_scope - claim.fund_paid)\nlet left")
      .replace("claim.total", "burden");
  /** The same with limits the generated claims cross often and starts cross too: 500.00 a person, 1,500.00 a family. */
  private static final String SMALL_DEDUCTIBLES = FAMILY_DEDUCTIBLE.replace("= 10000.00", "= 500.00")
      .replace("= 15000.00", "= 1500.00");
  private static final List<String> POLICIES = List.of(CAP, DEDUCTIBLES, CAPPED);
  /** The same policies with every family state (and the person's payments) per policy year. */
  private static final List<String> YEARLY = POLICIES.stream().map(text -> text
      .replace(" by insured.family\n", " by insured.family per policy_year\n")
      .replace("state paid: money\n", "state paid: money per policy_year\n")).toList();

  @Test
  void theSchedulesCheckPlanShows() {
    for (String text : POLICIES) {
      Plan plan = Planner.plan(InsuredFieldsGoldenTest.compile(text));
      assertEquals(List.of(), plan.refusals());
      assertTrue(plan.familyPrefixStages().isPresent(), text);
      assertTrue(plan.render().contains("per family: a segmented prefix in the insurer's family order"), plan.render());
    }
    String capped = Planner.plan(InsuredFieldsGoldenTest.compile(CAPPED)).render();
    assertTrue(capped.contains("family_paid: capped") && capped.contains("family_credit: floored"), capped);
    // a claim's total may be a refund's negative amount: no saturating prefix, the chain
    Plan chained = Planner.plan(InsuredFieldsGoldenTest.compile(FamilyStatesGoldenTest.POLICY));
    assertTrue(chained.familyPrefixStages().isEmpty(), "a step of either sign: the chain");
    String twoStages = Planner.plan(InsuredFieldsGoldenTest.compile(FAMILY_DEDUCTIBLE)).render();
    assertTrue(twoStages.contains("deductible_used: saturating, max(s, min(s + x, limit)), x ≥ 0, over each person's"
        + " claims, stage 1 of 2: as if family_deductible had no limit"), twoStages);
    assertTrue(twoStages.contains("family_deductible: saturating, max(s, min(s + x, limit)), x ≥ 0, per family: a"
        + " segmented prefix in the insurer's family order, stage 2 of 2: its step what deductible_used's stage 1"
        + " leaves"), twoStages);
  }

  /**
   * The guide's worked example (docs/language.md "States shared by a family") settled in handshake
   * mode: P1 and P2 one family, P3 another; burdens A1 (P1) 8,000.00, C1 (P3) 12,000.00, B1 (P2)
   * 9,000.00, A2 (P1) 3,000.00, B2 (P2) 1,000.00. By hand: A1 all deductible; C1 pays 80% of
   * 2,000.00; B1 finds 10,000.00 of P2's own left but 7,000.00 of the family's: 80% of 2,000.00; A2
   * and B2 80% of all. Stage 1 alone would leave P1 at 10,000.00 and P2 at 10,000.00 (A2 takes
   * 2,000.00 of P1's own, B2 1,000.00 of P2's); the states after are the amounts' sums, 8,000.00
   * and 7,000.00.
   */
  @Test
  void theGuidesFamilyDeductibleAsWorkedByHand() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(FAMILY_DEDUCTIBLE);
    assertTrue(Planner.plan(policy).familyPrefixStages().isPresent());
    List<InsuredRecord> records = new ArrayList<>();
    // P1 and P2 family F-1 (an id field's value: its first record's number), P3 F-2
    int[] family = {0, 0, 2};
    for (int p = 0; p < 3; p++) {
      records.add(new InsuredRecord("P" + (p + 1), false, 20_000, new long[2], new long[] {family[p]},
          List.of(List.of(family[p] == 0 ? "F-1" : "F-2"))));
    }
    InsuredFile insured = InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);
    String[][] byHand = {{"A1", "P1", "800000"}, {"C1", "P3", "1200000"}, {"B1", "P2", "900000"},
        {"A2", "P1", "300000"}, {"B2", "P2", "100000"}};
    List<Claim> claims = new ArrayList<>();
    for (String[] c : byHand) {
      long burden = Long.parseLong(c[2]);
      claims.add(new Claim(c[0], c[1], "", VisitType.INPATIENT, 2, 20_500, 20_503, "K35.8", 50, Sex.MALE, burden, 0, 0,
          0, burden, 0, 0, 0, 0, burden, List.of(), 0));
    }
    BatchResult r = Evaluator.evaluate(policy, claims, insured, new long[0]);
    List<Long> payouts = new ArrayList<>();
    for (int c = 0; c < claims.size(); c++) {
      payouts.add(r.output(c, 0));
    }
    assertEquals(List.of(0L, 160_000L, 160_000L, 240_000L, 80_000L), payouts);
    assertEquals("""
        insured_id,preexisting,policy_start,family,deductible_used,family_deductible
        P1,false,2024-10-04,F-1,8000.00,15000.00
        P2,false,2024-10-04,F-1,7000.00,15000.00
        P3,false,2024-10-04,F-2,10000.00,10000.00
        """, r.statesCsv());
    String outcome = HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(claims, insured,
        new long[0]), problem -> problem);
    assertEquals("equal", outcome);
  }

  /**
   * A family state declared per policy year runs on family prefixes for each eligible family
   * (additive, saturating, capped, floored), restarting on its flag there, the family's year a running
   * maximum; a clamp, a running maximum of amounts and an {@code insured.*} limit keep the chain.
   */
  @Test
  void perYearFamilyStatesRunAsFamilyPrefixes() {
    String head = """
        policy "family-years" version 1
        insured field family: id
        insured field cap: money
        param family_cap: money = 3000.00
        state family_paid: money by insured.family per policy_year
        let due = max(0, claim.in_scope - claim.fund_paid)
        """;
    List<String> prefixes = List.of(
        "output payout = due to insurer\nupdate family_paid = family_paid + due\n",
        "let pay = min(due, max(0, family_cap - family_paid))\noutput payout = pay to insurer\n"
            + "update family_paid = family_paid + pay\n",
        "output payout = due to insurer\nupdate family_paid = min(family_paid + due, family_cap)\n",
        "output payout = due to insurer\nupdate family_paid = max(family_paid - due, 500.00)\n");
    List<String> kinds = List.of("additive", "saturating", "capped", "floored");
    for (int i = 0; i < prefixes.size(); i++) {
      Plan plan = Planner.plan(InsuredFieldsGoldenTest.compile(head + prefixes.get(i)));
      assertEquals(List.of(), plan.refusals());
      assertTrue(plan.familyPrefixStages().isPresent(), prefixes.get(i));
      String render = plan.render();
      assertTrue(render.contains("family_paid: " + kinds.get(i)) && render.contains("per family: a segmented prefix in"
          + " the insurer's family order, restarting on a flag on shares"), render);
      assertTrue(render.contains("family_policy_year: running_max, max(s, x), by a scan, per family"), render);
    }
    List<String> chains = List.of(
        // a clamp: steps of either sign between a floor and a ceiling
        "output payout = due to insurer\nupdate family_paid = min(max(family_paid + claim.fund_paid - due, 0),"
            + " family_cap)\n",
        // a running maximum of amounts
        "output payout = due to insurer\nupdate family_paid = max(family_paid, due)\n",
        // a limit of the member's own record
        "let pay = min(due, max(0, insured.cap - family_paid))\noutput payout = pay to insurer\n"
            + "update family_paid = family_paid + pay\n");
    for (String body : chains) {
      Plan plan = Planner.plan(InsuredFieldsGoldenTest.compile(head + body));
      assertEquals(List.of(), plan.refusals());
      assertTrue(plan.familyPrefixStages().isEmpty(), body);
      assertTrue(plan.render().contains("run as one chain in the insurer's family order"), plan.render());
    }
  }

  @Test
  void oneFamily() throws Exception {
    settles(6, p -> 0, 24, c -> c % 5);
  }

  @Test
  void singletonFamiliesOnly() throws Exception {
    settles(7, p -> p, 21, c -> (c * 3) % 7);
  }

  @Test
  void oneFamilyWhoseClaimsAreOnePersons() throws Exception {
    settles(3, p -> 0, 17, c -> 1);
  }

  @Test
  void aFamilyBeyondTheChainsMemberSlots() throws Exception {
    settles(14, p -> p < 12 ? 0 : p, 30, c -> c % 14);
  }

  @Test
  void mixedFamiliesWithOneClaimEach() throws Exception {
    settles(9, p -> p / 3, 9, c -> c);
  }

  /**
   * The policies, plain and per policy year, over {@code people} persons (person p in family {@code
   * familyOf(p)}, the last person without claims) and {@code count} claims (claim c of person
   * {@code personOf(c)}); per year, admissions over three years from the families' one start and
   * recorded years not recorded, behind and ahead.
   */
  private static void settles(int people, IntUnaryOperator familyOf, int count, IntUnaryOperator personOf)
      throws Exception {
    Random random = new Random(people * 31L + count);
    for (String text : java.util.stream.Stream.of(POLICIES, YEARLY, List.of(SMALL_DEDUCTIBLES))
        .flatMap(List::stream).toList()) {
      boolean yearly = text.contains("per policy_year");
      CompiledPolicy policy = InsuredFieldsGoldenTest.compile(text);
      assertTrue(Planner.plan(policy).familyPrefixStages().isPresent(), text);
      List<String> names = policy.stateNames();
      List<InsuredRecord> records = new ArrayList<>();
      // per state shared by a family, each family's start (now and then above the cap or below the floor)
      long[][] familyStart = new long[names.size()][people + 1];
      for (long[] starts : familyStart) {
        for (int f = 0; f <= people; f++) {
          starts[f] = random.nextInt(3) == 0 ? 10_000L * random.nextInt(40) : 0;
        }
      }
      for (int s = 0; s < names.size(); s++) {
        for (int f = 0; f <= people && names.get(s).endsWith("policy_year"); f++) {
          familyStart[s][f] = random.nextInt(4); // a year not recorded, behind or ahead
        }
      }
      for (int p = 0; p <= people; p++) {
        int f = p == people ? familyOf.applyAsInt(0) : familyOf.applyAsInt(p);
        long[] states = new long[names.size()];
        for (int s = 0; s < states.length; s++) {
          states[s] = names.get(s).equals("policy_year") ? random.nextInt(4)
              : names.get(s).startsWith("family") ? familyStart[s][f]
              : random.nextInt(3) == 0 ? 10_000L * random.nextInt(10) : 0;
        }
        int first = 0; // an id field's value: its first record's number
        while (familyOf.applyAsInt(first) != f) {
          first++;
        }
        records.add(new InsuredRecord("P" + p, false, 20_000, states, new long[] {first},
            List.of(List.of("F" + f))));
      }
      InsuredFile insured = InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);
      List<Claim> claims = new ArrayList<>();
      for (int c = 0; c < count; c++) {
        long inScope = 100L * random.nextInt(3_000);
        int admitted = yearly ? 19_970 + random.nextInt(3 * 366) : 20_500;
        claims.add(new Claim("C" + c, "P" + personOf.applyAsInt(c), "", VisitType.INPATIENT, 2, admitted, admitted + 3,
            "K35.8", 50, Sex.MALE, inScope, 0, 0, 0, inScope, 100L * random.nextInt(300), 0, 0, 0, inScope, List.of(),
            0));
      }
      // the batch is one plaintext mode settles
      Evaluator.evaluate(policy, claims, insured, new long[0]);
      String outcome = HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(claims, insured,
          new long[0]), problem -> text + "\n" + problem);
      assertEquals("equal", outcome, text);
    }
  }
}
