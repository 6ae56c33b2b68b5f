package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.mpc.plan.Planner;

/**
 * Handshake mode against the plaintext evaluator on random policies that look the claim's code,
 * and each line item's code in the batch's item rows, up in private tables and private code sets (present and absent codes, prefix elements, "*",
 * defaults, empty tables and sets): every result equal to the unit, as {@link
 * HandshakePropertyTest} compares them. Each try runs the HE lookup's setup, so the tries are few.
 */
class HandshakeLookupPropertyTest {
  private static int withLookups;

  @Property(tries = 12, shrinking = ShrinkingMode.OFF)
  void claimLevelLookupsEqualThePlaintextEvaluators(@ForAll long seed) throws Exception {
    String outcome = "failed";
    try {
      HandshakePropertyTest.Generated g = HandshakePropertyTest.generate(seed,
          PolicyGenerator.withClaimLookups(new Random(seed)));
      if (g.compiled() == null) {
        outcome = "rejected by check";
        return;
      }
      int lookups = Planner.plan(g.compiled()).lookups().size();
      outcome = HandshakePropertyTest.settleAndCompare(g.compiled(), g.batch(),
          problem -> ReferencePropertyTest.report("seed " + seed, g.policy(), g.batch(), problem))
          + (lookups > 0 ? " with lookups" : "");
      if (lookups > 0 && outcome.startsWith("equal")) {
        withLookups++;
      }
    } finally {
      Statistics.label("outcome").collect(outcome);
    }
  }

  @Property(tries = 12, shrinking = ShrinkingMode.OFF)
  void itemLevelLookupsEqualThePlaintextEvaluators(@ForAll long seed) throws Exception {
    String outcome = "failed";
    try {
      HandshakePropertyTest.Generated g = HandshakePropertyTest.generate(seed,
          PolicyGenerator.withItemLookups(new Random(seed)));
      if (g.compiled() == null) {
        outcome = "rejected by check";
        return;
      }
      long perItem = Planner.plan(g.compiled()).lookups().stream().filter(l -> l.perItem()).count();
      outcome = HandshakePropertyTest.settleAndCompare(g.compiled(), g.batch(),
          problem -> ReferencePropertyTest.report("seed " + seed, g.policy(), g.batch(), problem))
          + (perItem > 0 ? " with item lookups" : "");
      if (perItem > 0 && outcome.startsWith("equal")) {
        withItemLookups++;
      }
    } finally {
      Statistics.label("outcome").collect(outcome);
    }
  }

  private static int withItemLookups;

  @AfterContainer
  static void someTriesLookedUp() {
    assertTrue(withLookups > 0, "no try settled a policy with a private lookup");
    assertTrue(withItemLookups > 0, "no try settled a policy with a private lookup per item");
  }
}
