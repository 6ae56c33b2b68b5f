package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;

/**
 * The data holder's view of a family chain, and of family prefixes ({@link FamilyPrefix}), does
 * not depend on who is family: the same claims settled with two groupings of the same insured
 * persons (two families of four, or eight persons alone) and different start values show the data
 * holder messages of the same sizes in the same order and online bytes of the same distribution
 * ({@link EngineViewTest}'s χ² test). Positive
 * control: a schedule that lays the platform's work out by family (each family's claims chained
 * as one person's, the layers the plaintext engine would use) shows the grouping in the shape of
 * the data holder's view, and the same comparison catches it. The same with reversals in the
 * batch, whose registers run at every step of the chain (which step holds a reversal or its target
 * is the insurer's), and each party learns what the manifest says ({@link DisclosureCheck}; the
 * positive control opens the family state the reversals lower to the data holder).
 */
class FamilyChainViewTest {
  /** A family cap, 70% of each claim's burden until the family has been paid 3,000.00; each person's total kept too. */
  private static final String FAMILY = """
      policy "family-view" version 1
      insured field family: id
      param family_cap: money = 3000.00
      param ratio: ratio = 70%
      state paid: money
      state family_paid: money by insured.family
      let due = max(0, claim.in_scope - claim.fund_paid) * ratio
      let pay = min(due, max(0, family_cap - family_paid))
      output payout = pay to insurer
      update paid = paid + pay
      update family_paid = family_paid + pay
      """;
  /**
   * The same family cap within each person's cap of 2,000.00: the two states limit each other, and
   * run as family prefixes in two stages (the person's, then the family's).
   */
  private static final String TWO_STAGES = FAMILY.replace("let pay = min(due, max(0, family_cap - family_paid))",
      "let pay = min(due, max(0, min(2000.00 - paid, family_cap - family_paid)))");
  /**
   * The same with each person's total before the claim output: its values before each claim would
   * be the person's stage, so no prefix resolves them and the batch runs the chain.
   */
  private static final String CHAINED = TWO_STAGES.replace("output payout = pay to insurer\n",
      "output payout = pay to insurer\noutput paid_before = paid to insurer\n");
  /** The family state chained per "person", for claims whose insured ids are their families': the planted schedule. */
  private static final String BY_FAMILY = FAMILY.replace("insured field family: id\n", "")
      .replace("state family_paid: money by insured.family", "state family_paid: money");

  /** The family cap and each person's total per policy year: the family's year a state of its own, on shares. */
  private static final String YEARLY = FAMILY.replace("state paid: money\n", "state paid: money per policy_year\n")
      .replace("state family_paid: money by insured.family\n",
          "state family_paid: money by insured.family per policy_year\n");
  /** The planted schedule by family for the policy per year. */
  private static final String BY_FAMILY_YEARLY = YEARLY.replace("insured field family: id\n", "")
      .replace("state family_paid: money by insured.family per policy_year",
          "state family_paid: money per policy_year");

  /** The family cap beside each person's sub-cap of 500.00 per drug: the values per code run in layers before the chain. */
  private static final String DRUGS = CHAINED.replace("state family_paid: money by insured.family\n",
      "state family_paid: money by insured.family\nstate drug_paid: money by item.code\n"
      + "let drug_pay = sum(min(max(0, item.amount) * ratio, max(0, 500.00 - drug_paid[item.code])) for item in"
      + " claim.items where item.special_drug)\n")
      .replace("output payout = pay to insurer", "output payout = pay + drug_pay to insurer")
      + "update drug_paid[item.code] = drug_paid[item.code] + min(max(0, item.amount) * ratio, max(0, 500.00 -"
      + " drug_paid[item.code])) for item in claim.items where item.special_drug\n";

  /**
   * The same with a line-item value reading the family's state, not 0 on a padding row by itself:
   * each claim's rows go into family order, and so do the data holder's flags of real rows.
   */
  private static final String LINES = DRUGS.replace("output payout = pay + drug_pay to insurer\n",
      "output payout = pay + drug_pay to insurer\noutput lines_left = sum(max(item.amount, max(0, 700.00 -"
      + " family_paid)) for item in claim.items) to insurer\n");

  /**
   * The same with each person's limit of 800.00 on all drugs, which the update per code reads: a
   * per-person state no family state reaches, run in the layers with the values per code.
   */
  private static final String LAYERED = DRUGS.replace("state drug_paid: money by item.code\n",
      "state drug_paid: money by item.code\nstate drugs_total: money\n")
      .replace("max(0, 500.00 - drug_paid[item.code]))", "max(0, 500.00 - drug_paid[item.code]), max(0, 800.00 -"
          + " drugs_total))")
      + "update drugs_total = drugs_total + drug_pay\n";

  /**
   * The cap per drug inside what is left of the family's cap, which the update per code reads: the
   * values per code run in the chain's steps, each row's value before the batch and its slot's
   * flags permuted into family order.
   */
  private static final String IN_CHAIN = DRUGS.replace("max(0, 500.00 - drug_paid[item.code]))",
      "max(0, 500.00 - drug_paid[item.code]), max(0, 700.00 - family_paid))");

  private static final int PERSONS = 8;

  @Test
  void theDataHoldersViewOfFamilyPrefixesDoesNotDependOnWhoIsFamily() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("family-view.cpl", FAMILY)).policy();
    assertTrue(FamilyPrefix.of(Planner.plan(policy), 120, 120, 0).isPresent(), "the batch runs as family prefixes");
    sameViewForBothGroupings(policy, claims(id -> id), 15_000);
  }

  /**
   * A family's per-year state on family prefixes (the family's year a max-scan, the state a sum
   * segmented by the restart flags in family order): the same view for both groupings, with
   * admissions across the anniversaries and the families' recorded years behind or ahead.
   */
  @Test
  void theDataHoldersViewOfPerYearFamilyPrefixesDoesNotDependOnWhoIsFamily() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("family-years-view.cpl", YEARLY)).policy();
    assertTrue(FamilyPrefix.of(Planner.plan(policy), 120, 120, 0).isPresent(), "the batch runs as family prefixes");
    sameViewForBothGroupings(policy, yearly(claims(id -> id)), 20_000);
  }

  /** A person's cap within a family cap, on family prefixes in two stages: the same view for both groupings. */
  @Test
  void theDataHoldersViewOfTwoStageFamilyPrefixesDoesNotDependOnWhoIsFamily() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("family-two-stages-view.cpl", TWO_STAGES)).policy();
    assertTrue(!Planner.plan(policy).familyCouplings().isEmpty(), "the states run in two stages");
    assertTrue(FamilyPrefix.of(Planner.plan(policy), 120, 120, 0).isPresent(), "the batch runs as family prefixes");
    sameViewForBothGroupings(policy, claims(id -> id), 15_000);
  }

  @Test
  void theDataHoldersViewOfTheChainDoesNotDependOnWhoIsFamily() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("family-chain-view.cpl", CHAINED)).policy();
    assertTrue(FamilyPrefix.of(Planner.plan(policy), 120, 120, 0).isEmpty(), "the batch runs the chain");
    sameViewForBothGroupings(policy, claims(id -> id), 50_000);
  }

  /**
   * A family plan with a sub-cap per drug: the layers of the values per code are the persons'
   * (which the platform knows), the chain's the same as without them.
   */
  @Test
  void theDataHoldersViewOfAFamilyPlanWithSubCapsPerDrugDoesNotDependOnWhoIsFamily() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("family-drugs-view.cpl", DRUGS)).policy();
    assertEquals(List.of(), Planner.plan(policy).refusals());
    sameViewForBothGroupings(policy, withReversals(withDrugItems()), 50_000);
  }

  /** A line-item value of the chain: its rows and the flags of real rows permuted, the same view for both groupings. */
  @Test
  void theDataHoldersViewOfLineItemValuesInTheChainDoesNotDependOnWhoIsFamily() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("family-lines-view.cpl", LINES)).policy();
    assertEquals(List.of(), Planner.plan(policy).refusals());
    sameViewForBothGroupings(policy, withReversals(withDrugItems()), 50_000);
  }

  /** A person's state run in the layers before the chain: the same view for both groupings. */
  @Test
  void theDataHoldersViewWithAPersonsStateInTheLayersDoesNotDependOnWhoIsFamily() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("family-layered-view.cpl", LAYERED)).policy();
    assertEquals(List.of(), Planner.plan(policy).refusals());
    assertTrue(Planner.plan(policy).render().contains("no family state reaches: drugs_total"));
    sameViewForBothGroupings(policy, withReversals(withDrugItems()), 50_000);
  }

  /** The values per code in the chain's steps, with reversals: the same view for both groupings. */
  @Test
  void theDataHoldersViewOfTheValuesPerCodeInTheChainDoesNotDependOnWhoIsFamily() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("family-codes-view.cpl", IN_CHAIN)).policy();
    assertEquals(List.of(), Planner.plan(policy).refusals());
    assertTrue(Planner.plan(policy).codesInChain(), "the values per code run in the chain");
    sameViewForBothGroupings(policy, withReversals(withDrugItems()), 50_000);
  }

  /** The batch's claims, each with one special drug line of a third of its in-scope amount, of one of three codes. */
  private static List<Claim> withDrugItems() {
    List<Claim> claims = new ArrayList<>();
    String[] codes = {"XL01XC", "XL01XE", "L04AB"};
    for (Claim c : claims(id -> id)) {
      long drug = c.inScope() / 3;
      claims.add(new Claim(c.id(), c.insuredId(), c.hospitalId(), c.visitType(), c.hospitalLevel(), c.admissionDate(),
          c.dischargeDate(), c.diagnosis(), c.age(), c.sex(), c.total(), c.fullSelfPay(), c.overLimit(),
          c.preSelfPay(), c.inScope(), c.fundPaid(), c.criticalPaid(), c.assistancePaid(), c.accountPaid(),
          c.cashPaid(), List.of(new org.cosettle.core.LineItem(codes[c.id().length() % 3], org.cosettle.core.FeeCategory
              .WESTERN_DRUG, drug, 0, 0, 0, drug, true)), c.route(), c.thresholdApplied(), c.otherInsurerPaid(),
          c.diagnosisDate(), c.reverses(), c.line()));
    }
    return claims;
  }

  /**
   * Settles {@code claims} under two groupings of the eight persons: the data holder's two views
   * alike, with more than {@code enoughBytes} online bytes to compare.
   */
  private static void sameViewForBothGroupings(CompiledPolicy policy, List<Claim> claims, int enoughBytes)
      throws Exception {
    EngineViewTest.View twoFamilies = EngineViewTest.dataHoldersView(policy, claims, insured(policy, p -> p / 4, 0, 0));
    EngineViewTest.View alone = EngineViewTest.dataHoldersView(policy, claims, insured(policy, p -> p, 37_500, 3));
    assertEquals(twoFamilies.shape(), alone.shape(), "the same messages, of the same sizes, in the same order");
    assertTrue(twoFamilies.online().length > enoughBytes, "enough online bytes to compare: " + twoFamilies.online().length);
    double chi = EngineViewTest.chiSquareTwoSamples(twoFamilies.online(), alone.online());
    assertTrue(chi < 400, "the online bytes differ in distribution: χ² = " + chi);
  }

  @Test
  void aScheduleByFamilyShowsTheGroupingAndIsCaught() throws Exception {
    scheduleByFamilyCaught(java.util.function.UnaryOperator.identity());
  }

  @Test
  void perYearAScheduleByFamilyShowsTheGroupingAndIsCaught() throws Exception {
    scheduleByFamilyCaught(BY_FAMILY_YEARLY, FamilyChainViewTest::yearly);
  }

  /** The planted schedule by family over the claims ({@code batch} of them) shows the grouping. */
  private static void scheduleByFamilyCaught(java.util.function.UnaryOperator<List<Claim>> batch) throws Exception {
    scheduleByFamilyCaught(BY_FAMILY, batch);
  }

  /** As above, under policy {@code text}. */
  private static void scheduleByFamilyCaught(String text, java.util.function.UnaryOperator<List<Claim>> batch)
      throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("by-family.cpl", text)).policy();
    // the platform's work laid out by family: two families of four, then every person alone
    List<Claim> byTwoFamilies = batch.apply(claims(id -> "F" + (Integer.parseInt(id.substring(1)) / 4)));
    List<Claim> byPersons = batch.apply(claims(id -> "F" + id.substring(1)));
    EngineViewTest.View twoFamilies = EngineViewTest.dataHoldersView(policy, byTwoFamilies,
        plainInsured(policy, List.of("F0", "F1")));
    List<String> ids = new ArrayList<>();
    for (int p = 0; p < PERSONS; p++) {
      ids.add("F" + p);
    }
    EngineViewTest.View alone = EngineViewTest.dataHoldersView(policy, byPersons, plainInsured(policy, ids));
    assertNotEquals(twoFamilies.shape(), alone.shape(), "the layers by family show in the data holder's view");
  }

  @Test
  void withReversalsTheDataHoldersViewDoesNotDependOnWhoIsFamily() throws Exception {
    // a batch holding a reversal runs the chain, family prefixes or not
    CompiledPolicy policy = Policies.compile(new Source("family-view.cpl", FAMILY)).policy();
    sameViewForBothGroupings(policy, withReversals(claims(id -> id)), 50_000);
  }

  @Test
  void withReversalsAScheduleByFamilyShowsTheGroupingAndIsCaught() throws Exception {
    scheduleByFamilyCaught(FamilyChainViewTest::withReversals);
  }

  @Test
  void withReversalsEachPartyLearnsWhatTheManifestSaysAndAPlantedOpeningIsReported() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("family-view.cpl", FAMILY)).policy();
    List<Claim> claims = withReversals(claims(id -> id));
    InsuredFile insured = insured(policy, p -> p / 4, 0, 0);
    DisclosureCheck.Report clean = DisclosureCheck.run(policy, claims, insured, new long[0]);
    assertEquals("settled", clean.outcome());
    assertEquals(List.of(), clean.findings());
    // the positive control: the family state the reversals lower opened to the data holder too
    DisclosureCheck.Report planted = DisclosureCheck.run(policy, claims, insured, new long[0],
        party -> ReversalViewTest.openingToBoth(party, "family_paid"));
    assertEquals("settled", planted.outcome());
    assertTrue(planted.findings().contains("at the data holder: not allowed by the manifest: state family_paid opened"
        + " to data_holder and insurer"), planted.findings().toString());
  }

  /**
   * {@code claims} with three reversals at fixed places: of the sixth claim after the thirtieth, of
   * the sixtieth after the ninetieth, and of the hundredth at the end (same insured ids as theirs).
   */
  private static List<Claim> withReversals(List<Claim> claims) {
    List<Claim> out = new ArrayList<>(claims);
    out.add(claims.size(), ReversalViewTest.reversal(claims.get(99), "R3"));
    out.add(90, ReversalViewTest.reversal(claims.get(59), "R2"));
    out.add(30, ReversalViewTest.reversal(claims.get(5), "R1"));
    return out;
  }

  /** 120 claims of the eight persons, interleaved (the same in every run), insured ids mapped by {@code ids}. */
  private static List<Claim> claims(java.util.function.UnaryOperator<String> ids) {
    Random random = new Random(29);
    List<Claim> claims = new ArrayList<>();
    for (int c = 0; c < 120; c++) {
      long inScope = 100L * (100 + random.nextInt(2_000));
      claims.add(new Claim("C" + c, ids.apply("P" + random.nextInt(PERSONS)), "", VisitType.INPATIENT, 2, 20_500,
          20_503, "K35.8", 50, Sex.MALE, inScope, 0, 0, 0, inScope, 100L * random.nextInt(100), 0, 0, 0, inScope,
          List.of(), 0));
    }
    return claims;
  }

  /** {@code claims} admitted over three years from the policies' start (the same in every run): anniversaries crossed. */
  private static List<Claim> yearly(List<Claim> claims) {
    Random random = new Random(31);
    List<Claim> out = new ArrayList<>();
    for (Claim c : claims) {
      int admitted = 20_000 + random.nextInt(3 * 365);
      out.add(new Claim(c.id(), c.insuredId(), c.hospitalId(), c.visitType(), c.hospitalLevel(), admitted, admitted + 3,
          c.diagnosis(), c.age(), c.sex(), c.total(), c.fullSelfPay(), c.overLimit(), c.preSelfPay(), c.inScope(),
          c.fundPaid(), c.criticalPaid(), c.assistancePaid(), c.accountPaid(), c.cashPaid(), c.items(), c.route(),
          c.thresholdApplied(), c.otherInsurerPaid(), c.diagnosisDate(), c.reverses(), c.line()));
    }
    return out;
  }

  /**
   * The eight persons, person p in the family of {@code familyOf(p)}'s first member, with start
   * values and, under a policy per year, recorded years {@code year}.
   */
  private static InsuredFile insured(CompiledPolicy policy, java.util.function.IntUnaryOperator familyOf, long start,
      long year) {
    List<InsuredRecord> records = new ArrayList<>();
    for (int p = 0; p < PERSONS; p++) {
      int f = familyOf.applyAsInt(p);
      int first = 0;
      while (familyOf.applyAsInt(first) != f) {
        first++;
      }
      records.add(new InsuredRecord("P" + p, false, 20_000, states(policy, start, year), new long[] {first},
          List.of(List.of("F" + f))));
    }
    return InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);
  }

  private static InsuredFile plainInsured(CompiledPolicy policy, List<String> ids) {
    List<InsuredRecord> records = new ArrayList<>();
    for (String id : ids) {
      records.add(new InsuredRecord(id, false, 20_000, states(policy, 0, 0)));
    }
    return InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);
  }

  /** A record's states: {@code start} for the amounts, {@code year} for the recorded years. */
  private static long[] states(CompiledPolicy policy, long start, long year) {
    return policy.stateNames().stream().mapToLong(name -> name.endsWith("policy_year") ? year
        : name.equals("drug_paid") ? 0 : start).toArray();
  }
}
