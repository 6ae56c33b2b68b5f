package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.mpc.plan.AggregateCosts;

/**
 * Handshake mode against the plaintext evaluator on random policies over insured fields of every
 * type, per-person code sets (the data holder's code against the insurer's set, on shares) and
 * int, bool and money states, item codes against a person's set on padded item rows, and sums by
 * the insurer's enum field under either construction ({@link InsuredFieldPolicies}); the
 * plaintext results are checked against the plain-Java oracle first.
 */
class InsuredFieldsHandshakeTest {
  @Property(tries = 25, shrinking = ShrinkingMode.OFF)
  void handshakeEqualsPlaintextAndTheOracle(@ForAll long seed) throws Exception {
    InsuredFieldPolicies.Case c = InsuredFieldPolicies.generate(new Random(seed));
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(c.text());
    BatchResult plaintext = Evaluator.evaluate(policy, c.batch().claims(), c.batch().insured(), new long[0]);
    for (int claim = 0; claim < c.outputs().length; claim++) {
      for (int o = 0; o < c.outputs()[claim].length; o++) {
        assertEquals(c.outputs()[claim][o], plaintext.output(claim, o), "seed " + seed);
      }
    }
    if (c.aggregates() != null) {
      assertEquals(c.aggregates(), plaintext.aggregatesCsv(), "seed " + seed);
      for (AggregateCosts.Construction how : AggregateCosts.Construction.values()) {
        String outcome = HandshakePropertyTest.settleAndCompare(policy, c.batch(), problem -> "seed " + seed + " with "
            + how + ": " + problem + "\n" + InsuredFieldPolicies.describe(c), 0, how).outcome();
        Statistics.label("outcome").collect(outcome + ", by_plan by " + how);
      }
      return;
    }
    String outcome = HandshakePropertyTest.settleAndCompare(policy, c.batch(),
        problem -> "seed " + seed + ": " + problem + "\n" + InsuredFieldPolicies.describe(c));
    Statistics.label("outcome").collect(outcome);
  }
}
