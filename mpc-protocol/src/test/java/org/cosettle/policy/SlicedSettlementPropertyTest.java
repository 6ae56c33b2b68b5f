package org.cosettle.policy;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.core.Claim;
import org.cosettle.mpc.plan.Planner;

/**
 * Handshake mode with each batch cut into slices of whole insured persons, forced small, against
 * the plaintext evaluator: random policies and batches of the plaintext evaluator's own generators,
 * and random running-total policies with batches where one person often has dozens of claims. The
 * budget is one correlated value (every person a slice of its own) or a few hundred to a few
 * thousand (several persons a slice, a busy person alone); every output, state and aggregate must
 * equal the plaintext evaluator's, and a batch it rejects must be refused.
 */
class SlicedSettlementPropertyTest {
  @Property(tries = 100, shrinking = ShrinkingMode.OFF)
  void slicedRunsEqualThePlaintextEvaluatorOnRandomPolicies(@ForAll long seed) throws Exception {
    HandshakePropertyTest.Generated generated = HandshakePropertyTest.generate(seed);
    if (generated.compiled() == null) {
      Statistics.label("outcome").collect("rejected by check");
      return;
    }
    if (!Planner.plan(generated.compiled()).refusals().isEmpty()) {
      // refused whatever the batch, before any slice (HandshakePropertyTest covers the refusals)
      Statistics.label("outcome").collect("refused by the planner");
      return;
    }
    if (generated.batch().claims().stream().map(Claim::insuredId).distinct().count() < 2) {
      Statistics.label("outcome").collect("one person: nothing to cut");
      return;
    }
    long budget = budget(new Random(seed ^ 0x51CE));
    HandshakePropertyTest.Compared compared = HandshakePropertyTest.settleAndCompare(generated.compiled(),
        generated.batch(), problem -> ReferencePropertyTest.report("seed " + seed + ", slice budget " + budget,
            generated.policy(), generated.batch(), problem), budget);
    collect(compared);
  }

  @Property(tries = 30, shrinking = ShrinkingMode.OFF)
  void slicedRunningTotalsEqualThePlaintextEvaluator(@ForAll long seed) throws Exception {
    Random rnd = new Random(seed);
    String text = RunningTotalPolicies.policy(rnd);
    CompiledPolicy policy = Policies.compile(new Source("running.cpl", text)).policy();
    BatchGenerator.Batch batch = RunningTotalPolicies.batch(rnd);
    long budget = budget(rnd);
    HandshakePropertyTest.Compared compared = HandshakePropertyTest.settleAndCompare(policy, batch,
        problem -> "seed " + seed + ", slice budget " + budget + ": " + problem + "\n" + text, budget);
    collect(compared);
  }

  /** One correlated value (a slice per person) or 100–5,000. */
  private static long budget(Random rnd) {
    return rnd.nextBoolean() ? 1 : 100 + rnd.nextInt(4_901);
  }

  private static void collect(HandshakePropertyTest.Compared compared) {
    Statistics.label("outcome").collect(compared.outcome());
    Statistics.label("slices").collect(compared.slices() == 0 ? "none (refused)" : compared.slices() == 1 ? "1"
        : compared.slices() <= 3 ? "2-3" : "4+");
  }
}
