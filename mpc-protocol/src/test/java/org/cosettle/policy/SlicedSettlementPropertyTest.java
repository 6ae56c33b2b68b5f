package org.cosettle.policy;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.core.Claim;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.policy.ir.Ir;

/**
 * Handshake mode with each batch cut into slices of whole insured persons, forced small, against
 * the plaintext evaluator: random policies and batches of the plaintext evaluator's own generators,
 * and random running-total policies with batches where one person often has dozens of claims. The
 * budget is one correlated value (every person a slice of its own) or 50 to 1,500 (several
 * persons a slice, a busy person alone); every output, state and aggregate must
 * equal the plaintext evaluator's, and a batch it rejects must be refused.
 */
class SlicedSettlementPropertyTest {
  @Property(tries = 80, shrinking = ShrinkingMode.OFF)
  void slicedRunsEqualThePlaintextEvaluatorOnRandomPolicies(@ForAll long seed) throws Exception {
    HandshakePropertyTest.Generated generated = HandshakePropertyTest.generate(seed);
    if (generated.compiled() == null) {
      Statistics.label("outcome").collect("rejected by check");
      return;
    }
    Plan plan = Planner.plan(generated.compiled());
    if (!plan.refusals().isEmpty()) {
      // refused whatever the batch, before any slice (HandshakePropertyTest covers the refusals)
      Statistics.label("outcome").collect("refused by the planner");
      return;
    }
    if (plan.program().ops().stream().noneMatch(op -> plan.site(op.id()) == Ir.Label.JOINT)) {
      Statistics.label("outcome").collect("nothing on shares: nothing to cut");
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

  @Property(tries = 25, shrinking = ShrinkingMode.OFF)
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

  /** One correlated value (a slice per person) or 50–1,500. */
  private static long budget(Random rnd) {
    return rnd.nextBoolean() ? 1 : 50 + rnd.nextInt(1_451);
  }

  private static void collect(HandshakePropertyTest.Compared compared) {
    Statistics.label("outcome").collect(compared.outcome());
    Statistics.label("slices").collect(compared.slices() == 0 ? "none (refused)" : compared.slices() == 1 ? "1"
        : compared.slices() <= 3 ? "2-3" : "4+");
  }
}
