package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.LineItem;
import org.cosettle.core.SettlementRoute;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.eval.ClaimBatch;

/**
 * The plaintext evaluator against a plain-Java oracle on random policies with a per-person state,
 * two states shared by a family and a state per item code (a per-drug sub-cap, now and then per
 * policy year, with admissions across anniversaries), over random
 * batches of interleaved family members' claims whose items repeat codes within a claim, with
 * reversals of earlier claims of the batch (each code taken back by its increment, per policy year
 * only while the year is still recorded): every output of every claim and every state after the
 * batch, to the fen; and the batch cut in two, the second reversing the first's claims through the
 * claim ledger and states files, equal to the whole.
 */
class KeyedStatesPropertyTest {
  private static final String[] CODES = {"XL01XC", "XL01XE", "L04AB", "ZB06"};

  @Property(tries = 200, shrinking = ShrinkingMode.OFF)
  void plaintextEqualsTheOracle(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    long personDeductible = 100 * random.nextInt(20_000);
    long familyLimit = 100 * random.nextInt(30_000);
    long drugCap = 100 * random.nextInt(50_000);
    int percent = 1 + random.nextInt(100);
    boolean onlySpecial = random.nextBoolean();
    boolean capped = random.nextBoolean();
    // an annual sub-cap per drug: every code restarts at the person's policy anniversary
    boolean yearly = random.nextBoolean();
    String drugPay = capped ? "min(item.in_scope * ratio, max(0, drug_cap - drug_paid[item.code]))" : "item.in_scope * ratio";
    String where = onlySpecial ? " where item.special_drug" : "";
    String text = "policy \"generated\" version 1\n"
        + "insured field family: id\n"
        + "param person_deductible: money = " + money(personDeductible) + "\n"
        + "param family_limit: money = " + money(familyLimit) + "\n"
        + "param drug_cap: money = " + money(drugCap) + "\n"
        + "param ratio: ratio = " + percent + "%\n"
        + "state deductible_used: money\n"
        + "state family_deductible: money by insured.family\n"
        + "state drug_paid: money by item.code" + (yearly ? " per policy_year" : "") + "\n"
        + "state family_claims: int by insured.family\n"
        + "let drugs = sum(" + drugPay + " for item in claim.items" + where + ")\n"
        + "let base = max(0, claim.in_scope - claim.fund_paid)\n"
        + "let applied = min(base, max(0, min(person_deductible - deductible_used, family_limit - family_deductible)))\n"
        + "output payout = (base - applied) * ratio + drugs to insurer\n"
        + "output claims_before = family_claims to insurer\n"
        + "update deductible_used = deductible_used + applied\n"
        + "update family_deductible = family_deductible + applied\n"
        + "update family_claims = family_claims + 1\n"
        + "update drug_paid[item.code] = drug_paid[item.code] + " + drugPay + " for item in claim.items" + where + "\n";
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(text);

    int people = 1 + random.nextInt(8);
    int[] family = new int[people];
    long[] own = new long[people];
    long[] familyUsed = new long[people];
    long[] familyClaims = new long[people];
    int[] start = new int[people];
    long[] year = new long[people];
    List<Map<String, Long>> drugs = new ArrayList<>();
    List<InsuredRecord> records = new ArrayList<>();
    for (int p = 0; p < people; p++) {
      family[p] = random.nextInt(p + 1) == p ? p : family[random.nextInt(p)];
      own[p] = 100 * random.nextInt(5_000);
      if (family[p] == p) {
        familyUsed[p] = 100 * random.nextInt(10_000);
        familyClaims[p] = random.nextInt(3);
      }
      Map<String, Long> mine = new HashMap<>();
      if (random.nextBoolean()) {
        mine.put(CODES[random.nextInt(CODES.length)], 100L * random.nextInt(60_000));
      }
      drugs.add(mine);
      start[p] = 19_700 + random.nextInt(800);
      year[p] = yearly ? random.nextInt(3) : 0;
      long[] states = {own[p], familyUsed[family[p]], 0, familyClaims[family[p]]};
      List<Map<String, Long>> byCode = List.of(Map.of(), Map.of(), mine, Map.of());
      if (yearly) {
        states = new long[] {own[p], familyUsed[family[p]], 0, familyClaims[family[p]], year[p]};
        byCode = List.of(Map.of(), Map.of(), mine, Map.of(), Map.of());
      }
      records.add(new InsuredRecord("P" + p, false, start[p], states, new long[] {family[p]},
          List.of(List.of("F" + family[p])), byCode));
    }
    InsuredFile insured = InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);

    List<Claim> claims = new ArrayList<>();
    int count = 1 + random.nextInt(40);
    long[][] expected = new long[count][2];
    // per claim what it added (to the person's, the family's deductible, each code) and its person's year after it
    int[] person = new int[count];
    long[][] added = new long[count][2];
    List<Map<String, Long>> addedByCode = new ArrayList<>();
    long[] yearAfter = new long[count];
    List<Integer> reversible = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      if (!reversible.isEmpty() && random.nextInt(4) == 0) {
        // a reversal of an earlier claim of the batch, of its person, settled as the ledger says
        int t = reversible.remove(random.nextInt(reversible.size()));
        int p = person[t];
        int admitted = 20_500 + random.nextInt(400);
        claims.add(new Claim("C" + c, "P" + p, "", VisitType.INPATIENT, 2, admitted, admitted + 3, "K35.8", 50,
            Sex.MALE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), SettlementRoute.LOCAL, false, 0, admitted, "C" + t, c + 1));
        addedByCode.add(Map.of());
        expected[c][0] = -expected[t][0];
        expected[c][1] = -expected[t][1];
        own[p] -= added[t][0];
        familyUsed[family[p]] -= added[t][1];
        familyClaims[family[p]]--;
        if (!yearly || yearAfter[t] == year[p]) {
          addedByCode.get(t).forEach((code, v) -> drugs.get(p).merge(code, -v, Long::sum));
        }
        continue;
      }
      reversible.add(c);
      int p = random.nextInt(people);
      person[c] = p;
      List<LineItem> items = new ArrayList<>();
      for (int i = random.nextInt(5); i > 0; i--) {
        long inScope = 100L * random.nextInt(40_000);
        items.add(new LineItem(CODES[random.nextInt(CODES.length)], FeeCategory.WESTERN_DRUG, inScope, 0, 0, 0, inScope,
            random.nextBoolean()));
      }
      long inScope = 100L * random.nextInt(30_000);
      long fundPaid = 100L * random.nextInt(20_000);
      // admissions over three years and out of order now and then: anniversaries crossed both ways
      int admitted = yearly ? start[p] - 30 + random.nextInt(3 * 366) : 20_500;
      claims.add(new Claim("C" + c, "P" + p, "", VisitType.INPATIENT, 2, admitted, admitted + 3, "K35.8", 50,
          Sex.MALE, inScope, 0, 0, 0, inScope, fundPaid, 0, 0, 0, inScope, items, 0));
      if (yearly) {
        long claimYear = ReferenceEvaluator.policyYear(start[p], admitted);
        if (year[p] > 0 && claimYear > year[p]) {
          drugs.get(p).clear();
        }
        year[p] = Math.max(year[p], claimYear);
      }
      yearAfter[c] = year[p];
      // the oracle, claim by claim and item by item
      int f = family[p];
      long drugTotal = 0;
      Map<String, Long> codeAdded = new HashMap<>();
      addedByCode.add(codeAdded);
      for (LineItem item : items) {
        if (onlySpecial && !item.specialDrug()) {
          continue;
        }
        long before = drugs.get(p).getOrDefault(item.code(), 0L);
        long pay = times(item.inScope(), percent);
        if (capped) {
          pay = Math.min(pay, Math.max(0, drugCap - before));
        }
        drugs.get(p).put(item.code(), before + pay);
        codeAdded.merge(item.code(), pay, Long::sum);
        drugTotal += pay;
      }
      long base = Math.max(0, inScope - fundPaid);
      long applied = Math.min(base, Math.max(0, Math.min(personDeductible - own[p], familyLimit - familyUsed[f])));
      expected[c][0] = times(base - applied, percent) + drugTotal;
      expected[c][1] = familyClaims[f];
      own[p] += applied;
      familyUsed[f] += applied;
      added[c][0] = applied;
      added[c][1] = applied;
      familyClaims[f]++;
    }
    BatchResult r = Evaluator.evaluate(policy, claims, insured, new long[0]);
    String context = "seed " + seed + "\n" + text;
    for (int c = 0; c < count; c++) {
      assertEquals(expected[c][0], r.output(c, 0), "claim " + c + " payout\n" + context);
      assertEquals(expected[c][1], r.output(c, 1), "claim " + c + " family claims before\n" + context);
    }
    for (int p = 0; p < people; p++) {
      assertEquals(own[p], r.state(p, 0), "person " + p + "\n" + context);
      assertEquals(familyUsed[family[p]], r.state(p, 1), "person " + p + "\n" + context);
      assertEquals(familyClaims[family[p]], r.state(p, 3), "person " + p + "\n" + context);
      if (yearly) {
        assertEquals(year[p], r.state(p, 4), "person " + p + " policy_year\n" + context);
      }
      Map<String, Long> nonZero = new HashMap<>(drugs.get(p));
      nonZero.values().removeIf(v -> v == 0);
      Map<String, Long> got = new HashMap<>(r.valuesByCode(p, 2));
      got.values().removeIf(v -> v == 0);
      assertEquals(nonZero, got, "person " + p + " drug_paid\n" + context);
    }
    if (count >= 2) {
      inTwoBatches(policy, claims, insured, r, 1 + random.nextInt(count - 1), context);
    }
  }

  /**
   * {@code claims} cut at {@code cut} into two batches, the second reading the first's states and
   * claim ledger from files (its reversals of the first's claims through the ledger): the same
   * outputs and states as {@code whole}.
   */
  private static void inTwoBatches(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, BatchResult whole,
      int cut, String context) throws Exception {
    BatchResult first = Evaluator.evaluate(policy, claims.subList(0, cut), insured, new long[0]);
    Path dir = Files.createTempDirectory("keyed-states");
    try {
      Path ledgerFile = Files.writeString(dir.resolve("ledger.jsonl"), ClaimLedger.empty(policy).after(first).jsonl());
      ClaimLedger ledger = ClaimLedger.read(ledgerFile, "ledger.jsonl", policy);
      Path states = Files.writeString(dir.resolve("states.csv"), first.statesCsv());
      InsuredFile between = InsuredFile.read(states, "states.csv", policy.insuredFields(), policy.stateColumns(), 100);
      BatchResult second = Evaluator.evaluate(policy, ClaimBatch.of(claims.subList(cut, claims.size()), between,
          ledger.records(), ledger.name()), PrivateValues.of(new long[0]), 1);
      for (int c = cut; c < claims.size(); c++) {
        for (int o = 0; o < 2; o++) {
          assertEquals(whole.output(c, o), second.output(c - cut, o), "claim " + c + " after the cut at " + cut + "\n"
              + context);
        }
      }
      assertEquals(whole.statesCsv(), second.statesCsv(), "states after the cut at " + cut + "\n" + context);
    } finally {
      for (String f : new String[] {"ledger.jsonl", "states.csv"}) {
        Files.deleteIfExists(dir.resolve(f));
      }
      Files.delete(dir);
    }
  }

  /** {@code fen} times {@code percent}%, rounded half away from zero (fen is not negative). */
  private static long times(long fen, int percent) {
    return (fen * percent * 100 + 5_000) / 10_000;
  }

  private static String money(long fen) {
    return fen / 100 + "." + String.format("%02d", fen % 100);
  }
}
