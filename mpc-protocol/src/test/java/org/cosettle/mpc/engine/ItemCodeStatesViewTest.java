package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.LineItem;
import org.cosettle.core.Party;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;

/**
 * What the insurer sees of a state kept per item code in handshake mode: nothing of the claims'
 * codes. Two batches with the same claim ids, insured ids and item bound whose items carry one
 * code per person (every row chained to the person's earlier ones) or a new code on every row
 * (nothing chained) show the insurer messages of the same sizes in the same order and online bytes
 * with the same distribution (two-sample χ², as {@link EngineViewTest}): which rows share a code
 * shapes no message. Every result either party receives is one the manifest allows ({@link
 * DisclosureCheck}), and no value per code is among them. Positive controls: a batch with one
 * more claim of a person shows the insurer other message sizes, and a planted opening of the state
 * per code ({@link Disclosures#opensStatesPerCode}) is reported by the check and really reaches the
 * insurer.
 */
class ItemCodeStatesViewTest {
  static final String POLICY = """
      policy "drug view" version 1
      param drug_cap: money = 3000.00
      state drug_paid: money by item.code
      let pays = sum(min(item.in_scope, max(0, drug_cap - drug_paid[item.code])) for item in claim.items)
      output payout = pays to data_holder
      update drug_paid[item.code] = drug_paid[item.code] + min(item.in_scope, max(0, drug_cap - drug_paid[item.code])) for item in claim.items
      """;
  private static final int CLAIMS = 24;
  private static final int PEOPLE = 6;

  /** The same claim ids and insured ids, 4 items per claim, the code of item k of claim c {@code code.apply(c * 4 + k)}. */
  static List<Claim> batch(long seed, int claims, IntFunction<String> code) {
    return batch(seed, claims, code, row -> true);
  }

  /** As above, item k of claim c a special drug when {@code special.test(c * 4 + k)}. */
  static List<Claim> batch(long seed, int claims, IntFunction<String> code, java.util.function.IntPredicate special) {
    Random rnd = new Random(seed);
    List<Claim> out = new ArrayList<>();
    for (int c = 0; c < claims; c++) {
      List<LineItem> items = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        long amount = rnd.nextInt(200_000);
        items.add(new LineItem(code.apply(c * 4 + k), FeeCategory.WESTERN_DRUG, amount, 0, 0, 0, amount,
            special.test(c * 4 + k)));
      }
      out.add(new Claim("C" + c, "P" + (c % PEOPLE), "H1", org.cosettle.core.VisitType.INPATIENT, 3, 20_500, 20_503,
          "K35", 40, org.cosettle.core.Sex.FEMALE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, items, 0));
    }
    return out;
  }

  static InsuredFile insured(CompiledPolicy policy) {
    List<InsuredRecord> records = new ArrayList<>();
    for (int p = 0; p < PEOPLE; p++) {
      records.add(new InsuredRecord("P" + p, false, 20_000, new long[1]).withValuesByCode(
          List.of(java.util.Map.of("XL01XC", 100_000L * p))));
    }
    return InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);
  }

  @Test
  void theInsurersViewDoesNotDependOnWhichRowsShareACode() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("drug-view.cpl", POLICY)).policy();
    InsuredFile insured = insured(policy);
    // one code per person: every row chains to the person's earlier rows
    ItemRowsViewTest.View same = ItemRowsViewTest.insurersView(policy, batch(1, CLAIMS, row -> "XL01XC"), insured,
        new long[0]);
    // a new code on every row: nothing chains
    ItemRowsViewTest.View distinct = ItemRowsViewTest.insurersView(policy, batch(2, CLAIMS, row -> "D" + row), insured,
        new long[0]);
    assertEquals(same.shape(), distinct.shape(), "the same messages, of the same sizes, in the same order");
    assertTrue(same.online().length > 50_000, "enough online bytes to compare: " + same.online().length);
    double chi = EngineViewTest.chiSquareTwoSamples(same.online(), distinct.online());
    assertTrue(chi < 400, "the online bytes differ in distribution: χ² = " + chi);
    // positive control: one more claim of a person (public metadata) and the insurer sees it
    ItemRowsViewTest.View more = ItemRowsViewTest.insurersView(policy, batch(1, CLAIMS + 1, row -> "XL01XC"), insured,
        new long[0]);
    assertNotEquals(same.shape(), more.shape());
  }

  @Test
  void onlyTheManifestsResultsAreDisclosedAndAPlantedOpeningPerCodeIsReported() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("drug-view.cpl", POLICY)).policy();
    List<Claim> claims = batch(3, 8, row -> row % 3 == 0 ? "XL01XC" : "D" + row % 5);
    DisclosureCheck.Report honest = DisclosureCheck.run(policy, claims, insured(policy), new long[0]);
    assertEquals("settled", honest.outcome());
    assertEquals(List.of(), honest.findings());
    assertPlantedOpeningIsReported(policy, claims, party -> new DisclosureLog(party) {
      @Override
      boolean opensStatesPerCode() {
        return true;
      }
    });
  }

  /**
   * The batch settles with the opening of state drug_paid that {@code planted}'s logs plant, the
   * disclosure check reports it at both parties, and it really reaches the insurer (the data
   * holder's shares of what it opens).
   */
  static void assertPlantedOpeningIsReported(CompiledPolicy policy, List<Claim> claims,
      java.util.function.Function<Party, DisclosureLog> planted) throws Exception {
    assertPlantedOpeningIsReported(policy, claims, insured(policy), planted);
  }

  /** As above, the persons' records {@code insured}. */
  static void assertPlantedOpeningIsReported(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      java.util.function.Function<Party, DisclosureLog> planted) throws Exception {
    DisclosureLog[] logs = new DisclosureLog[2];
    DisclosureCheck.Report report = DisclosureCheck.run(policy, claims, insured, new long[0],
        party -> logs[party.ordinal()] = planted.apply(party));
    assertEquals("settled", report.outcome());
    String leak = "not allowed by the manifest: state drug_paid opened to insurer";
    assertTrue(report.findings().contains("at the data holder: " + leak), report.findings().toString());
    assertTrue(report.findings().contains("at the insurer: " + leak), report.findings().toString());
    assertTrue(PlantedLeakTest.receivedDuring(logs[Party.INSURER.ordinal()], Disclosure.Kind.STATE, "drug_paid") > 0);
  }
}
