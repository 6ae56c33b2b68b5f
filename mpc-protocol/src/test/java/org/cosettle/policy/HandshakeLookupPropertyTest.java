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
    if (settle(seed, PolicyGenerator.withClaimLookups(new Random(seed)), false)) {
      withLookups++;
    }
  }

  @Property(tries = 8, shrinking = ShrinkingMode.OFF)
  void itemLevelLookupsEqualThePlaintextEvaluators(@ForAll long seed) throws Exception {
    // the first of up to 30 policies drawn from the seed that looks an item's code up (most do not)
    Random rnd = new Random(seed);
    GenPolicy policy = PolicyGenerator.withItemLookups(rnd);
    for (int attempt = 0; attempt < 30 && !looksUpPerItem(seed, policy); attempt++) {
      policy = PolicyGenerator.withItemLookups(rnd);
    }
    if (settle(seed, policy, true)) {
      withItemLookups++;
    }
  }

  private static int withItemLookups;

  private static boolean looksUpPerItem(long seed, GenPolicy policy) {
    org.cosettle.policy.CompiledPolicy compiled = ReferencePropertyTest.compile(seed, policy);
    return compiled != null && Planner.plan(compiled).lookups().stream().anyMatch(l -> l.perItem());
  }

  /** Settles the policy both ways and compares; whether it looked up (per item when {@code perItem}) and was equal. */
  private static boolean settle(long seed, GenPolicy policy, boolean perItem) throws Exception {
    String outcome = "failed";
    try {
      HandshakePropertyTest.Generated g = HandshakePropertyTest.generate(seed, policy);
      if (g.compiled() == null) {
        outcome = "rejected by check";
        return false;
      }
      long lookups = Planner.plan(g.compiled()).lookups().stream().filter(l -> !perItem || l.perItem()).count();
      outcome = HandshakePropertyTest.settleAndCompare(g.compiled(), g.batch(),
          problem -> ReferencePropertyTest.report("seed " + seed, g.policy(), g.batch(), problem))
          + (lookups > 0 ? perItem ? " with item lookups" : " with lookups" : "");
      return lookups > 0 && outcome.startsWith("equal");
    } finally {
      Statistics.label("outcome").collect(outcome);
    }
  }

  @AfterContainer
  static void someTriesLookedUp() {
    assertTrue(withLookups > 0, "no try settled a policy with a private lookup");
    assertTrue(withItemLookups > 0, "no try settled a policy with a private lookup per item");
  }
}
