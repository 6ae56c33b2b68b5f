package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;

/**
 * What the insurer sees of the restart of a state kept per item code declared {@code per
 * policy_year} ({@link ItemCodeStates#restart}): a batch in which every person's first claim starts
 * a new policy year and one in which none does show the insurer messages of the same sizes in the
 * same order and online bytes with the same distribution (two-sample χ², as {@link
 * EngineViewTest}), so the restart flags, on shares, shape nothing it sees; the two parties' kept
 * shares are read and written alike. Every result either party receives is one the manifest allows
 * ({@link DisclosureCheck}). Positive controls: one more claim of a person shows the insurer other
 * message sizes, and a planted opening of the state per code ({@link
 * Disclosures#opensStatesPerCode}) is reported by the check and really reaches the insurer. The
 * same for reversals of claims of the batch, whose rows carry their targets' codes: one code per
 * claim or four show the insurer the same messages (the data holder's last-of-its-code flags shape
 * none), and a batch without the reversals other ones.
 */
class YearlyItemCodeStatesViewTest {
  static final String POLICY = ItemCodeStatesViewTest.POLICY
      .replace("state drug_paid: money by item.code", "state drug_paid: money by item.code per policy_year");
  private static final int PEOPLE = 6;

  /** The view test's persons, started on day 20,000 (the batch's day 20,500 is in year 2), with year {@code year} recorded. */
  private static InsuredFile insured(CompiledPolicy policy, long year) {
    List<InsuredRecord> records = new ArrayList<>();
    for (int p = 0; p < PEOPLE; p++) {
      records.add(new InsuredRecord("P" + p, false, 20_000, new long[] {0, year}).withValuesByCode(
          List.of(Map.of("XL01XC", 100_000L * p + 1), Map.of())));
    }
    return InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);
  }

  @Test
  void theInsurersViewDoesNotDependOnWhetherClaimsStartANewYear() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("drug-year-view.cpl", POLICY)).policy();
    List<Claim> claims = ItemCodeStatesViewTest.batch(1, 12, row -> "XL01XC");
    // year 1 recorded: every person's first claim (day 20,500, year 2) restarts every code; year 2: none does
    ItemRowsViewTest.View restarting = KeptSharesViewTest.view(policy, claims, insured(policy, 1), null, null);
    ItemRowsViewTest.View running = KeptSharesViewTest.view(policy,
        ItemCodeStatesViewTest.batch(2, 12, row -> "XL01XC"), insured(policy, 2), null, null);
    assertEquals(restarting.shape(), running.shape(), "the same messages, of the same sizes, in the same order");
    assertTrue(restarting.online().length > 20_000, "enough online bytes to compare: " + restarting.online().length);
    double chi = EngineViewTest.chiSquareTwoSamples(restarting.online(), running.online());
    assertTrue(chi < 400, "the online bytes differ in distribution: χ² = " + chi);
    ItemRowsViewTest.View more = KeptSharesViewTest.view(policy, ItemCodeStatesViewTest.batch(2, 13, row -> "XL01XC"),
        insured(policy, 2), null, null);
    assertNotEquals(running.shape(), more.shape());
  }

  /** {@code claims} with the second half reversing the first, claim for claim (same persons). */
  private static List<Claim> withReversals(List<Claim> claims) {
    List<Claim> out = new ArrayList<>(claims);
    int half = claims.size() / 2;
    for (int c = half; c < claims.size(); c++) {
      Claim t = claims.get(c);
      out.set(c, new Claim(t.id(), t.insuredId(), t.hospitalId(), t.visitType(), t.hospitalLevel(), t.admissionDate(),
          t.dischargeDate(), t.diagnosis(), t.age(), t.sex(), t.total(), t.fullSelfPay(), t.overLimit(), t.preSelfPay(),
          t.inScope(), t.fundPaid(), t.criticalPaid(), t.assistancePaid(), t.accountPaid(), t.cashPaid(), t.items(),
          t.route(), t.thresholdApplied(), t.otherInsurerPaid(), t.diagnosisDate(), claims.get(c - half).id(), 0));
    }
    return out;
  }

  @Test
  void theInsurersViewOfReversalsDoesNotDependOnTheCodesTheyTakeBack() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("drug-year-view.cpl", POLICY)).policy();
    // each reversal's rows carry its target's codes: one code a claim (one last row of its code) or four
    ItemRowsViewTest.View oneCode = KeptSharesViewTest.view(policy,
        withReversals(ItemCodeStatesViewTest.batch(4, 12, row -> "XL01XC")), insured(policy, 1), null, null);
    ItemRowsViewTest.View fourCodes = KeptSharesViewTest.view(policy,
        withReversals(ItemCodeStatesViewTest.batch(5, 12, row -> "D" + row)), insured(policy, 1), null, null);
    assertEquals(oneCode.shape(), fourCodes.shape(), "the same messages, of the same sizes, in the same order");
    double chi = EngineViewTest.chiSquareTwoSamples(oneCode.online(), fourCodes.online());
    assertTrue(chi < 400, "the online bytes differ in distribution: χ² = " + chi);
    // positive control: a batch without the reversals shows the insurer other messages
    ItemRowsViewTest.View none = KeptSharesViewTest.view(policy, ItemCodeStatesViewTest.batch(4, 12, row -> "XL01XC"),
        insured(policy, 1), null, null);
    assertNotEquals(oneCode.shape(), none.shape());
    DisclosureCheck.Report honest = DisclosureCheck.run(policy, withReversals(ItemCodeStatesViewTest.batch(6, 12,
        row -> row % 3 == 0 ? "XL01XC" : "D" + row % 5)), insured(policy, 1), new long[0]);
    assertEquals("settled", honest.outcome());
    assertEquals(List.of(), honest.findings());
  }

  @Test
  void onlyTheManifestsResultsAreDisclosedAndAPlantedOpeningPerCodeIsReported() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("drug-year-view.cpl", POLICY)).policy();
    List<Claim> claims = ItemCodeStatesViewTest.batch(3, 8, row -> row % 3 == 0 ? "XL01XC" : "D" + row % 5);
    DisclosureCheck.Report honest = DisclosureCheck.run(policy, claims, insured(policy, 1), new long[0]);
    assertEquals("settled", honest.outcome());
    assertEquals(List.of(), honest.findings());
    ItemCodeStatesViewTest.assertPlantedOpeningIsReported(policy, claims, insured(policy, 1),
        party -> new DisclosureLog(party) {
          @Override
          boolean opensStatesPerCode() {
            return true;
          }
        });
  }
}
