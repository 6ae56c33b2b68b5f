package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * Handshake mode against the plaintext evaluator on random policies over insured fields of every
 * type, per-person code sets (the data holder's code against the insurer's set, on shares) and
 * int, bool and money states ({@link InsuredFieldPolicies}); the plaintext results are checked
 * against the plain-Java oracle first. A policy that tests item codes against a person's set is
 * refused (an item-level value needing both parties' data) and counted.
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
    String outcome = HandshakePropertyTest.settleAndCompare(policy, c.batch(),
        problem -> "seed " + seed + ": " + problem + "\n" + InsuredFieldPolicies.describe(c));
    Statistics.label("outcome").collect(outcome);
  }
}
