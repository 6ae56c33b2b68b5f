package org.cosettle.policy;

import static org.cosettle.policy.ItemCodeStatesHandshakeTest.claim;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.insured;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.LineItem;
import org.cosettle.mpc.plan.Planner;
import org.junit.jupiter.api.Test;

/**
 * A family plan with a sub-cap per drug in handshake mode: a deductible shared by the family beside
 * each person's values per drug code. The values per code run in layers of the persons' claims
 * before the claims run in the insurer's family order, which reads what they paid; every output and
 * state equal to plaintext mode's, worked by hand.
 */
class FamilyItemCodeStatesHandshakeTest {
  /** A family deductible of 1,000.00 on what is not a special drug, 80% after it; each drug 70%, at most 5,000.00 per person. */
  static final String POLICY = """
      policy "family-drug-cap" version 1
      insured field family: id
      param deductible: money = 1000.00
      param ratio: ratio = 80%
      param drug_ratio: ratio = 70%
      param drug_cap: money = 5000.00
      state family_deductible: money by insured.family
      state drug_paid: money by item.code
      let drugs = sum(max(0, item.amount) for item in claim.items where item.special_drug)
      let drug_pay = sum(min(max(0, item.amount) * drug_ratio, max(0, drug_cap - drug_paid[item.code]))
                         for item in claim.items where item.special_drug)
      let loss = max(0, claim.cash_paid - drugs)
      let applied = min(loss, max(0, deductible - family_deductible))
      output payout = (loss - applied) * ratio + drug_pay to insurer, data_holder
      update family_deductible = family_deductible + applied
      update drug_paid[item.code] = drug_paid[item.code] +
          min(max(0, item.amount) * drug_ratio, max(0, drug_cap - drug_paid[item.code])) for item in claim.items where item.special_drug
      """;
  private static final String HEADER = "insured_id,preexisting,policy_start,family,family_deductible,drug_paid\n";

  @Test
  void theFamilysDeductibleAndEachPersonsDrugCapSettleAsInPlaintext() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    assertEquals(List.of(), Planner.plan(policy).refusals());
    String plan = Planner.plan(policy).render();
    assertTrue(plan.contains("run as one chain in the insurer's family order") && plan.contains("the states per item"
        + " code run before the chain, in layers of each person's claims"), plan);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,F1,,\nP2,false,2026-01-01,F1,,\n"
        + "P3,false,2026-01-01,F3,,XL01XC=4500.00\n");
    List<Claim> claims = List.of(
        // 1,000.00 of care meets the family's deductible; the drug 70% of 2,000.00
        claim("A1", "P1", item("ZB06", 100_000, false), item("XL01XC", 200_000, true)),
        // the family's deductible met by P1: 80% of 1,000.00; P2's own cap of XL01XC: 70% of 5,000.00
        claim("B1", "P2", item("ZB06", 100_000, false), item("XL01XC", 500_000, true)),
        // P1's XL01XC: 1,400.00 paid, 70% of 4,000.00 = 2,800.00 fits; then 800.00 left of 5,000.00
        claim("A2", "P1", item("XL01XC", 400_000, true)),
        claim("A3", "P1", item("XL01XC", 300_000, true), item("XL01XE", 100_000, true)),
        // another family: its own deductible; 500.00 left of P3's XL01XC
        claim("C1", "P3", item("ZB06", 150_000, false), item("XL01XC", 100_000, true)));
    BatchResult plaintext = Evaluator.evaluate(policy, claims, insured, new long[0]);
    assertEquals(List.of(140_000L, 430_000L, 280_000L, 150_000L, 90_000L), payouts(plaintext));
    ItemCodeStatesHandshakeTest.assertSettlesAsPlaintext(policy, claims, insured);
    // docs/language.md works this example ("A family plan with a sub-cap per drug")
    assertTrue(java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "language.md"))
        .contains("```cpl\n" + POLICY + "```\n"));
  }

  /**
   * Reversals in the batch: R2 takes back A2's 2,800.00 on P1's XL01XC (so A3 finds 3,600.00 left),
   * R1 takes back A1's share of the family's deductible (so P2's next care meets 1,000.00 of it again).
   */
  @Test
  void reversalsTakeBackTheDrugsValuesAndTheFamilysDeductible() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,F1,,\nP2,false,2026-01-01,F1,,\n");
    List<Claim> claims = List.of(
        visit("A1", "P1", "2026-03-01", "", item("ZB06", 100_000, false), item("XL01XC", 200_000, true)),
        visit("A2", "P1", "2026-03-05", "", item("XL01XC", 400_000, true)),
        visit("R2", "P1", "2026-03-05", "A2", item("XL01XC", 400_000, true)),
        visit("A3", "P1", "2026-03-09", "", item("XL01XC", 300_000, true), item("XL01XE", 100_000, true)),
        visit("R1", "P1", "2026-03-01", "A1", item("ZB06", 100_000, false), item("XL01XC", 200_000, true)),
        visit("B1", "P2", "2026-03-10", "", item("ZB06", 150_000, false)));
    BatchResult plaintext = Evaluator.evaluate(policy, claims, insured, new long[0]);
    // A3: 70% of 3,000.00 within 3,600.00 and 70% of 1,000.00; B1: 1,000.00 deductible again, 80% of 500.00
    assertEquals(List.of(140_000L, 280_000L, -280_000L, 280_000L, -140_000L, 40_000L), payouts(plaintext));
    ItemCodeStatesHandshakeTest.assertSettlesAsPlaintext(policy, claims, insured);
    assertEquals("equal, reversing the first part", HandshakePropertyTest.acrossCut(policy,
        new BatchGenerator.Batch(claims, insured, new long[0]), new java.util.Random(7), 0, problem -> problem));
  }

  /**
   * Both per policy year, the year from 1 March: the family's deductible and each drug's cap start
   * again at P1's anniversary, inside the batch, and a reversal after it of a claim before it
   * takes nothing back of the closed year.
   */
  @Test
  void perPolicyYearBothRestartAtTheAnniversary() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY
        .replace("by insured.family\n", "by insured.family per policy_year\n")
        .replace("by item.code\n", "by item.code per policy_year\n"));
    assertEquals(List.of(), Planner.plan(policy).refusals());
    InsuredFile insured = insured(policy, "insured_id,preexisting,policy_start,family,family_deductible,drug_paid,"
        + "family_policy_year,policy_year\n"
        + "P1,false,2025-03-01,F1,600.00,XL01XC=4000.00,1,1\nP2,false,2025-03-01,F1,600.00,,1,1\n");
    List<Claim> claims = List.of(
        visit("A1", "P1", "2026-02-20", "", item("ZB06", 100_000, false), item("XL01XC", 200_000, true)),
        visit("B1", "P2", "2026-02-25", "", item("ZB06", 100_000, false)),
        visit("A2", "P1", "2026-03-02", "", item("ZB06", 100_000, false), item("XL01XC", 200_000, true)),
        visit("R1", "P1", "2026-02-20", "A1", item("ZB06", 100_000, false), item("XL01XC", 200_000, true)),
        visit("B2", "P2", "2026-03-03", "", item("ZB06", 100_000, false)));
    BatchResult plaintext = Evaluator.evaluate(policy, claims, insured, new long[0]);
    // A1: 400.00 of the family's deductible left, 80% of 600.00, and XL01XC's 1,000.00 left of P1's
    // 5,000.00; B1: the deductible met, 80% of 1,000.00; A2 (year 2): 1,000.00 deductible, XL01XC 70%
    // of 2,000.00; R1 pays A1's 1,480.00 back, its year closed for both states; B2: the new year's
    // deductible met by A2
    assertEquals(List.of(148_000L, 80_000L, 140_000L, -148_000L, 80_000L), payouts(plaintext));
    ItemCodeStatesHandshakeTest.assertSettlesAsPlaintext(policy, claims, insured);
    assertEquals("equal, reversing the first part", HandshakePropertyTest.acrossCut(policy,
        new BatchGenerator.Batch(claims, insured, new long[0]), new java.util.Random(7), 0, problem -> problem));
  }

  /**
   * A person's limit of 3,000.00 a policy year on all drugs beside the caps per drug, which the
   * update per code reads: it runs in the layers with the values per code (no family state reaches
   * it), restarts at the anniversary, and a reversal after it of a claim before it takes nothing
   * back of the closed year (worked by hand; taking the closed year's 500.00 back would pay A3
   * 2,100.00).
   */
  @Test
  void aPersonsYearlyLimitOnAllDrugsRunsWithTheValuesPerCode() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY
        .replace("by insured.family\n", "by insured.family per policy_year\n")
        .replace("by item.code\n", "by item.code per policy_year\nparam drugs_limit: money = 3000.00\n"
            + "state drugs_total: money per policy_year\n")
        .replace("max(0, drug_cap - drug_paid[item.code]))", "max(0, drug_cap - drug_paid[item.code]),"
            + " max(0, drugs_limit - drugs_total))")
        + "update drugs_total = drugs_total + drug_pay\n");
    assertEquals(List.of(), Planner.plan(policy).refusals());
    assertEquals(List.of(false, false, true, false), java.util.stream.IntStream.range(0, 4)
        .mapToObj(s -> Planner.plan(policy).layeredStates()[s]).toList(), "drugs_total runs in the layers");
    assertTrue(Planner.plan(policy).render().contains("with the per-person states no family state reaches: drugs_total"),
        Planner.plan(policy).render());
    InsuredFile insured = insured(policy, "insured_id,preexisting,policy_start,family,family_deductible,drug_paid,"
        + "drugs_total,family_policy_year,policy_year\n"
        + "P1,false,2025-03-01,F1,600.00,,2500.00,1,1\nP2,false,2025-03-01,F1,600.00,,0.00,1,1\n");
    List<Claim> claims = List.of(
        // year 1: 500.00 left of P1's 3,000.00 on drugs (70% of 2,000.00 would be 1,400.00); 400.00 of
        // the family's deductible left, 80% of 600.00
        visit("A1", "P1", "2026-02-20", "", item("ZB06", 100_000, false), item("XL01XC", 200_000, true)),
        // year 2: every limit restarts; the care all deductible, the drug 1,400.00
        visit("A2", "P1", "2026-03-02", "", item("ZB06", 100_000, false), item("XL01XC", 200_000, true)),
        // the new year's deductible met by A2: 80% of 1,000.00
        visit("B1", "P2", "2026-03-05", "", item("ZB06", 100_000, false)),
        // A1 paid back; its year closed, so the new year's 1,400.00 on drugs stays
        visit("R1", "P1", "2026-02-20", "A1", item("ZB06", 100_000, false), item("XL01XC", 200_000, true)),
        // 1,600.00 left of 3,000.00 (70% of 3,000.00 would be 2,100.00)
        visit("A3", "P1", "2026-03-10", "", item("XL01XC", 300_000, true)));
    BatchResult plaintext = Evaluator.evaluate(policy, claims, insured, new long[0]);
    assertEquals(List.of(98_000L, 140_000L, 80_000L, -98_000L, 160_000L), payouts(plaintext));
    assertEquals(300_000L, plaintext.state(0, 2), "P1's drugs in year 2");
    ItemCodeStatesHandshakeTest.assertSettlesAsPlaintext(policy, claims, insured);
    assertEquals("equal, reversing the first part", HandshakePropertyTest.acrossCut(policy,
        new BatchGenerator.Batch(claims, insured, new long[0]), new java.util.Random(7), 0, problem -> problem));
  }

  /**
   * Random family plans with sub-caps per drug (each state per policy year or not, the family's
   * update reading what the drugs paid or not, a person's own total, an output of the drugs alone,
   * the cap per drug inside what is left of a family limit or not)
   * over random families whose claims interleave, with reversals put in: settled whole and cut in
   * two through both parties' ledgers of shares and kept shares, equal to plaintext mode.
   */
  @Property(tries = 20, shrinking = ShrinkingMode.OFF)
  void familyPlansWithSubCapsPerDrugSettleAsInPlaintext(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    boolean familyYearly = random.nextBoolean();
    boolean drugsYearly = random.nextBoolean();
    boolean own = random.nextBoolean();
    String filter = random.nextBoolean() ? "item.special_drug" : "item.category == WESTERN_DRUG";
    // now and then a person's limit on all drugs too, which the values per code read (it runs with them)
    boolean overall = random.nextBoolean();
    // now and then the cap per drug inside what is left of a family limit: the values per code then run
    // in the chain's steps (the update per code reads the family's state)
    boolean inFamily = random.nextBoolean();
    String cap = "min(max(0, item.amount) * drug_ratio, max(0, drug_cap - drug_paid[item.code])"
        + (overall ? ", max(0, drugs_limit - drugs_total)" : "")
        + (inFamily ? ", max(0, 3 * deductible - family_deductible)" : "") + ")";
    String text = "policy \"generated\" version 1\n"
        + "insured field family: id\n"
        + "param deductible: money = " + ItemCodeStatesHandshakeTest.money(100L * random.nextInt(3_000)) + "\n"
        + "param drug_cap: money = " + ItemCodeStatesHandshakeTest.money(100L * random.nextInt(8_000)) + "\n"
        + "param ratio: ratio = " + (1 + random.nextInt(100)) + "%\n"
        + "param drug_ratio: ratio = " + (1 + random.nextInt(100)) + "%\n"
        + "state family_deductible: money by insured.family" + (familyYearly ? " per policy_year" : "") + "\n"
        + "state drug_paid: money by item.code" + (drugsYearly ? " per policy_year" : "") + "\n"
        + (own ? "state paid: money" + (random.nextBoolean() ? " per policy_year" : "") + "\n" : "")
        + (overall ? "param drugs_limit: money = " + ItemCodeStatesHandshakeTest.money(100L * random.nextInt(12_000))
            + "\nstate drugs_total: money" + (random.nextBoolean() ? " per policy_year" : "") + "\n" : "")
        + "let drugs = sum(max(0, item.amount) for item in claim.items where " + filter + ")\n"
        + "let drug_pay = sum(" + cap + " for item in claim.items where " + filter + ")\n"
        + "let loss = max(0, claim.cash_paid - drugs)\n"
        + "let applied = min(loss, max(0, deductible - family_deductible))\n"
        + "output payout = (loss - applied) * ratio + drug_pay to insurer, data_holder\n"
        + (random.nextBoolean() ? "output drug_only = drug_pay to insurer\n" : "")
        // a line-item value reading the family's state and the values per code: in the chain's steps
        + (random.nextBoolean() ? "output lines_left = sum(min(max(0, item.amount), max(0, deductible"
            + " - family_deductible)) + min(drug_paid[item.code], family_deductible) for item in claim.items)"
            + " to insurer\n" : "")
        + "update family_deductible = family_deductible + applied" + (random.nextBoolean() ? " + drug_pay" : "") + "\n"
        + "update drug_paid[item.code] = drug_paid[item.code] + " + cap + " for item in claim.items where " + filter
        + "\n"
        + (own ? "update paid = paid + payout\n" : "")
        + (overall ? "update drugs_total = drugs_total + drug_pay\n" : "");
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(text);
    assertEquals(List.of(), Planner.plan(policy).refusals(), text);
    assertEquals(inFamily, Planner.plan(policy).codesInChain(), text);
    Families drawn = randomFamilies(policy, random, "family_deductible", 3_000);
    String csv = drawn.csv();
    BatchGenerator.Batch batch = BatchGenerator.withReversals(new Random(seed * 31), drawn.batch());
    String whole = HandshakePropertyTest.settleAndCompare(policy, batch,
        problem -> "seed " + seed + ": " + problem + "\n" + text + csv + batch.claims());
    assertTrue(whole.equals("equal") || whole.equals("both reject the batch"), "seed " + seed + ": " + whole);
    String cut = HandshakePropertyTest.acrossCut(policy, batch, new Random(seed), 0,
        problem -> "seed " + seed + " cut: " + problem + "\n" + text + csv + batch.claims());
    Statistics.label("outcome").collect((inFamily ? "in the chain: " : "") + whole + " / " + cut);
    assertTrue(cut.startsWith("equal") || cut.equals("rejected whole"), "seed " + seed + ": " + cut);
  }

  /** A batch of no claim (the second part of a batch cut after its last claim) settles and leaves every state as it was. */
  @Test
  void anEmptyBatchSettles() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,F1,300.00,XL01XC=100.00\n");
    ItemCodeStatesHandshakeTest.assertSettlesAsPlaintext(policy, List.of(), insured);
  }

  /** The text of a random insured file and a batch of claims without reversals. */
  record Families(String csv, BatchGenerator.Batch batch) {}

  /**
   * 1 to 7 persons in random families (each family with its start and its recorded year, the
   * family's state {@code familyState} used up to {@code familyUsedMax} yuan now and then,
   * a person's value of XL01XC sometimes, other money states up to 5,000.00) and 1 to 16 claims of
   * theirs, interleaved, each with up to 3 drug or surgery lines of 4 codes, admitted from 20 days
   * before their family's start to two years after it.
   */
  static Families randomFamilies(CompiledPolicy policy, Random random, String familyState, int familyUsedMax)
      throws Exception {
    int people = 1 + random.nextInt(7);
    int[] family = new int[people];
    StringBuilder csv = new StringBuilder("insured_id,preexisting,policy_start,family,"
        + String.join(",", policy.stateNames()) + "\n");
    long[] familyUsed = new long[people];
    long[] familyYear = new long[people];
    String[] start = new String[people];
    for (int p = 0; p < people; p++) {
      family[p] = p > 0 && random.nextBoolean() ? family[random.nextInt(p)] : p;
      if (family[p] == p) {
        familyUsed[p] = random.nextInt(3) == 0 ? 100L * random.nextInt(familyUsedMax) : 0;
        familyYear[p] = 1 + random.nextInt(2);
        start[p] = java.time.LocalDate.ofEpochDay(20_000 + random.nextInt(400)).toString();
      }
      csv.append("P").append(p).append(",false,").append(start[family[p]]).append(",F").append(family[p]);
      for (String name : policy.stateNames()) {
        String cell = name.equals(familyState) ? ItemCodeStatesHandshakeTest.money(familyUsed[family[p]])
            : switch (name) {
          case "drug_paid" -> random.nextBoolean() ? "" : "XL01XC=" + ItemCodeStatesHandshakeTest.money(
              100L * random.nextInt(6_000));
          case "family_policy_year" -> Long.toString(familyYear[family[p]]);
          case "policy_year" -> Integer.toString(1 + random.nextInt(2)); // the person's policy year
          default -> ItemCodeStatesHandshakeTest.money(100L * random.nextInt(5_000));
        };
        csv.append(',').append(cell);
      }
      csv.append('\n');
    }
    InsuredFile insured = insured(policy, csv.toString());
    String[] codes = {"XL01XC", "XL01XE", "L04AB", "ZB06"};
    List<Claim> claims = new ArrayList<>();
    for (int c = 1 + random.nextInt(16); c > 0; c--) {
      int p = random.nextInt(people);
      List<LineItem> items = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        String code = codes[random.nextInt(codes.length)];
        long amount = 100L * random.nextInt(4_000);
        items.add(random.nextBoolean() ? item(code, amount, random.nextBoolean())
            : new LineItem(code, org.cosettle.core.FeeCategory.SURGERY, amount, 0, 0, 0, amount, false));
      }
      String date = java.time.LocalDate.parse(start[family[p]]).plusDays(-20 + random.nextInt(800)).toString();
      claims.add(visit("C" + claims.size(), "P" + p, date, "", items.toArray(new LineItem[0])));
    }
    return new Families(csv.toString(), new BatchGenerator.Batch(claims, insured, new long[0]));
  }

  /** A claim of {@code insuredId} admitted (and discharged) on {@code date}, reversing {@code reverses} ("" for none). */
  static Claim visit(String id, String insuredId, String date, String reverses, LineItem... items) {
    Claim c = claim(id, insuredId, items);
    int d = (int) java.time.LocalDate.parse(date).toEpochDay();
    return new Claim(c.id(), c.insuredId(), "", c.visitType(), c.hospitalLevel(), d, d, c.diagnosis(), c.age(), c.sex(),
        c.total(), 0, 0, 0, c.inScope(), 0, 0, 0, 0, c.cashPaid(), c.items(), org.cosettle.core.SettlementRoute.LOCAL,
        false, 0, d, reverses, 0);
  }

  static List<Long> payouts(BatchResult result) {
    return java.util.stream.IntStream.range(0, result.claimCount()).mapToObj(c -> result.output(c, 0)).toList();
  }
}
