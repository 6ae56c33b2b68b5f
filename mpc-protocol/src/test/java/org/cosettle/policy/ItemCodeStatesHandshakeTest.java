package org.cosettle.policy;

import static org.cosettle.policy.InsuredFieldsGoldenTest.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.LineItem;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.TwoPartySettlement;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.mpc.plan.Refusal;
import org.junit.jupiter.api.Test;

/**
 * States kept per item code in handshake mode ({@code ItemCodeStates}) against the plaintext
 * evaluator: the language guide's per-drug sub-cap, crossed inside a batch and by two items of
 * one drug in one claim, and random policies and batches with per-code states, to the fen, with
 * exactly the correlated values the plan counts.
 */
class ItemCodeStatesHandshakeTest {
  private static final String HEADER = "insured_id,preexisting,policy_start,drug_paid,paid_ytd\n";
  private static final String[] CODES = {"XL01XC", "XL01XE", "L04AB", "ZB06"};

  @Test
  void theLanguageGuidesSubCapSettlesAsInPlaintext() throws Exception {
    CompiledPolicy policy = compile(ItemCodeStatesGoldenTest.POLICY);
    assertEquals(List.of(), Planner.plan(policy).refusals());
    InsuredFile insured = insured(policy, HEADER
        + "P1,false,2026-01-01,XL01XC=250000.00,250000.00\nP2,false,2026-01-01,,\n");
    List<Claim> claims = List.of(
        claim("A", "P1", item("XL01XC", 4_000_000, true), item("XL01XC", 3_000_000, true),
            item("XL01XE", 1_000_000, true), item("ZB06", 500_000, false)),
        claim("B", "P1", item("XL01XC", 1_000_000, true), item("XL01XE", 500_000, true)),
        claim("C", "P2", item("XL01XC", 1_000_000, true)));
    BatchResult plaintext = Evaluator.evaluate(policy, claims, insured, new long[0]);
    assertEquals(List.of(5_800_000L, 400_000L, 800_000L),
        List.of(plaintext.output(0, 0), plaintext.output(1, 0), plaintext.output(2, 0)));
    assertSettlesAsPlaintext(policy, claims, insured);
  }

  @Test
  void aStateThatIsOnlyReadSettlesAsInPlaintext() throws Exception {
    CompiledPolicy policy = compile("""
        policy "drugs read" version 1
        state drug_paid: money by item.code
        state paid_ytd: money
        output payout = sum(max(0, 3000.00 - drug_paid[item.code]) for item in claim.items where item.special_drug) to insurer
        """);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,XL01XC=2500.00|ZB06=4000.00,0.00\n");
    List<Claim> claims = List.of(claim("A", "P1", item("XL01XC", 1, true), item("ZB06", 1, true), item("L04AB", 1, true),
        item("XL01XC", 1, false)), claim("B", "P1", item("XL01XC", 1, true)));
    assertEquals(List.of(350_000L, 50_000L), List.of(Evaluator.evaluate(policy, claims, insured, new long[0]).output(0, 0),
        Evaluator.evaluate(policy, claims, insured, new long[0]).output(1, 0)));
    assertSettlesAsPlaintext(policy, claims, insured);
  }

  @Test
  void aStateNeitherReadNorUpdatedKeepsItsValuesAsInPlaintext() throws Exception {
    // no expression reads the items: the batch's item bound is 0 while its claims have items
    CompiledPolicy policy = compile("""
        policy "drugs unused" version 1
        state drug_paid: money by item.code
        state paid_ytd: money
        output payout = claim.cash_paid * 80% to insurer
        update paid_ytd = paid_ytd + payout
        """);
    assertEquals(List.of(), Planner.plan(policy).refusals());
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,XL01XC=2500.00|ZB06=4000.00,100.00\n");
    List<Claim> claims = List.of(claim("A", "P1", item("XL01XC", 100_000, true), item("ZB06", 1, true)),
        claim("B", "P1", item("XL01XC", 1, true)));
    BatchResult plaintext = Evaluator.evaluate(policy, claims, insured, new long[0]);
    assertEquals(java.util.Map.of("XL01XC", 250_000L, "ZB06", 400_000L), plaintext.valuesByCode(0, 0));
    assertSettlesAsPlaintext(policy, claims, insured);
  }

  @Test
  void aStateNeitherReadNorUpdatedBesideAFamilyChainTakesNoCorrelatedValues() throws Exception {
    // settleAndCompare fails when the offline phase made values the online phase did not use; the
    // insurer's private ratio puts the items on rows on shares
    CompiledPolicy policy = compile("""
        policy "family, drugs unused" version 1
        insured field family: id
        private param ratio: ratio
        state drug_paid: money by item.code
        state family_used: money by insured.family
        output payout = sum(item.in_scope * ratio for item in claim.items) to insurer
        update family_used = family_used + payout
        """);
    assertEquals(List.of(), Planner.plan(policy).refusals());
    InsuredFile insured = insured(policy, "insured_id,preexisting,policy_start,family,drug_paid,family_used\n"
        + "P1,false,2026-01-01,F-1,XL01XC=2500.00,100.00\nP2,false,2026-01-01,F-1,,100.00\n");
    List<Claim> claims = List.of(claim("A", "P1", item("XL01XC", 100_000, true), item("ZB06", 20_000, true)),
        claim("B", "P2", item("XL01XC", 30_000, true)));
    long[] ratio = {5000};
    BatchResult plaintext = Evaluator.evaluate(policy, claims, insured, ratio);
    assertEquals(List.of(60_000L, 15_000L), List.of(plaintext.output(0, 0), plaintext.output(1, 0)));
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(claims, insured, ratio),
        problem -> problem));
  }

  @Test
  void aStatePerPolicyYearThatNoUpdateChangesIsRefused() {
    CompiledPolicy policy = compile("""
        policy "drugs unused per year" version 1
        state drug_paid: money by item.code per policy_year
        state implant_paid: money by item.code per policy_year
        output payout = claim.cash_paid * 80% to insurer
        """);
    List<Refusal> refusals = Planner.plan(policy).refusals();
    assertEquals(List.of(Refusal.Kind.STATE_BY_ITEM_CODE, Refusal.Kind.STATE_BY_ITEM_CODE),
        refusals.stream().map(Refusal::kind).toList());
    assertTrue(refusals.get(0).detail().contains("state drug_paid is kept per item code per policy_year and no"
        + " update changes it"), refusals.get(0).detail());
    assertTrue(refusals.get(1).detail().contains("state implant_paid"), refusals.get(1).detail());
  }

  @Test
  void anUpdateOfTheInsurersOwnValueIsStoredAtTheItemsCodesOnShares() throws Exception {
    // the insurer computes the new value alone, but where it goes is the data holder's codes
    CompiledPolicy policy = compile("""
        policy "drugs at the insurer's value" version 1
        state drug_paid: money by item.code
        state paid_ytd: money
        output payout = sum(max(0, 3000.00 - drug_paid[item.code]) for item in claim.items) to insurer
        update drug_paid[item.code] = paid_ytd for item in claim.items
        update paid_ytd = paid_ytd + 1000.00
        """);
    assertEquals(List.of(), Planner.plan(policy).refusals());
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,XL01XC=2500.00,500.00\n");
    List<Claim> claims = List.of(claim("A", "P1", item("XL01XC", 1, true), item("ZB06", 1, true)),
        claim("B", "P1", item("XL01XC", 1, true), item("L04AB", 1, true)));
    BatchResult plaintext = Evaluator.evaluate(policy, claims, insured, new long[0]);
    // A: 500.00 (XL01XC) + 3,000.00 (ZB06); B: 2,500.00 (XL01XC at 500.00) + 3,000.00 (L04AB)
    assertEquals(List.of(350_000L, 550_000L), List.of(plaintext.output(0, 0), plaintext.output(1, 0)));
    assertSettlesAsPlaintext(policy, claims, insured);
  }

  @Test
  void aPersonWithMoreRecordedCodesThanTheBoundIsRefusedNamingTheClaim() throws Exception {
    CompiledPolicy policy = compile(ItemCodeStatesGoldenTest.POLICY);
    List<String> cells = new ArrayList<>();
    for (int c = 0; c <= Plan.ITEM_CODE_SLOTS; c++) {
      cells.add("D" + c + "=1.00");
    }
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,,\nP2,false,2026-01-01," + String.join("|", cells)
        + ",0.00\n");
    List<Claim> claims = List.of(claim("A", "P1", item("D1", 100, true)), claim("B", "P2", item("D1", 100, true)));
    TwoPartySettlement.Sides sides = TwoPartySettlement.runWith(policy, claims, insured, new long[0], null, 0,
        java.util.function.UnaryOperator.identity());
    HandshakeSettlement.RefusedException refused = (HandshakeSettlement.RefusedException) sides.dataHolderFailure();
    Refusal r = refused.refusals().get(0);
    assertEquals(Refusal.Kind.STATE_BY_ITEM_CODE, r.kind());
    assertEquals(List.of("B"), r.claimIds());
    assertTrue(r.detail().contains("holds more than 16 codes in state drug_paid"), r.detail());
  }

  @Property(tries = 12, shrinking = ShrinkingMode.OFF)
  void handshakeEqualsPlaintextOnRandomPerCodeStates(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    long drugCap = 100 * random.nextInt(50_000);
    int percent = 1 + random.nextInt(100);
    String drugPay = random.nextBoolean() ? "min(item.in_scope * ratio, max(0, drug_cap - drug_paid[item.code]))"
        : "item.in_scope * ratio";
    String where = switch (random.nextInt(3)) {
      case 0 -> "";
      case 1 -> " where item.special_drug";
      default -> " where drug_paid[item.code] < drug_cap";
    };
    boolean counted = random.nextBoolean();
    String text = "policy \"generated\" version 1\n"
        + "param drug_cap: money = " + money(drugCap) + "\n"
        + "param ratio: ratio = " + percent + "%\n"
        + "state drug_paid: money by item.code\n"
        + "state paid_ytd: money\n"
        + (counted ? "state times: int by item.code\n" : "")
        + "let drugs = sum(" + drugPay + " for item in claim.items" + where + ")\n"
        + "output payout = drugs to insurer\n"
        + (counted ? "output seen = count(item in claim.items where times[item.code] > 0) to data_holder\n" : "")
        + "update paid_ytd = paid_ytd + drugs\n"
        + "update drug_paid[item.code] = drug_paid[item.code] + " + drugPay + " for item in claim.items" + where + "\n"
        + (counted ? "update times[item.code] = times[item.code] + 1 for item in claim.items\n" : "");
    CompiledPolicy policy = compile(text);
    int people = 1 + random.nextInt(4);
    StringBuilder csv = new StringBuilder("insured_id,preexisting,policy_start,drug_paid,paid_ytd"
        + (counted ? ",times" : "") + "\n");
    for (int p = 0; p < people; p++) {
      csv.append("P").append(p).append(",false,2026-01-01,");
      List<String> cells = new ArrayList<>();
      for (String code : CODES) {
        if (random.nextInt(3) == 0) {
          cells.add(code + "=" + money(100L * random.nextInt(60_000)));
        }
      }
      csv.append(String.join("|", cells)).append(",0.00").append(counted ? "," + (random.nextBoolean() ? "ZB06=2" : "")
          : "").append('\n');
    }
    InsuredFile insured = insured(policy, csv.toString());
    List<Claim> claims = new ArrayList<>();
    for (int c = 1 + random.nextInt(7); c > 0; c--) {
      List<LineItem> items = new ArrayList<>();
      for (int i = random.nextInt(5); i > 0; i--) {
        items.add(item(CODES[random.nextInt(CODES.length)], 100L * random.nextInt(200_000), random.nextBoolean()));
      }
      claims.add(claim("C" + claims.size(), "P" + random.nextInt(people), items.toArray(new LineItem[0])));
    }
    // sometimes cut into slices of a few persons each
    long sliceBudget = random.nextBoolean() ? 0 : 2_000 + random.nextInt(20_000);
    String outcome = HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(claims, insured, new long[0]),
        problem -> "seed " + seed + ": " + problem + "\n" + text + csv + claims, sliceBudget).outcome();
    assertTrue(outcome.equals("equal") || outcome.equals("both reject the batch"), "seed " + seed + ": " + outcome);
  }

  static String money(long fen) {
    return String.format(java.util.Locale.ROOT, "%d.%02d", fen / 100, fen % 100);
  }

  /** Settles {@code claims} in handshake mode and compares every file with the plaintext evaluator's. */
  static void assertSettlesAsPlaintext(CompiledPolicy policy, List<Claim> claims, InsuredFile insured) throws Exception {
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy,
        new BatchGenerator.Batch(claims, insured, new long[0]), problem -> problem));
  }

  static InsuredFile insured(CompiledPolicy policy, String csv) throws Exception {
    Path file = Files.createTempFile("insured", ".csv");
    try {
      Files.writeString(file, csv);
      return InsuredFile.read(file, "insured.csv", policy.insuredFields(), policy.stateColumns(), 100);
    } finally {
      Files.delete(file);
    }
  }

  static Claim claim(String id, String insuredId, LineItem... items) {
    long total = 0;
    for (LineItem i : items) {
      total += i.amount();
    }
    return new Claim(id, insuredId, "", VisitType.INPATIENT, 2, 20_500, 20_503, "C50.9", 60, Sex.FEMALE,
        total, 0, 0, 0, total, 0, 0, 0, 0, total, List.of(items), 0);
  }

  static LineItem item(String code, long inScope, boolean specialDrug) {
    return new LineItem(code, FeeCategory.WESTERN_DRUG, inScope, 0, 0, 0, inScope, specialDrug);
  }
}
