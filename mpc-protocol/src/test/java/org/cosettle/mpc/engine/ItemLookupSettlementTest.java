package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.LineItem;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.mpc.plan.PrivateLookup;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PrivateValues;
import org.cosettle.policy.Source;
import org.cosettle.policy.eval.CodeTable;
import org.cosettle.policy.ir.CodeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Private lookups per line item in handshake mode: a special-drug policy whose ratio, cap and
 * covered codes are the insurer's, looked up by every item's code in the batch's item rows
 * (padded to the item bound K), against hand-worked payouts and the plaintext evaluator: present
 * and absent codes, prefix elements, a claim without items and claims of exactly K items; and the
 * insurer's view of the lookup, the same whatever the codes and the number of real items (with a
 * planted unmasked reply as the positive control).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ItemLookupSettlementTest {
  private static final String POLICY = """
      policy "special-drug-items" version 1
      private table drug_ratio: ratio by code size 20000 default 0%
      private table drug_cap: money by code size 20000 default 0.00
      private param covered: set<code>
      output payout = sum(min(max(0, item.in_scope) * drug_ratio[item.code], drug_cap[item.code])
                          for item in claim.items) to insurer, data_holder
      output listed = sum(if item.code in covered then 1 else 0 for item in claim.items) to insurer, data_holder
      """;

  private static CompiledPolicy policy() {
    return Policies.compile(new Source("items.cpl", POLICY)).policy();
  }

  /** Claims of the inclusive conformance case, each with the items of the codes given, in turn. */
  static List<Claim> claims(List<List<String>> itemCodes) throws Exception {
    List<Claim> claims = new ArrayList<>();
    List<Claim> template = HandshakeSettlementTest.load("inclusive").claims();
    for (int i = 0; i < itemCodes.size(); i++) {
      Claim c = template.get(i % template.size());
      List<LineItem> items = new ArrayList<>();
      for (int k = 0; k < itemCodes.get(i).size(); k++) {
        long inScope = 10_000L * (i + 1) + 137 * k;
        items.add(new LineItem(itemCodes.get(i).get(k), FeeCategory.values()[0], inScope, 0, 0, 0, inScope, true));
      }
      claims.add(new Claim(c.id() + "-" + i, c.insuredId(), c.hospitalId(), c.visitType(), c.hospitalLevel(),
          c.admissionDate(), c.dischargeDate(), c.diagnosis(), c.age(), c.sex(), c.total(), c.fullSelfPay(),
          c.overLimit(), c.preSelfPay(), c.inScope(), c.fundPaid(), c.criticalPaid(), c.assistancePaid(),
          c.accountPaid(), c.cashPaid(), items, c.line()));
    }
    return claims;
  }

  @Test
  void everyItemsCodeIsLookedUpAsThePlaintextEvaluatorDoes() throws Exception {
    CompiledPolicy policy = policy();
    Plan plan = Planner.plan(policy);
    assertTrue(plan.refusals().isEmpty(), plan.render());
    assertTrue(plan.lookups().stream().allMatch(PrivateLookup::perItem));
    // ratio and cap in one store (one fingerprint, two values: 3 words per row), the code set's 10 keys alone;
    // ZZ99 below is a code of the cap table only, so the store's ratio column holds its default there
    assertEquals(2, plan.stores().size());
    assertEquals(5L * 4 * (3 + 10), PrivateLookups.lookupCount(plan, 5, 4));
    Map<String, Long> ratios = new LinkedHashMap<>();
    ratios.put("XA01", 7_000L);  // 70%
    ratios.put("XB02", 10_000L); // 100%
    ratios.put("XC03", 1L);      // 0.01%
    Map<String, Long> caps = new LinkedHashMap<>();
    caps.put("XA01", 5_000L);
    caps.put("XB02", 1_000_000L);
    caps.put("ZZ99", 9_999L);   // a cap without a ratio: 0% of it
    PrivateValues values = new PrivateValues(new long[policy.privateParams().size()], List.of(
        CodeTable.of(ratios, 0), CodeTable.of(caps, 0), CodeTable.of(new CodeSet(List.of("XA*", "XC03", "中*")))));
    List<List<String>> itemCodes = List.of(
        List.of("XA01", "XB02", "XC03", "QQ00"),
        List.of(),
        List.of("XA01", "XA01", "XA02", "XB02"), // K = 4 items: no padding row
        List.of("ZZ99"),
        List.of("XC0", "", "中药", "xa01"));
    List<Claim> claims = claims(itemCodes);
    // one equality test per store, as SecureCosts counted: no correlation made and not used
    TwoPartySettlement.Sides s = settle(policy, claims, values);
    long[] payout = new long[claims.size()];
    long[] listed = new long[claims.size()];
    for (int i = 0; i < claims.size(); i++) {
      for (LineItem item : claims.get(i).items()) {
        long ratio = ratios.getOrDefault(item.code(), 0L);
        long cap = caps.getOrDefault(item.code(), 0L);
        payout[i] += Math.min(Math.round(item.inScope() * ratio / 10_000.0), cap);
        listed[i] += item.code().startsWith("XA") || item.code().equals("XC03") || item.code().startsWith("中") ? 1 : 0;
      }
    }
    assertTrue(payout[0] > 0 && payout[2] > 0 && listed[4] == 1, "the hand-worked case exercises the tables");
    BatchResult plain = Evaluator.evaluate(policy, claims, PrivateLookupSettlementTest.insured(), values);
    for (int i = 0; i < claims.size(); i++) {
      assertArrayEquals(new long[] {payout[i], listed[i]}, new long[] {plain.output(i, 0), plain.output(i, 1)},
          "the plaintext evaluator agrees with the hand-worked claim " + i);
    }
    for (long[][] outputs : new long[][][] {s.insurer().outputs(), s.dataHolder().outputs()}) {
      assertArrayEquals(payout, outputs[0]);
      assertArrayEquals(listed, outputs[1]);
    }
  }

  /**
   * Settles {@code claims} between the two parties with the inclusive case's insured persons;
   * both end with an outcome, and every correlation made was used (as {@link SecureCosts} counted).
   */
  static TwoPartySettlement.Sides settle(CompiledPolicy policy, List<Claim> claims, PrivateValues values)
      throws Exception {
    TwoPartySettlement.Sides s = TwoPartySettlement.run(policy, claims, PrivateLookupSettlementTest.insured(),
        values, UnaryOperator.identity(), TwoPartySettlement.hooks(Disclosures.NONE, 0), UnaryOperator.identity(),
        TwoPartySettlement.hooks(Disclosures.NONE, 0));
    assertNull(s.dataHolderFailure(), String.valueOf(s.dataHolderFailure()));
    assertNull(s.insurerFailure(), String.valueOf(s.insurerFailure()));
    assertEquals(0, s.dataHolder().stats().correlationsLeft(), "correlations the data holder made and did not use");
    assertEquals(0, s.insurer().stats().correlationsLeft(), "correlations the insurer made and did not use");
    return s;
  }

  @Test
  void aLightBatchRunsOnFewerSlotsThanRowsWithAClaimOfKItemsAndStatesPerCode() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("drug-states.cpl", """
        policy "drug items with states" version 1
        private table drug_ratio: ratio by code size 300 default 0%
        param cap: money = 300.00
        state paid: money by item.code
        output payout = sum(min(max(0, item.in_scope) * drug_ratio[item.code], max(0, cap - paid[item.code]))
                            for item in claim.items) to insurer, data_holder
        update paid[item.code] = paid[item.code] +
            min(max(0, item.in_scope) * drug_ratio[item.code], max(0, cap - paid[item.code])) for item in claim.items
        """)).policy();
    Map<String, Long> ratios = new LinkedHashMap<>();
    for (int i = 0; i < 300; i += 2) {
      ratios.put("D" + i, 1_000L + 30L * i);
    }
    PrivateValues values = new PrivateValues(new long[policy.privateParams().size()], List.of(CodeTable.of(ratios, 0)));
    // claim 0: K = 16 items, three of one code (they chain in order); then claims of one item or none, codes
    // repeating over the claims of a person
    List<List<String>> itemCodes = new ArrayList<>();
    itemCodes.add(List.of("D0", "D2", "D0", "D4", "D5", "D6", "D8", "D10", "D0", "D12", "D14", "D16", "D18", "D20",
        "D22", "D1"));
    for (int i = 1; i < 51; i++) {
      itemCodes.add(i % 5 == 0 ? List.of() : List.of("D" + (i % 7)));
    }
    List<Claim> claims = claims(itemCodes);
    int[] items = claims.stream().mapToInt(c -> c.items().size()).toArray();
    assertEquals(16, ItemRows.bound(claims));
    assertTrue(ItemSlots.count(items, 16) < 16 * claims.size(), "the lookups run on fewer slots than rows");
    // every person has 250.00 of D0 paid before the batch
    org.cosettle.core.InsuredFile insured = org.cosettle.core.InsuredFile.of(policy.insuredFields(),
        policy.stateColumns(), HandshakeSettlementTest.load("inclusive").insured().records().stream()
            .map(r -> new org.cosettle.core.InsuredRecord(r.insuredId(), r.preexisting(), r.policyStart(), new long[1])
                .withValuesByCode(List.of(Map.of("D0", 25_000L)))).toList());
    TwoPartySettlement.Sides s = TwoPartySettlement.run(policy, claims, insured, values, UnaryOperator.identity(),
        TwoPartySettlement.hooks(Disclosures.NONE, 0), UnaryOperator.identity(),
        TwoPartySettlement.hooks(Disclosures.NONE, 0));
    assertNull(s.insurerFailure(), String.valueOf(s.insurerFailure()));
    assertNull(s.dataHolderFailure(), String.valueOf(s.dataHolderFailure()));
    BatchResult plain = Evaluator.evaluate(policy, claims, insured, values);
    long[] want = new long[claims.size()];
    for (int i = 0; i < claims.size(); i++) {
      want[i] = plain.output(i, 0);
    }
    assertTrue(java.util.Arrays.stream(want).filter(v -> v > 0).count() > 10, "the case pays");
    assertArrayEquals(want, s.insurer().outputs()[0]);
    assertArrayEquals(want, s.dataHolder().outputs()[0]);
  }

  @Test
  void theInsurersViewIsTheSameWhateverTheItemsAndTheirCodes() throws Exception {
    Plan plan = Planner.plan(Policies.compile(new Source("cap.cpl", """
        policy "item cap" version 1
        private table item_cap: money by code size 300 default 500.00
        output payout = sum(min(item.in_scope, item_cap[item.code]) for item in claim.items) to insurer
        """)).policy());
    Map<String, Long> caps = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      caps.put("C" + i, 1000L + i);
    }
    assertInsurersViewHidesTheItems(plan, new PrivateValues(new long[0], List.of(CodeTable.of(caps, 50_000))));
  }

  /**
   * The insurer's view of the lookups of {@code plan} (a table of codes C0 to C299 per item, default
   * 500.00, {@code values}) is the same for two batches of the same item counts on different claims
   * with different codes, and its shares look random; planted flaws (a placement by item index, an
   * unmasked reply) are caught.
   */
  static void assertInsurersViewHidesTheItems(Plan plan, PrivateValues values) throws Exception {
    int n = 60;
    int k = 16;
    // the same item counts (a claim of 9 items, so K = 16; 39 of one; 20 of none), on different claims with
    // different codes: which claims — and so which rows — hold the real items differs, the slot count does not;
    // the insurer's hash keys, and so the slot function, the same in both runs
    List<String> nine = List.of("C0", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8");
    List<List<String>> present = new ArrayList<>();
    List<List<String>> absent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      present.add(i == 0 ? nine : i < 40 ? List.of("C" + i) : List.of());
      absent.add(i == n - 1 ? nine.stream().map(c -> "Q" + c).toList()
          : i % 3 != 0 ? List.of("Q-" + i + "-absent") : List.of());
    }
    byte[] seed = new byte[32];
    seed[0] = 12;
    PrivateLookupSettlementTest.Seen[] a = PrivateLookupSettlementTest.lookUp(plan, claims(present), k, values,
        Prg.fromSeed(seed));
    PrivateLookupSettlementTest.Seen[] b = PrivateLookupSettlementTest.lookUp(plan, claims(absent), k, values,
        Prg.fromSeed(seed));
    assertEquals(PrivateLookupSettlementTest.sizes(a[0].received()), PrivateLookupSettlementTest.sizes(b[0].received()),
        "the same messages, of the same sizes, whatever the codes and the claims that hold the items");
    assertArrayEquals(a[0].received().get(0), b[0].received().get(0), "the same slot count");
    assertTrue(a[0].lookups().slots() < n * k, "the lookups run on fewer slots than rows: " + a[0].lookups().slots());
    PrivateLookupSettlementTest.assertInsurerSharesLookRandom(plan, a[0], n, values);
    PrivateLookupSettlementTest.assertInsurerSharesLookRandom(plan, b[0], n, values);
    // the data holder's view: the same sizes whatever the insurer's table (here empty)
    PrivateLookupSettlementTest.Seen[] c = PrivateLookupSettlementTest.lookUp(plan, claims(present), k,
        new PrivateValues(new long[0], List.of(CodeTable.of(Map.of(), 50_000))));
    assertEquals(PrivateLookupSettlementTest.sizes(a[1].received()), PrivateLookupSettlementTest.sizes(c[1].received()));
    // positive control: a data holder that keeps the items on rows 0, 1, … and sizes the slot count to fit
    // them tells the insurer where they are
    PrivateLookups.plantIndexPlacement(true);
    try {
      // the two counts may meet for one slot function; for one of a few they differ
      boolean caught = false;
      for (byte draw = 0; draw < 4 && !caught; draw++) {
        seed[1] = draw;
        PrivateLookupSettlementTest.Seen[] first = PrivateLookupSettlementTest.lookUp(plan, claims(present), k, values,
            Prg.fromSeed(seed));
        PrivateLookupSettlementTest.Seen[] second = PrivateLookupSettlementTest.lookUp(plan, claims(absent), k,
            values, Prg.fromSeed(seed));
        caught = !java.util.Arrays.equals(first[0].received().get(0), second[0].received().get(0));
      }
      assertTrue(caught, "a slot count that depends on the rows of the items is caught");
    } finally {
      PrivateLookups.plantIndexPlacement(false);
    }
    // positive control: a reply the data holder leaves unmasked gives the insurer its entries
    PrivateLookups.plantUnmaskedReply(true);
    try {
      PrivateLookupSettlementTest.Seen[] leaky = PrivateLookupSettlementTest.lookUp(plan, claims(present), k, values);
      AssertionError caught = assertThrows(AssertionError.class,
          () -> PrivateLookupSettlementTest.assertInsurerSharesLookRandom(plan, leaky[0], n, values));
      assertTrue(caught.getMessage().contains("the insurer's shares show its table"), caught.getMessage());
    } finally {
      PrivateLookups.plantUnmaskedReply(false);
    }
  }
}
