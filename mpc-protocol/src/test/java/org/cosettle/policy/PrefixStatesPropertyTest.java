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
 * saturating deductibles, caps, floors, clamps with steps of either sign, chained states, and near
 * misses outside every family)
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
    Statistics.label("states").collect(plan.prefixStages().isEmpty() ? "layers"
        : plan.prefixStages().get().stream().anyMatch(f -> f.kind() == org.cosettle.policy.ir.StateFamilies.Kind.CLAMPED)
        ? "prefix, with a clamp scan" : "prefix");
    Statistics.label("outcome").collect(outcome);
  }

  /** The same on policies that have a clamp scan: steps of either sign between a floor and a ceiling. */
  @Property(tries = 25, shrinking = ShrinkingMode.OFF)
  void clampScansEqualThePlaintextEvaluator(@ForAll long seed) throws Exception {
    Random rnd = new Random(seed);
    for (int attempt = 0; attempt < 200; attempt++) {
      String text = RunningTotalPolicies.policy(rnd);
      CompiledPolicy policy = Policies.compile(new Source("running.cpl", text)).policy();
      Plan plan = Planner.plan(policy);
      if (plan.prefixStages().isEmpty() || plan.prefixStages().get().stream()
          .noneMatch(f -> f.kind() == org.cosettle.policy.ir.StateFamilies.Kind.CLAMPED)) {
        continue;
      }
      BatchGenerator.Batch batch = RunningTotalPolicies.batch(rnd);
      String outcome = HandshakePropertyTest.settleAndCompare(policy, batch, problem -> "seed " + seed + ": " + problem
          + "\n" + text + "\n" + plan.render());
      Statistics.label("outcome").collect(outcome);
      Statistics.label("busiest person").collect(batch.claims().stream()
          .collect(java.util.stream.Collectors.groupingBy(c -> c.insuredId(), java.util.stream.Collectors.counting()))
          .values().stream().mapToLong(Long::longValue).max().orElse(0) >= 20 ? "20 claims or more" : "fewer");
      return;
    }
    throw new AssertionError("seed " + seed + ": no policy with a clamp scan in 200 attempts");
  }
}
