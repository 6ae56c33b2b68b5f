package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.policy.ir.StateFamilies;

/**
 * States declared {@code per policy_year} settle in handshake mode on a segmented prefix (the
 * year a running maximum, every per-year state restarting on its flag) exactly as the plaintext
 * evaluator settles them: random batches where persons have many claims across anniversaries, in
 * and out of date order, some before the policy started, a recorded year behind, equal to or ahead
 * of the claims', 29 February and year-end starts, and deductibles, caps, clamps and counts
 * crossing their limits inside a batch.
 */
public class PolicyYearsHandshakePropertyTest {
  /** The language guide's {@code annual-limits}: a saturating deductible and cap per policy year. */
  public static final String ANNUAL = """
      policy "annual-limits" version 1

      param deductible: money = 1000.00
      param annual_cap: money = 5000.00

      state deductible_used: money per policy_year
      state paid_ytd: money per policy_year

      let applied = min(max(0, claim.cash_paid), max(0, deductible - deductible_used))
      output payout = min(max(0, claim.cash_paid - applied), max(0, annual_cap - paid_ytd)) to insurer, data_holder

      update deductible_used = deductible_used + applied
      update paid_ytd = paid_ytd + payout
      """;

  /** Capped, clamped, floored and counted per year, beside a lifetime total. */
  static final String MIXED = """
      policy "mixed-years" version 1
      param cap: money = 3000.00
      state capped_total: money per policy_year
      state balance: money per policy_year
      state credit: money per policy_year
      state visits: int per policy_year
      state lifetime: money
      let net = claim.total - 800.00
      output payout = min(claim.total, max(0, cap - capped_total)) to insurer, data_holder
      output position = balance + credit + lifetime to insurer
      output seen = visits to insurer
      update capped_total = min(capped_total + max(0, claim.cash_paid), cap)
      update balance = min(max(balance + net, 0), 4000.00)
      update credit = max(credit - claim.total, 0 - 2000.00)
      update visits = visits + 1
      update lifetime = lifetime + claim.total
      """;

  private static final String[] STARTS = {"2024-02-29", "2025-07-01", "2025-12-31", "2026-01-01", "2025-03-01"};

  @Property(tries = 6, shrinking = ShrinkingMode.OFF)
  void theDeductibleAndCapPerYearSettleAsInPlaintext(@ForAll long seed) throws Exception {
    settle(ANNUAL, seed);
  }

  @Property(tries = 6, shrinking = ShrinkingMode.OFF)
  void cappedClampedFlooredAndCountedStatesPerYearSettleAsInPlaintext(@ForAll long seed) throws Exception {
    settle(MIXED, seed);
  }

  private static void settle(String text, long seed) throws Exception {
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(text);
    List<StateFamilies.Family> stages = Planner.plan(policy).prefixStages().orElseThrow();
    assertTrue(stages.stream().anyMatch(StateFamilies.Family::restarts), "the per-year states restart on a flag");
    assertTrue(stages.stream().anyMatch(f -> f.kind() == StateFamilies.Kind.RUNNING_MAX), "the year is a running maximum");
    BatchGenerator.Batch batch = batch(policy, new Random(seed));
    Statistics.label("claims").collect(batch.claims().size() >= 30 ? "30 or more" : "fewer than 30");
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy, batch, problem -> "seed " + seed + ": "
        + problem), "seed " + seed);
  }

  /** Up to four persons, one of them with 12 to 30 claims, dated around their anniversaries over four years. */
  static BatchGenerator.Batch batch(CompiledPolicy policy, Random rnd) {
    int persons = 1 + rnd.nextInt(4);
    int states = policy.stateNames().size();
    List<InsuredRecord> records = new ArrayList<>();
    List<String> starts = new ArrayList<>();
    for (int p = 0; p < persons; p++) {
      String start = STARTS[rnd.nextInt(STARTS.length)];
      starts.add(start);
      long[] values = new long[states];
      for (int s = 0; s < states - 1; s++) {
        values[s] = policy.stateNames().get(s).equals("visits") ? rnd.nextInt(4) : rnd.nextInt(300_001);
      }
      // not recorded, years 1 to 3, or a year ahead of every claim
      int[] years = {0, 1, 2, 3, 7};
      values[states - 1] = years[rnd.nextInt(years.length)];
      records.add(new InsuredRecord("P" + p, false, PolicyYearsGoldenTest.day(start), values));
    }
    InsuredFile insured = InsuredFile.of(List.of(), policy.stateColumns(), records);
    List<Claim> claims = new ArrayList<>();
    int busy = rnd.nextInt(persons);
    for (int p = 0; p < persons; p++) {
      int count = p == busy ? 12 + rnd.nextInt(19) : 1 + rnd.nextInt(6);
      LocalDate start = LocalDate.parse(starts.get(p));
      for (int k = 0; k < count; k++) {
        // near an anniversary (the day before, on it, after it), anywhere in years 0 to 4
        LocalDate anniversary = start.plusYears(rnd.nextInt(5) - 1);
        LocalDate day = rnd.nextBoolean() ? anniversary.plusDays(rnd.nextInt(3) - 1)
            : anniversary.plusDays(rnd.nextInt(365));
        long total = rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(300_001);
        int d = PolicyYearsGoldenTest.day(day.toString());
        claims.add(new Claim("C" + p + "-" + k, "P" + p, "", VisitType.INPATIENT, 2, d, d + 3, "K35.8", 60, Sex.FEMALE,
            total, 0, 0, 0, total, 0, 0, 0, 0, total, List.of(), 0));
      }
    }
    java.util.Collections.shuffle(claims, rnd); // persons interleaved, each person's claims out of date order
    return new BatchGenerator.Batch(claims, insured, new long[0]);
  }
}
