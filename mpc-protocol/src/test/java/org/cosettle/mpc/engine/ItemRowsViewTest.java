package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.LineItem;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;

/**
 * The insurer's view of a settlement with item-level values on shares must not depend on how
 * many line items each claim has, only on the batch's item bound K. Every output goes to the data
 * holder alone, so the insurer learns nothing else; two batches with the same claim ids and
 * insured ids whose claims have different numbers of items (at most 8 in both, so K = 8) must
 * show the insurer messages of the same sizes in the same order and online bytes with the same
 * distribution (two-sample χ² over byte values, as {@link EngineViewTest}). The positive control:
 * a batch whose largest claim has 9 items (K = 16) shows the insurer other message sizes, as the
 * claims' own item counts would without padding.
 */
class ItemRowsViewTest {
  private static final String POLICY = """
      policy "item view" version 1
      private param r1: ratio
      private param cap: money
      output pay = sum(item.in_scope * r1 for item in claim.items where item.category == WESTERN_DRUG) to data_holder
      output big = count(item in claim.items where item.amount > cap) to data_holder
      output capped = sum(min(item.amount, cap) for item in claim.items) to data_holder
      """;
  private static final int CLAIMS = 60;

  /**
   * A cap per Western drug inside what is left of the family's cap, which the update per code reads:
   * the values per code run in the family chain's steps.
   */
  static final String FAMILY_CODES = """
      policy "family codes view" version 1
      insured field family: id
      state family_paid: money by insured.family
      state drug_paid: money by item.code
      let lines = sum(min(item.in_scope * 70%, max(0, 300.00 - drug_paid[item.code]), max(0, 3000.00 - family_paid))
                      for item in claim.items where item.category == WESTERN_DRUG)
      output pay = lines to data_holder
      update family_paid = family_paid + lines
      update drug_paid[item.code] = drug_paid[item.code] + min(item.in_scope * 70%, max(0, 300.00 -
          drug_paid[item.code]), max(0, 3000.00 - family_paid)) for item in claim.items where item.category == WESTERN_DRUG
      """;

  record View(List<Long> shape, byte[] online) {}

  static View insurersView(CompiledPolicy policy, List<Claim> claims, InsuredFile insured) throws Exception {
    return insurersView(policy, claims, insured, new long[] {7_500, 30_000});
  }

  /** The insurer's view of a batch whose every output goes to the data holder alone, with the insurer's private params. */
  static View insurersView(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, long[] params)
      throws Exception {
    AtomicReference<EngineViewTest.Log> log = new AtomicReference<>();
    TwoPartySettlement.Sides s = TwoPartySettlement.run(policy, claims, insured, params,
        UnaryOperator.identity(), Disclosures.NONE, channel -> {
          log.set(new EngineViewTest.Log(channel));
          return log.get();
        }, Disclosures.NONE);
    assertNull(s.dataHolderFailure());
    assertNull(s.insurerFailure());
    for (long[] output : s.insurer().outputs()) {
      assertNull(output, "the insurer receives no output");
    }
    assertEquals(0, s.insurer().stats().correlationsLeft());
    return new View(log.get().shape(), log.get().receivedInLast(s.insurer().stats().onlineBytes()));
  }

  /** The same claim ids and insured ids, each claim with {@code items.applyAsInt(claim)} random items. */
  static List<Claim> batch(long seed, java.util.function.IntUnaryOperator items) {
    return batch(seed, items, (claim, item) -> "XL01");
  }

  /** As {@link #batch(long, java.util.function.IntUnaryOperator)}, item k of claim c with code {@code code(c, k)}. */
  static List<Claim> batch(long seed, java.util.function.IntUnaryOperator items,
      java.util.function.BiFunction<Integer, Integer, String> code) {
    Random rnd = new Random(seed);
    List<Claim> claims = new ArrayList<>();
    for (int c = 0; c < CLAIMS; c++) {
      List<LineItem> list = new ArrayList<>();
      for (int k = 0; k < items.applyAsInt(c); k++) {
        long amount = rnd.nextInt(5_000_000);
        list.add(new LineItem(code.apply(c, k), FeeCategory.values()[rnd.nextInt(FeeCategory.values().length)], amount,
            0, 0, 0, amount, false));
      }
      claims.add(new Claim("C" + c, "P" + (c % 7), "H1", org.cosettle.core.VisitType.INPATIENT, 3, 20_500, 20_503,
          "K35", 40, org.cosettle.core.Sex.FEMALE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, list, 0));
    }
    return claims;
  }

  @Test
  void theInsurersViewDependsOnTheItemBoundAloneNotOnEachClaimsItems() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("item-view.cpl", POLICY)).policy();
    List<InsuredRecord> records = new ArrayList<>();
    for (int p = 0; p < 7; p++) {
      records.add(new InsuredRecord("P" + p, false, 20_000, new long[0]));
    }
    InsuredFile insured = InsuredFile.of(List.of(), records);
    assertTheItemBoundAloneShows(policy, insured);
  }

  /**
   * Few items per claim (and one claim of 8) against 8 in most: the same view; the positive
   * control, one claim of 9 items (K = 16), shows the insurer other message sizes.
   */
  private static void assertTheItemBoundAloneShows(CompiledPolicy policy, InsuredFile insured) throws Exception {
    View few = insurersView(policy, batch(1, c -> c == 17 ? 8 : c % 3), insured);
    View many = insurersView(policy, batch(2, c -> c % 5 == 0 ? 1 : 8), insured);
    assertEquals(few.shape(), many.shape(), "the same messages, of the same sizes, in the same order");
    assertTrue(few.online().length > 50_000, "enough online bytes to compare: " + few.online().length);
    double chi = EngineViewTest.chiSquareTwoSamples(few.online(), many.online());
    assertTrue(chi < 400, "the online bytes differ in distribution: χ² = " + chi);
    View more = insurersView(policy, batch(1, c -> c == 17 ? 9 : c % 3), insured);
    assertNotEquals(few.shape(), more.shape());
  }

  /**
   * The same in a family chain whose steps compute line-item values (a drug line limited by the
   * family's remainder, an allowance per line chosen by the person's total, whose padding rows
   * the step masks with the data holder's flags on shares): the insurer, who knows the families,
   * still sees only K. Control as above.
   */
  @Test
  void inAFamilyChainTheInsurersViewDependsOnTheItemBoundAlone() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("family-lines-view.cpl", """
        policy "family lines view" version 1
        insured field family: id
        param item_allowance: money = 20.00
        state paid: money
        state family_paid: money by insured.family
        let lines = sum(min(item.in_scope * 70%, max(0, 3000.00 - family_paid)) for item in claim.items
                        where item.category == WESTERN_DRUG)
        let allowance = sum((if paid < 1000.00 then item_allowance else item_allowance * 25%) for item in claim.items)
        output pay = lines + allowance to data_holder
        update paid = paid + lines
        update family_paid = family_paid + lines + allowance
        """)).policy();
    org.cosettle.mpc.plan.Plan plan = org.cosettle.mpc.plan.Planner.plan(policy);
    assertEquals(List.of(), plan.refusals());
    assertTrue(FamilyPrefix.of(plan, CLAIMS, CLAIMS, 0).isEmpty() && FamilyChain.masksRows(plan),
        "the chain runs, masking padding rows");
    assertTheItemBoundAloneShows(policy, twoFamilies(policy));
  }

  /**
   * The values per code in the chain's steps (a cap per drug inside what is left of the family's
   * cap): each row's value before the batch and the one-hot flags of its code's kept slot cross in
   * family order on shares, K and 16·K words per claim, and the rows run in code layers; the
   * insurer sees only K and the code layers L (here 1: every line of a claim its own code). The
   * controls: a claim of 9 items (K = 16), and every line of one code (claims with two Western drug
   * lines of one code: L of 2 or more), show the insurer other message sizes.
   */
  @Test
  void withTheValuesPerCodeInTheChainTheInsurersViewDependsOnTheItemBoundAlone() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("family-codes-view.cpl", FAMILY_CODES)).policy();
    org.cosettle.mpc.plan.Plan plan = org.cosettle.mpc.plan.Planner.plan(policy);
    assertEquals(List.of(), plan.refusals());
    assertTrue(plan.codesInChain(), "the values per code run in the chain");
    InsuredFile insured = twoFamilies(policy);
    java.util.function.BiFunction<Integer, Integer, String> own = (c, k) -> "D" + k;
    View few = insurersView(policy, batch(1, c -> c == 17 ? 8 : c % 3, own), insured);
    View many = insurersView(policy, batch(2, c -> c % 5 == 0 ? 1 : 8, own), insured);
    assertEquals(few.shape(), many.shape(), "the same messages, of the same sizes, in the same order");
    assertTrue(few.online().length > 50_000, "enough online bytes to compare: " + few.online().length);
    double chi = EngineViewTest.chiSquareTwoSamples(few.online(), many.online());
    assertTrue(chi < 400, "the online bytes differ in distribution: χ² = " + chi);
    assertNotEquals(few.shape(), insurersView(policy, batch(1, c -> c == 17 ? 9 : c % 3, own), insured).shape());
    View repeated = insurersView(policy, batch(2, c -> c % 5 == 0 ? 1 : 8, (c, k) -> "D0"), insured);
    assertNotEquals(many.shape(), repeated.shape(), "Western drug lines of one code in a claim: more code layers");
  }

  /** Seven persons with two states, in two families (P0–P3, P4–P6). */
  static InsuredFile twoFamilies(CompiledPolicy policy) {
    List<InsuredRecord> records = new ArrayList<>();
    for (int p = 0; p < 7; p++) {
      int first = p < 4 ? 0 : 4;
      records.add(new InsuredRecord("P" + p, false, 20_000, new long[] {0, 0}, new long[] {first},
          List.of(List.of("F" + first))));
    }
    return InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);
  }
}
