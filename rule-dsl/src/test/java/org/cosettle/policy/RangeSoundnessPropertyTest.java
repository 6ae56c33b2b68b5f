package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * Spec §3: {@code check} rejects a policy whose per-claim values could leave 64 bits for inputs
 * within their bounds. Random policies here may reach 2^70, and the batches sit at the bounds; a
 * policy that {@code check} accepts must never overflow in the reference, and the evaluator must
 * still agree with the reference there.
 */
class RangeSoundnessPropertyTest {
  private static final BigInteger UNBOUNDED = BigInteger.ONE.shiftLeft(70);

  @Property(tries = 500, shrinking = ShrinkingMode.OFF)
  void acceptedPoliciesNeverOverflowForInputsAtTheirBounds(@ForAll long seed) {
    ReferencePropertyTest.cases(seed, RangeSoundnessPropertyTest::check);
  }

  static String check(long seed) {
    GenPolicy policy = PolicyGenerator.generate(new Random(seed), UNBOUNDED);
    CompiledPolicy compiled = ReferencePropertyTest.compile(seed, policy);
    if (compiled == null) {
      return ReferencePropertyTest.REJECTED;
    }
    BatchGenerator.Batch batch = BatchGenerator.extreme(new Random(~seed), ReferencePropertyTest.stateNames(policy),
        ReferencePropertyTest.privateTypes(policy), ReferencePropertyTest.tableShapes(compiled));
    ReferenceEvaluator.Outcome expected =
        ReferenceEvaluator.evaluate(policy, batch.claims(), batch.insured(), batch.privateParams(), batch.tables());
    if (expected.error() != null && expected.error().startsWith("claim ") && expected.error().contains("exceeds 64 bits")) {
      fail(ReferencePropertyTest.report("seed " + seed, policy, batch,
          "check accepted a policy that overflows for inputs within their bounds: " + expected.error()));
    }
    return ReferencePropertyTest.compare("seed " + seed, policy, compiled, batch);
  }
}
