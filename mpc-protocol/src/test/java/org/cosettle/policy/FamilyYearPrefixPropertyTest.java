package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.mpc.engine.FamilyPrefix;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.policy.ir.StateFamilies;
import org.junit.jupiter.api.Test;

/**
 * A family's per-policy-year states on family prefixes (docs/protocol.md "Family prefixes") against
 * the plaintext evaluator: the generated family policies of {@link FamilyChainPropertyTest} whose
 * family state is declared {@code per policy_year} and qualifies (a family cap, plain or capped, a
 * family's total of the persons' deductibles), the person's deductible per year now and then, over
 * random families whose members share one start, admissions over three years crossing the family's
 * anniversaries both ways, recorded family years not recorded, behind and ahead: every output and
 * state to the unit, no correlation left over. Positive control: with the restart flags dropped in
 * family order the same batches no longer settle as the plaintext evaluator.
 */
class FamilyYearPrefixPropertyTest {
  @Property(tries = 25, shrinking = ShrinkingMode.OFF)
  void familyYearsOnPrefixesSettleAsThePlaintextEvaluator(@ForAll long seed) throws Exception {
    FamilyChainPropertyTest.Generated g = yearlyOnPrefixes(seed);
    String outcome = HandshakePropertyTest.settleAndCompare(g.policy(), g.batch(),
        problem -> "seed " + seed + "\n" + g.text() + "\n" + problem);
    Statistics.label("outcome").collect(outcome);
    assertEquals("equal", outcome, g.text());
  }

  @Test
  void droppingTheRestartIsCaught() throws Exception {
    int differ = 0;
    FamilyPrefix.plantDroppedRestart(true);
    try {
      for (long seed = 1; seed <= 12; seed++) {
        FamilyChainPropertyTest.Generated g = yearlyOnPrefixes(seed);
        try {
          differ += HandshakePropertyTest.settleAndCompare(g.policy(), g.batch(), problem -> problem).equals("equal")
              ? 0 : 1;
        } catch (AssertionError unequal) {
          differ++; // an output or state differs from the plaintext evaluator's
        }
      }
    } finally {
      FamilyPrefix.plantDroppedRestart(false);
    }
    assertTrue(differ >= 3, differ + " of 12 batches differ from the plaintext evaluator with the restart dropped");
  }

  /**
   * The first policy and batch drawn from {@code seed} on whose family state is per policy year and
   * runs as family prefixes, restarting on a flag.
   */
  static FamilyChainPropertyTest.Generated yearlyOnPrefixes(long seed) throws Exception {
    Random draws = new Random(seed);
    while (true) {
      FamilyChainPropertyTest.Generated g = FamilyChainPropertyTest.generate(draws.nextLong());
      if (!g.text().contains("by insured.family per policy_year") || g.batch().claims().size() < 4) {
        continue;
      }
      List<StateFamilies.Family> stages = Planner.plan(g.policy()).familyPrefixStages().orElse(List.of());
      if (stages.stream().anyMatch(StateFamilies.Family::restarts)) {
        return g;
      }
    }
  }
}
