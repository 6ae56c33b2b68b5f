package org.cosettle.policy;

import static org.cosettle.policy.InsuredFieldsGoldenTest.compile;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.claim;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.insured;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.item;
import static org.cosettle.policy.KeptSharesHandshakeTest.refusal;
import static org.cosettle.policy.KeptSharesHandshakeTest.settled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.LineItem;
import org.cosettle.mpc.engine.KeptShares;
import org.cosettle.mpc.engine.TwoPartySettlement;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.ir.CodeSet;
import org.cosettle.policy.eval.CodeTable;
import org.junit.jupiter.api.Test;

/**
 * Kept slots only for the codes an update can change: when the update's filter is the data
 * holder's own knowledge, a row it rejects adds 0 to its code whatever the insurer's values, so its
 * code takes no slot of the kept shares ({@link KeptShares}); such a row still reads its code's
 * slot when one holds it. A filter that reads the insurer's values leaves every code taking one.
 */
class KeptSlotsFilterHandshakeTest {
  private static final String HEADER = "insured_id,preexisting,policy_start,drug_paid,paid_ytd\n";
  /** The sub-cap policy ({@link ItemCodeStatesGoldenTest#POLICY}), with an output that reads every item's code value. */
  static final String READ_ALL = ItemCodeStatesGoldenTest.POLICY.replace("output payout = pays to insurer, data_holder\n",
      "output payout = pays to insurer, data_holder\n"
      + "output read_all = sum(drug_paid[item.code] for item in claim.items) to insurer, data_holder\n");
  /** The same sub-cap on the insurer's private set of covered codes instead of the special-drug flag. */
  static final String COVERED = ItemCodeStatesGoldenTest.POLICY.replace("where item.special_drug",
      "where item.code in covered").replace("state drug_paid", "private param covered: set<code>\nstate drug_paid");

  @Test
  void anInpatientBillOfTwentyCodesWithTwoDrugsSettlesThroughTheKeptSharesAsPlaintext() throws Exception {
    CompiledPolicy policy = compile(READ_ALL);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,XL01XC=250000.00,250000.00\nP2,false,2026-01-01,,\n");
    // 20 distinct codes, 2 of them special drugs: beds, tests, surgery, registration…
    List<LineItem> stay = new ArrayList<>(List.of(item("XL01XC", 4_000_000, true), item("XL01XE", 10_000_000, true)));
    stay.addAll(others("B", 18));
    List<Claim> first = List.of(claim("A", "P1", stay.toArray(new LineItem[0])),
        claim("B", "P2", item("XL01XC", 1_000_000, true), item("B00", 20_000, false)));
    // a second stay: XL01XC billed as no special drug reads its kept value, a new drug, 18 new other codes;
    // D's XL01XC is taken back by R
    List<LineItem> again = new ArrayList<>(List.of(item("XL01XE", 30_000_000, true), item("XL01XC", 700_000, false),
        item("L04AB", 1_000_000, true)));
    again.addAll(others("N", 18));
    List<Claim> second = List.of(claim("C", "P1", again.toArray(new LineItem[0])),
        claim("D", "P1", item("XL01XC", 2_000_000, true), item("B03", 50_000, false)),
        // R takes D back: its rows carry D's codes, and D's choice of which take slots
        ItemCodeReversalsGoldenTest.claim("R", "P1", 20_500, "D", item("B04", 1_000, false)),
        claim("E", "P2", item("B00", 30_000, false), item("XL01XC", 500_000, false)));
    List<Claim> both = new ArrayList<>(first);
    both.addAll(second);
    BatchResult plaintext = Evaluator.evaluate(policy, both, insured, new long[0]);

    TwoPartySettlement.Sides one = settled(TwoPartySettlement.runWithKept(policy, first, insured, 0, null, null));
    InsuredFile afterFirst = insured(policy, BatchResult.statesCsv(policy, insured, one.insurer().states()));
    TwoPartySettlement.Sides two = settled(TwoPartySettlement.runWithKept(policy, second, afterFirst, 0,
        one.dataHolder().kept(), one.insurer().kept()));
    for (int c = 0; c < both.size(); c++) {
      TwoPartySettlement.Sides sides = c < first.size() ? one : two;
      int at = c < first.size() ? c : c - first.size();
      for (int o = 0; o < 2; o++) {
        assertEquals(plaintext.output(c, o), sides.insurer().outputs()[o][at], "claim " + both.get(c).id() + " o" + o);
        assertEquals(plaintext.output(c, o), sides.dataHolder().outputs()[o][at], "claim " + both.get(c).id());
      }
    }
    // the kept read of claim C: XL01XE's 80,000.00 kept from A, XL01XC's 250,000.00 recorded + 32,000.00 kept
    assertEquals(8_000_000L + 25_000_000L + 3_200_000L, plaintext.output(2, 1));
    InsuredFile afterSecond = insured(policy, BatchResult.statesCsv(policy, afterFirst, two.insurer().states()));
    assertEquals(plaintext.statesCsv(), KeptSharesHandshakeTest.statesCsv(policy, KeptShares.opened(policy, afterSecond,
        two.dataHolder().kept(), two.insurer().kept())));
    // the plan counted exactly what both batches used (the same products as with every code in a slot)
    for (TwoPartySettlement.Sides sides : List.of(one, two)) {
      assertEquals(0, sides.insurer().stats().correlationsLeft());
      assertEquals(0, sides.dataHolder().stats().correlationsLeft());
    }
    // only the drugs hold slots: P1 XL01XC, XL01XE, L04AB; P2 XL01XC
    assertEquals(Set.of("P1 XL01XC", "P1 XL01XE", "P1 L04AB", "P2 XL01XC"), slotCodes(two.dataHolder().kept()));
  }

  @Test
  void aPersonWithSeventeenSpecialDrugCodesIsStillRefusedNamingItsFirstClaim() throws Exception {
    CompiledPolicy policy = compile(READ_ALL);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,,\nP2,false,2026-01-01,,\n");
    List<LineItem> drugs = new ArrayList<>(others("B", 10));
    for (int c = 1; c <= KeptShares.SLOTS; c++) {
      drugs.add(item("D" + c, 100, true));
    }
    List<Claim> batch = List.of(claim("P", "P2", item("D0", 100, true)), claim("A", "P1", item("D0", 100, true)),
        claim("B", "P1", drugs.toArray(new LineItem[0])));
    Refusal r = refusal(TwoPartySettlement.runWithKept(policy, batch, insured, 0, null, null));
    assertEquals(Refusal.Kind.STATE_BY_ITEM_CODE, r.kind());
    assertEquals(List.of("A"), r.claimIds());
    assertTrue(r.detail().contains("has items of more than 16 codes kept on shares"), r.detail());
    // 16 drug codes and the 10 others fit
    settled(TwoPartySettlement.runWithKept(policy, List.of(claim("B", "P1", drugs.toArray(new LineItem[0]))),
        insured, 0, null, null));
  }

  @Test
  void aFilterOnTheInsurersPrivateSetStillCountsEveryCode() throws Exception {
    CompiledPolicy policy = compile(COVERED);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,,\n");
    PrivateValues values = new PrivateValues(new long[policy.privateParams().size()],
        List.of(CodeTable.of(new CodeSet(List.of("XL01XC")))));
    List<LineItem> stay = new ArrayList<>(List.of(item("XL01XC", 4_000_000, true)));
    stay.addAll(others("B", KeptShares.SLOTS - 1));
    settled(TwoPartySettlement.runWithKept(policy, List.of(claim("A", "P1", stay.toArray(new LineItem[0]))), insured,
        values, null, null));
    stay.add(item("B99", 100, false));
    Refusal r = refusal(TwoPartySettlement.runWithKept(policy, List.of(claim("A", "P1", stay.toArray(
        new LineItem[0]))), insured, values, null, null));
    assertEquals(Refusal.Kind.STATE_BY_ITEM_CODE, r.kind());
    assertEquals(List.of("A"), r.claimIds());
    assertTrue(r.detail().contains("has items of more than 16 codes kept on shares"), r.detail());
  }

  /** {@code count} items of distinct codes PREFIX00, PREFIX01, …, none a special drug. */
  private static List<LineItem> others(String prefix, int count) {
    List<LineItem> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(item(prefix + String.format("%02d", i), 10_000 + 100L * i, false));
    }
    return items;
  }

  /** "PERSON CODE" of every slot the data holder's kept shares hold. */
  private static Set<String> slotCodes(KeptShares kept) throws Exception {
    Set<String> held = new TreeSet<>();
    for (String line : kept.jsonl().lines().toList()) {
      com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
      if (!n.get("code").asText().isEmpty()) {
        held.add(n.get("insured_id").asText() + " " + n.get("code").asText());
      }
    }
    return held;
  }
}
