package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.policy.eval.ClaimBatch;

/**
 * The plaintext evaluator against a plain-Java oracle on random policies with a family deductible
 * per policy year (a family's claim counter and the person's deductible per policy year or not),
 * over random families sharing one start (now and then 29 February), admissions across
 * anniversaries in and out of order, reversals of earlier claims (taken back only within the year
 * the increment went into: the family's year for the family's states), and the batch settled whole
 * or in two batches through the states file and the claim ledger: every output of every claim and
 * every state after the batch, to the fen.
 */
class FamilyYearsPropertyTest {
  @Property(tries = 200, shrinking = ShrinkingMode.OFF)
  void plaintextEqualsTheOracle(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    long personLimit = 100 * random.nextInt(20_000);
    long familyLimit = 100 * random.nextInt(30_000);
    int percent = 1 + random.nextInt(100);
    boolean ownYearly = random.nextBoolean();
    boolean claimsYearly = random.nextBoolean();
    String text = "policy \"generated\" version 1\n"
        + "insured field family: id\n"
        + "param person_limit: money = " + money(personLimit) + "\n"
        + "param family_limit: money = " + money(familyLimit) + "\n"
        + "param ratio: ratio = " + percent + "%\n"
        + "state own_used: money" + (ownYearly ? " per policy_year" : "") + "\n"
        + "state family_used: money by insured.family per policy_year\n"
        + "state family_claims: int by insured.family" + (claimsYearly ? " per policy_year" : "") + "\n"
        + "let applied = min(claim.cash_paid, max(0, min(person_limit - own_used, family_limit - family_used)))\n"
        + "output payout = (claim.cash_paid - applied) * ratio to insurer\n"
        + "output claims_before = family_claims to insurer\n"
        + "update own_used = own_used + applied\n"
        + "update family_used = family_used + applied\n"
        + "update family_claims = family_claims + 1\n";
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(text);

    int people = 1 + random.nextInt(8);
    int[] family = new int[people];
    int[] start = new int[people];
    long[] own = new long[people];
    long[] year = new long[people];
    long[] familyUsed = new long[people];
    long[] familyClaims = new long[people];
    long[] familyYear = new long[people];
    List<InsuredRecord> records = new ArrayList<>();
    for (int p = 0; p < people; p++) {
      family[p] = random.nextInt(p + 1) == p ? p : family[random.nextInt(p)];
      if (family[p] == p) {
        familyUsed[p] = 100 * random.nextInt(10_000);
        familyClaims[p] = random.nextInt(3);
        familyYear[p] = random.nextInt(3);
        // 2024-02-29 now and then: its anniversary is 1 March in a year without a 29 February
        start[p] = random.nextInt(4) == 0 ? 19_782 : 19_700 + random.nextInt(800);
      }
      own[p] = 100 * random.nextInt(5_000);
      year[p] = random.nextInt(3);
      int f = family[p];
      records.add(new InsuredRecord("P" + p, false, start[f],
          new long[] {own[p], familyUsed[f], familyClaims[f], familyYear[f], year[p]}, new long[] {f},
          List.of(List.of("F" + f))));
    }
    InsuredFile insured = InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);

    int count = 1 + random.nextInt(40);
    List<Claim> claims = new ArrayList<>();
    long[][] expected = new long[count][2];
    // per claim: its increments of own_used, family_used and family_claims, and the years after it
    long[][] increments = new long[count][3];
    long[] yearAfter = new long[count];
    long[] familyYearAfter = new long[count];
    boolean[] reversed = new boolean[count];
    for (int c = 0; c < count; c++) {
      int p = random.nextInt(people);
      int f = family[p];
      int admitted = start[f] - 30 + random.nextInt(3 * 366);
      List<Integer> reversible = new ArrayList<>();
      for (int t = 0; t < c; t++) {
        if (claims.get(t).insuredId().equals("P" + p) && !claims.get(t).isReversal() && !reversed[t]) {
          reversible.add(t);
        }
      }
      long cash = 100L * random.nextInt(30_000);
      if (!reversible.isEmpty() && random.nextInt(4) == 0) {
        int t = reversible.get(random.nextInt(reversible.size()));
        reversed[t] = true;
        claims.add(FamilyYearsGoldenTest.visit("C" + c, "P" + p, cash, date(admitted), "C" + t));
        expected[c][0] = -expected[t][0];
        expected[c][1] = -expected[t][1];
        // taken back only while the year its increment went into is still the recorded one
        if (!ownYearly || yearAfter[t] == year[p]) {
          own[p] -= increments[t][0];
        }
        if (familyYearAfter[t] == familyYear[f]) {
          familyUsed[f] -= increments[t][1];
        }
        if (!claimsYearly || familyYearAfter[t] == familyYear[f]) {
          familyClaims[f] -= increments[t][2];
        }
        yearAfter[c] = year[p];
        familyYearAfter[c] = familyYear[f];
        continue;
      }
      claims.add(FamilyYearsGoldenTest.visit("C" + c, "P" + p, cash, date(admitted), ""));
      long claimYear = ReferenceEvaluator.policyYear(start[f], admitted);
      boolean personRestarts = year[p] > 0 && claimYear > year[p];
      boolean familyRestarts = familyYear[f] > 0 && claimYear > familyYear[f];
      long ownBefore = ownYearly && personRestarts ? 0 : own[p];
      long familyBefore = familyRestarts ? 0 : familyUsed[f];
      long claimsBefore = claimsYearly && familyRestarts ? 0 : familyClaims[f];
      long applied = Math.min(cash, Math.max(0, Math.min(personLimit - ownBefore, familyLimit - familyBefore)));
      expected[c][0] = times(cash - applied, percent);
      expected[c][1] = claimsBefore;
      own[p] = ownBefore + applied;
      familyUsed[f] = familyBefore + applied;
      familyClaims[f] = claimsBefore + 1;
      increments[c] = new long[] {applied, applied, 1};
      year[p] = Math.max(year[p], claimYear);
      familyYear[f] = Math.max(familyYear[f], claimYear);
      yearAfter[c] = year[p];
      familyYearAfter[c] = familyYear[f];
    }

    String context = "seed " + seed + "\n" + text;
    int split = random.nextInt(count + 1);
    List<long[]> outputs = new ArrayList<>();
    BatchResult last;
    if (split == 0 || split == count) {
      last = Evaluator.evaluate(policy, claims, insured, new long[0]);
      addOutputs(outputs, last);
    } else {
      // two batches: the states file and the claim ledger of the first carry everything to the second
      BatchResult first = Evaluator.evaluate(policy, claims.subList(0, split), insured, new long[0]);
      addOutputs(outputs, first);
      Path dir = Files.createTempDirectory("family-years");
      try {
        Path states = Files.writeString(dir.resolve("states.csv"), first.statesCsv());
        Path ledgerFile = Files.writeString(dir.resolve("ledger.jsonl"), ClaimLedger.empty(policy).after(first).jsonl());
        ClaimLedger ledger = ClaimLedger.read(ledgerFile, "ledger.jsonl", policy);
        InsuredFile between = InsuredFile.read(states, "states.csv", policy.insuredFields(), policy.stateColumns(), 100);
        last = Evaluator.evaluate(policy, ClaimBatch.of(claims.subList(split, count), between, ledger.records(),
            ledger.name()), PrivateValues.of(new long[0]), 1);
        addOutputs(outputs, last);
      } finally {
        try (var files = Files.list(dir)) {
          for (Path file : files.toList()) {
            Files.delete(file);
          }
        }
        Files.delete(dir);
      }
    }
    for (int c = 0; c < count; c++) {
      assertEquals(expected[c][0], outputs.get(c)[0], "claim " + c + " payout, split " + split + "\n" + context);
      assertEquals(expected[c][1], outputs.get(c)[1], "claim " + c + " family claims before\n" + context);
    }
    for (int p = 0; p < people; p++) {
      int f = family[p];
      List<Long> want = List.of(own[p], familyUsed[f], familyClaims[f], familyYear[f], year[p]);
      List<Long> got = new ArrayList<>();
      for (int s = 0; s < 5; s++) {
        got.add(last.state(p, s));
      }
      assertEquals(want, got, "person " + p + ", split " + split + "\n" + context);
    }
  }

  private static void addOutputs(List<long[]> outputs, BatchResult r) {
    for (int c = 0; c < r.claimCount(); c++) {
      outputs.add(new long[] {r.output(c, 0), r.output(c, 1)});
    }
  }

  private static String date(int epochDay) {
    return java.time.LocalDate.ofEpochDay(epochDay).toString();
  }

  /** {@code fen} times {@code percent}%, rounded half away from zero (fen is not negative). */
  private static long times(long fen, int percent) {
    return (fen * percent * 100 + 5_000) / 10_000;
  }

  private static String money(long fen) {
    return fen / 100 + "." + String.format("%02d", fen % 100);
  }
}
