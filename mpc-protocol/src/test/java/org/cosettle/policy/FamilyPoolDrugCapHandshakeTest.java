package org.cosettle.policy;

import static org.cosettle.policy.FamilyItemCodeStatesHandshakeTest.payouts;
import static org.cosettle.policy.FamilyItemCodeStatesHandshakeTest.visit;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.claim;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.insured;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
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
 * A family plan whose annual limit is a pool shared by the family, with a cap per drug and person
 * inside it: the update per item code records what each drug line was paid within the pool, so it
 * reads the family's state, and handshake mode runs it in the family chain's steps. Every output
 * and state worked by hand and equal to plaintext mode's, whole and cut in two batches.
 */
class FamilyPoolDrugCapHandshakeTest {
  /**
   * A pool of 20,000.00 per family; special drugs 70%, at most 5,000.00 per person and drug, the
   * rest of the bill 80%; the drugs draw on the pool first, and no drug line counts more than the
   * pool had left before the claim.
   */
  static final String POLICY = """
      policy "family-pool-drug-cap" version 1
      insured field family: id
      param pool: money = 20000.00
      param ratio: ratio = 80%
      param drug_ratio: ratio = 70%
      param drug_cap: money = 5000.00
      state family_paid: money by insured.family
      state drug_paid: money by item.code
      let pool_left = max(0, pool - family_paid)
      let drugs = sum(max(0, item.amount) for item in claim.items where item.special_drug)
      let drug_pay = sum(min(max(0, item.amount) * drug_ratio, max(0, drug_cap - drug_paid[item.code]), pool_left)
                         for item in claim.items where item.special_drug)
      let pay = min(drug_pay + max(0, claim.cash_paid - drugs) * ratio, pool_left)
      output payout = pay to insurer, data_holder
      update family_paid = family_paid + pay
      update drug_paid[item.code] = drug_paid[item.code] + min(max(0, item.amount) * drug_ratio,
          max(0, drug_cap - drug_paid[item.code]), pool_left) for item in claim.items where item.special_drug
      """;
  /** The insured file before the worked batch, as docs/language.md shows it. */
  private static final String BEFORE = """
      insured_id,preexisting,policy_start,family,family_paid,drug_paid
      P1,false,2026-01-01,F1,8000.00,XL01XC=2000.00
      P2,false,2026-01-01,F1,8000.00,
      P3,false,2026-01-01,F1,8000.00,
      P4,false,2026-01-01,F2,,
      """;
  /** The states after it (a code whose value is 0.00 left out). */
  private static final String AFTER = """
      insured_id,preexisting,policy_start,family,family_paid,drug_paid
      P1,false,2026-01-01,F1,20000.00,XL01XC=5000.00
      P2,false,2026-01-01,F1,20000.00,XL01XC=5000.00
      P3,false,2026-01-01,F1,20000.00,L04AB=1200.00
      P4,false,2026-01-01,F2,1800.00,L04AB=1400.00
      """;

  /**
   * F1 (P1, P2, P3) has 8,000.00 of its pool used and P1 2,000.00 of the cap of XL01XC; F2 (P4)
   * nothing. The pool left before each claim is 20,000.00 less the family's paid.
   */
  @Test
  void theFamilysPoolAndEachPersonsDrugCapWorkedByHand() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    InsuredFile insured = insured(policy, BEFORE);
    List<Claim> claims = workedClaims();
    BatchResult plaintext = Evaluator.evaluate(policy, claims, insured, new long[0]);
    assertEquals(List.of(220_000L, 40_000L, 500_000L, 160_000L, 200_000L, 120_000L, 140_000L, 0L),
        payouts(plaintext));
    int familyPaid = policy.stateNames().indexOf("family_paid");
    int drugPaid = policy.stateNames().indexOf("drug_paid");
    assertEquals(List.of(2_000_000L, 2_000_000L, 2_000_000L, 180_000L), java.util.stream.IntStream.range(0, 4)
        .mapToObj(r -> plaintext.state(r, familyPaid)).toList());
    assertEquals(List.of(Map.of("XL01XC", 500_000L), Map.of("XL01XC", 500_000L, "XL01XE", 0L),
        Map.of("L04AB", 120_000L), Map.of("XL01XC", 0L, "L04AB", 140_000L)), java.util.stream.IntStream.range(0, 4)
        .mapToObj(r -> plaintext.valuesByCode(r, drugPaid)).toList());
    assertEquals(AFTER, plaintext.statesCsv());
    // docs/language.md works this example ("A family pool with a cap per drug")
    String docs = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "language.md"));
    assertTrue(docs.contains("```cpl\n" + POLICY + "```\n") && docs.contains("```\n" + BEFORE + "```\n")
        && docs.contains("```\n" + AFTER + "```\n"), "the worked example in docs/language.md");

    assertEquals(List.of(), Planner.plan(policy).refusals());
    String plan = Planner.plan(policy).render();
    assertTrue(Planner.plan(policy).codesInChain() && plan.contains("the states per item code run in the chain's steps,"
        + " row by row (the update of drug_paid per item code reads state family_paid)"), plan);
    ItemCodeStatesHandshakeTest.assertSettlesAsPlaintext(policy, claims, insured);
    assertEquals("equal", HandshakePropertyTest.acrossCut(policy,
        new BatchGenerator.Batch(claims, insured, new long[0]), new Random(7), 0, problem -> problem));
  }

  /**
   * The worked example with a line of care of 0.00 added to B1 (three lines: the item bound K = 4),
   * so the rows of a step run in two code layers (XL01XC's second line of B1 in the second pass):
   * the same payouts, in both modes.
   */
  @Test
  void inTwoCodeLayersTheWorkedExampleSettlesTheSame() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    InsuredFile insured = insured(policy, BEFORE);
    List<Claim> claims = new java.util.ArrayList<>(workedClaims());
    claims.set(2, claim("B1", "P2", item("XL01XC", 400_000, true), care("ZB06", 0), item("XL01XC", 400_000, true)));
    assertEquals(List.of(220_000L, 40_000L, 500_000L, 160_000L, 200_000L, 120_000L, 140_000L, 0L),
        payouts(Evaluator.evaluate(policy, claims, insured, new long[0])));
    ItemCodeStatesHandshakeTest.assertSettlesAsPlaintext(policy, claims, insured);
  }

  /**
   * What docs/language.md says of two drug lines of one claim that together run past the pool
   * left: the claim pays what was left, and each line, seeing the pool as it was before the claim,
   * counts up to all of it (1,400.00 counted, 1,000.00 paid); the pool then pays nothing more.
   */
  @Test
  void twoDrugLinesPastThePoolLeftEachCountUpToAllOfIt() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    InsuredFile insured = insured(policy, "insured_id,preexisting,policy_start,family,family_paid,drug_paid\n"
        + "P1,false,2026-01-01,F1,19000.00,\nP2,false,2026-01-01,F2,19000.00,\n");
    List<Claim> claims = List.of(
        // 1,000.00 left: 70% of 1,000.00 = 700.00 for each of two drugs, 1,000.00 paid
        claim("A1", "P1", item("XL01XC", 100_000, true), item("L04AB", 100_000, true)),
        // one drug twice: 700.00, then 700.00 of the 4,300.00 left of its cap, 1,000.00 paid
        claim("B1", "P2", item("XL01XC", 100_000, true), item("XL01XC", 100_000, true)),
        // the pool used up: nothing, and nothing counted
        claim("A2", "P1", item("XL01XC", 100_000, true)));
    BatchResult plaintext = Evaluator.evaluate(policy, claims, insured, new long[0]);
    assertEquals(List.of(100_000L, 100_000L, 0L), payouts(plaintext));
    int drugPaid = policy.stateNames().indexOf("drug_paid");
    assertEquals(Map.of("XL01XC", 70_000L, "L04AB", 70_000L), plaintext.valuesByCode(0, drugPaid));
    assertEquals(Map.of("XL01XC", 140_000L), plaintext.valuesByCode(1, drugPaid));
    ItemCodeStatesHandshakeTest.assertSettlesAsPlaintext(policy, claims, insured);
  }

  /**
   * Both per policy year, the family's year from 1 March: F1 (P1, P2) has 19,000.00 of year 1's
   * pool used and P1 4,000.00 of XL01XC's cap; at the anniversary, inside the batch, the pool and
   * every cap start again.
   */
  @Test
  void perPolicyYearThePoolAndTheCapsRestartAtTheAnniversary() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY
        .replace("by insured.family\n", "by insured.family per policy_year\n")
        .replace("by item.code\n", "by item.code per policy_year\n"));
    InsuredFile insured = insured(policy, "insured_id,preexisting,policy_start,family,family_paid,drug_paid,"
        + "family_policy_year,policy_year\n"
        + "P1,false,2025-03-01,F1,19000.00,XL01XC=4000.00,1,1\nP2,false,2025-03-01,F1,19000.00,,1,1\n");
    List<Claim> claims = List.of(
        // year 1: 70% of 2,000.00 = 1,400.00, 1,000.00 left of the cap and of the pool: 1,000.00
        visit("A1", "P1", "2026-02-20", "", item("XL01XC", 200_000, true)),
        // year 1: the pool used up, the care's 800.00 unpaid
        visit("B1", "P2", "2026-02-27", "", care("ZB06", 100_000)),
        // year 2: both restart; 1,400.00 for the drug and 800.00 for the care: 2,200.00
        visit("A2", "P1", "2026-03-01", "", item("XL01XC", 200_000, true), care("ZB06", 100_000)),
        // year 2: 70% of 10,000.00 = 7,000.00, P2's cap 5,000.00 (the pool 7,200.00 used)
        visit("B2", "P2", "2026-03-03", "", item("XL01XC", 1_000_000, true)),
        // year 2: 70% of 6,000.00 = 4,200.00, 3,600.00 left of P1's year-2 cap (the pool 10,800.00)
        visit("A3", "P1", "2026-03-10", "", item("XL01XC", 600_000, true)));
    BatchResult plaintext = Evaluator.evaluate(policy, claims, insured, new long[0]);
    assertEquals(List.of(100_000L, 0L, 220_000L, 500_000L, 360_000L), payouts(plaintext));
    List<String> names = policy.stateNames();
    for (int r = 0; r < 2; r++) {
      assertEquals(1_080_000L, plaintext.state(r, names.indexOf("family_paid")));
      assertEquals(2L, plaintext.state(r, names.indexOf("family_policy_year")));
      assertEquals(2L, plaintext.state(r, names.indexOf("policy_year")));
      assertEquals(Map.of("XL01XC", 500_000L), plaintext.valuesByCode(r, names.indexOf("drug_paid")), "year 2's only");
    }

    assertEquals(List.of(), Planner.plan(policy).refusals());
    ItemCodeStatesHandshakeTest.assertSettlesAsPlaintext(policy, claims, insured);
    assertEquals("equal", HandshakePropertyTest.acrossCut(policy,
        new BatchGenerator.Batch(claims, insured, new long[0]), new Random(7), 0, problem -> problem));
  }

  /**
   * Random family pools with caps per drug inside them (each state per policy year or not, the
   * pool read in the update per code's value or its {@code where}, a person's own total of
   * payouts, read by the update per code or not) over random families whose claims interleave:
   * the oracle's limits hold on the batch; with reversals put in, settled whole and cut in two
   * through both parties' ledgers of shares and kept shares, equal to plaintext mode.
   */
  @Property(tries = 20, shrinking = ShrinkingMode.OFF)
  void familyPoolsWithCapsPerDrugSettleAsInPlaintext(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    boolean poolYearly = random.nextBoolean();
    boolean drugsYearly = random.nextBoolean();
    boolean own = random.nextBoolean();
    boolean ownRead = own && random.nextBoolean();
    boolean poolInWhere = random.nextBoolean();
    String filter = (random.nextBoolean() ? "item.special_drug" : "item.category == WESTERN_DRUG")
        + (poolInWhere ? " and family_paid < pool" : "");
    String line = "min(max(0, item.amount) * drug_ratio, max(0, drug_cap - drug_paid[item.code])"
        + (poolInWhere ? "" : ", pool_left") + (ownRead ? ", max(0, person_cap - paid)" : "") + ")";
    long pool = 100L * random.nextInt(20_000);
    long drugCap = 100L * random.nextInt(8_000);
    String text = "policy \"generated\" version 1\n"
        + "insured field family: id\n"
        + "param pool: money = " + ItemCodeStatesHandshakeTest.money(pool) + "\n"
        + "param drug_cap: money = " + ItemCodeStatesHandshakeTest.money(drugCap) + "\n"
        + "param ratio: ratio = " + (1 + random.nextInt(100)) + "%\n"
        + "param drug_ratio: ratio = " + (1 + random.nextInt(100)) + "%\n"
        + (ownRead ? "param person_cap: money = " + ItemCodeStatesHandshakeTest.money(100L * random.nextInt(12_000))
            + "\n" : "")
        + "state family_paid: money by insured.family" + (poolYearly ? " per policy_year" : "") + "\n"
        + "state drug_paid: money by item.code" + (drugsYearly ? " per policy_year" : "") + "\n"
        + (own ? "state paid: money" + (random.nextBoolean() ? " per policy_year" : "") + "\n" : "")
        + "let pool_left = max(0, pool - family_paid)\n"
        + "let drugs = sum(max(0, item.amount) for item in claim.items where " + filter + ")\n"
        + "let drug_pay = sum(" + line + " for item in claim.items where " + filter + ")\n"
        + "let pay = min(drug_pay + max(0, claim.cash_paid - drugs) * ratio, pool_left)\n"
        + "output payout = pay to insurer, data_holder\n"
        + (random.nextBoolean() ? "output drug_only = drug_pay to insurer\n" : "")
        + "update family_paid = family_paid + pay\n"
        + "update drug_paid[item.code] = drug_paid[item.code] + " + line + " for item in claim.items where " + filter
        + "\n"
        + (own ? "update paid = paid + pay\n" : "");
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(text);
    FamilyItemCodeStatesHandshakeTest.Families drawn = FamilyItemCodeStatesHandshakeTest.randomFamilies(policy,
        random, "family_paid", 20_000);
    String csv = drawn.csv();
    BatchGenerator.Batch batch = drawn.batch();
    InsuredFile insured = batch.insured();
    List<Claim> claims = batch.claims();
    // the oracle settles every such batch (no reversal, amounts far inside the bounds), and no family
    // is paid past its pool nor a drug past its cap (beyond what the insured file recorded)
    BatchResult plaintext = Evaluator.evaluate(policy, claims, insured, new long[0]);
    Statistics.label("a pool used up").collect(java.util.stream.IntStream.range(0, insured.records().size())
        .anyMatch(r -> plaintext.state(r, policy.stateNames().indexOf("family_paid")) >= pool));
    for (int r = 0; r < insured.records().size(); r++) {
      long before = insured.records().get(r).states()[policy.stateNames().indexOf("family_paid")];
      assertTrue(plaintext.state(r, policy.stateNames().indexOf("family_paid")) <= Math.max(pool, before), text);
      Map<String, Long> recorded = insured.records().get(r).valuesByCode(policy.stateNames().indexOf("drug_paid"));
      plaintext.valuesByCode(r, policy.stateNames().indexOf("drug_paid")).forEach((code, value) -> assertTrue(
          value <= Math.max(drugCap, recorded.getOrDefault(code, 0L)), code + " " + value + "\n" + text));
    }

    assertEquals(List.of(), Planner.plan(policy).refusals(), text);
    // handshake mode against the oracle on the same batch with reversals put in (of the batch and, cut
    // in two, of the first part)
    BatchGenerator.Batch reversing = BatchGenerator.withReversals(new Random(seed * 31), batch);
    String whole = HandshakePropertyTest.settleAndCompare(policy, reversing,
        problem -> "seed " + seed + ": " + problem + "\n" + text + csv + reversing.claims());
    assertTrue(whole.equals("equal") || whole.equals("both reject the batch"), "seed " + seed + ": " + whole);
    String cut = HandshakePropertyTest.acrossCut(policy, reversing, new Random(seed), 0,
        problem -> "seed " + seed + " cut: " + problem + "\n" + text + csv + reversing.claims());
    Statistics.label("outcome").collect(whole + " / " + cut);
    assertTrue(cut.startsWith("equal") || cut.equals("rejected whole"), "seed " + seed + ": " + cut);
  }

  /** A batch of no claim, and one of claims without line items (item bound 0): every state as plaintext mode leaves it. */
  @Test
  void anEmptyBatchAndOneWithoutItemsSettle() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(POLICY);
    InsuredFile insured = insured(policy, BEFORE);
    ItemCodeStatesHandshakeTest.assertSettlesAsPlaintext(policy, List.of(), insured);
    ItemCodeStatesHandshakeTest.assertSettlesAsPlaintext(policy, List.of(bill("C1", "P3", 250_000),
        bill("D1", "P4", 100_000), bill("C2", "P1", 300_000)), insured);
  }

  /**
   * Three states per item code beside the family's (a money cap per drug and policy year and an int
   * count, both updated and read by the update per code, and an allowance per code only read),
   * across P1's anniversary, with a reversal after it of a claim before it, a code twice in a claim
   * (two code layers at K = 4): equal to plaintext mode, whole and cut in two.
   */
  @Test
  void severalStatesPerCodeInTwoCodeLayersSettleAsInPlaintext() throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile("""
        policy "two" version 1
        insured field family: id
        state family_paid: money by insured.family per policy_year
        state drug_paid: money by item.code per policy_year
        state allowance: money by item.code
        state seen: int by item.code
        let pay = sum(min(max(0, item.amount) * 70%, max(0, 3000.00 - drug_paid[item.code] + allowance[item.code]),
                          max(0, 5000.00 - family_paid)) for item in claim.items where item.special_drug and seen[item.code] < 2)
        output payout = pay to insurer, data_holder
        update family_paid = family_paid + pay
        update drug_paid[item.code] = drug_paid[item.code] + min(max(0, item.amount) * 70%,
            max(0, 3000.00 - drug_paid[item.code] + allowance[item.code]), max(0, 5000.00 - family_paid)) for item in claim.items where item.special_drug
        update seen[item.code] = seen[item.code] + (if family_paid > 4000.00 then 1 else 0) for item in claim.items where item.special_drug
        """);
    assertEquals(List.of(), Planner.plan(policy).refusals());
    assertTrue(Planner.plan(policy).codesInChain());
    InsuredFile insured = insured(policy, "insured_id,preexisting,policy_start,family,family_paid,drug_paid,allowance,seen,family_policy_year,policy_year\n"
        + "P1,false,2025-03-01,F1,1000.00,XL01XC=1000.00,XL01XC=500.00,,1,1\nP2,false,2025-03-01,F1,1000.00,,L04AB=200.00,,1,1\nP3,false,2025-06-01,F3,,,,,1,1\n");
    List<Claim> claims = List.of(
        visit("A1", "P1", "2026-02-20", "", item("XL01XC", 200_000, true), item("ZB06", 100_000, false), item("XL01XC", 150_000, true)),
        visit("B1", "P2", "2026-02-25", "", item("L04AB", 300_000, true), item("L04AB", 100_000, true), item("XL01XC", 100_000, true)),
        visit("C1", "P3", "2026-03-01", "", item("XL01XC", 300_000, true)),
        visit("A2", "P1", "2026-03-02", "", item("XL01XC", 200_000, true), item("XL01XC", 200_000, true), item("XL01XE", 50_000, true)),
        visit("R1", "P1", "2026-02-20", "A1", item("XL01XC", 200_000, true), item("ZB06", 100_000, false), item("XL01XC", 150_000, true)),
        visit("B2", "P2", "2026-03-05", "", item("L04AB", 300_000, true)));
    ItemCodeStatesHandshakeTest.assertSettlesAsPlaintext(policy, claims, insured);
    assertEquals("equal, reversing the first part", HandshakePropertyTest.acrossCut(policy,
        new BatchGenerator.Batch(claims, insured, new long[0]), new java.util.Random(7), 0, problem -> problem));
  }

  /** The claims of the worked example (docs/language.md, "A family pool with a cap per drug"), worked by hand. */
  private static List<Claim> workedClaims() {
    return List.of(
        // XL01XC: 70% of 2,000.00 = 1,400.00 within 3,000.00 left of P1's cap and 12,000.00 of the
        // pool; the care 80% of 1,000.00 = 800.00: 2,200.00 (F1 10,200.00, P1's XL01XC 3,400.00)
        claim("A1", "P1", item("XL01XC", 200_000, true), care("ZB06", 100_000)),
        // the other family: a drug line of 0.00 counts 0.00; 80% of 500.00 (F2 400.00)
        claim("D1", "P4", item("XL01XC", 0, true), care("ZB06", 50_000)),
        // XL01XC twice in one claim: 70% of 4,000.00 = 2,800.00, then 2,800.00 but only 2,200.00
        // left of P2's cap (the second line reads the first's): 5,000.00 (F1 15,200.00)
        claim("B1", "P2", item("XL01XC", 400_000, true), item("XL01XC", 400_000, true)),
        // P1's XL01XC again: 70% of 3,000.00 = 2,100.00, but 1,600.00 left of the cap: 1,600.00
        // (the cap met inside the batch; F1 16,800.00)
        claim("A2", "P1", item("XL01XC", 300_000, true)),
        // no line items: 80% of 2,500.00 = 2,000.00 within 3,200.00 left (F1 18,800.00)
        bill("C1", "P3", 250_000),
        // L04AB: 70% of 3,000.00 = 2,100.00 within P3's cap, but 1,200.00 left of the pool: the
        // drug pays and records 1,200.00 and the pool is used up (F1 20,000.00)
        claim("C2", "P3", item("L04AB", 300_000, true)),
        // F2's pool is its own: 70% of 2,000.00 = 1,400.00 (F2 1,800.00)
        claim("D2", "P4", item("L04AB", 200_000, true)),
        // F1's pool is used up: nothing for the drug nor the care, and XL01XE records 0.00
        claim("B2", "P2", item("XL01XE", 100_000, true), care("ZB06", 50_000)));
  }

  /** A line of care (no special drug) of {@code amount} fen. */
  private static LineItem care(String code, long amount) {
    return item(code, amount, false);
  }

  /** A claim with no line items whose patient paid {@code cash} fen. */
  private static Claim bill(String id, String insuredId, long cash) {
    Claim c = claim(id, insuredId);
    return new Claim(c.id(), c.insuredId(), "", c.visitType(), c.hospitalLevel(), c.admissionDate(),
        c.dischargeDate(), c.diagnosis(), c.age(), c.sex(), cash, 0, 0, 0, cash, 0, 0, 0, 0, cash, List.of(), 0);
  }
}
