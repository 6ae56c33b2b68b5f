package org.cosettle.policy;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;

/**
 * Handshake mode against the plaintext evaluator on random running-total policies (sums,
 * saturating deductibles, caps, floors, chained states, and near misses outside every family)
 * and batches where one insured person often has dozens of claims: equal to the unit whether the
 * states run as prefixes (counted as "prefix") or, for the near misses, claim after claim.
 */
class PrefixStatesPropertyTest {
  @Property(tries = 40, shrinking = ShrinkingMode.OFF)
  void prefixStatesEqualThePlaintextEvaluator(@ForAll long seed) throws Exception {
    Random rnd = new Random(seed);
    String text = RunningTotalPolicies.policy(rnd);
    CompiledPolicy policy = Policies.compile(new Source("running.cpl", text)).policy();
    Plan plan = Planner.plan(policy);
    BatchGenerator.Batch batch = RunningTotalPolicies.batch(rnd);
    String outcome = HandshakePropertyTest.settleAndCompare(policy, batch, problem -> "seed " + seed + ": " + problem
        + "\n" + text + "\n" + plan.render() + "\nclaims: " + batch.claims().stream()
        .map(c -> c.insuredId() + " total " + c.total() + " fund " + c.fundPaid() + " cash " + c.cashPaid()).toList());
    Statistics.label("states").collect(plan.prefixStages().isPresent() ? "prefix" : "layers");
    Statistics.label("outcome").collect(outcome);
  }
}
