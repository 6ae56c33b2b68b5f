package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * The plaintext evaluator against a plain-Java oracle on random policies over insured fields of
 * every type, an enum, a code set with prefixes (also per line item) and int, bool and money
 * states ({@link InsuredFieldPolicies}): every output of every claim, every state after the batch
 * and the sums by the enum field, to the unit. The oracle tests membership by exact prefix matching, so this also checks
 * the fingerprint equalities the code set test is lowered to.
 */
class InsuredFieldsPropertyTest {
  @Property(tries = 300, shrinking = ShrinkingMode.OFF)
  void plaintextEqualsTheOracle(@ForAll long seed) throws Exception {
    InsuredFieldPolicies.Case c = InsuredFieldPolicies.generate(new Random(seed));
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(c.text());
    BatchResult r = Evaluator.evaluate(policy, c.batch().claims(), c.batch().insured(), new long[0]);
    String context = "seed " + seed + "\n" + InsuredFieldPolicies.describe(c);
    for (int claim = 0; claim < c.outputs().length; claim++) {
      for (int o = 0; o < c.outputs()[claim].length; o++) {
        assertEquals(c.outputs()[claim][o], r.output(claim, o), "claim " + claim + " output " + o + "\n" + context);
      }
    }
    if (c.aggregates() != null) {
      assertEquals(c.aggregates(), r.aggregatesCsv(), context);
    }
    for (int p = 0; p < c.states().length; p++) {
      for (int s = 0; s < 3; s++) {
        assertEquals(c.states()[p][s], r.state(p, s), "person " + p + " state " + s + "\n" + context);
      }
    }
  }
}
