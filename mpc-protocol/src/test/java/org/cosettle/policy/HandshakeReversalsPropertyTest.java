package org.cosettle.policy;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.core.Claim;

/**
 * Batches with reversals in handshake mode against the plaintext evaluator, on random policies
 * ({@link HandshakePropertyTest#generate}) and random batches with reversals put in ({@link
 * BatchGenerator#withReversals}): every output, state and aggregate row equal to the unit, a batch
 * the plaintext evaluator rejects refused. Every other batch is cut into small slices, so that
 * slices with and without reversals (layers and prefix runs) meet in one batch.
 */
class HandshakeReversalsPropertyTest {
  @Property(tries = 80, shrinking = ShrinkingMode.OFF)
  void batchesWithReversalsSettleAsInPlaintextMode(@ForAll long seed) throws Exception {
    String outcome = "failed";
    try {
      HandshakePropertyTest.Generated generated = HandshakePropertyTest.generate(seed);
      if (generated.compiled() == null) {
        outcome = "rejected by check";
        return;
      }
      BatchGenerator.Batch batch = BatchGenerator.withReversals(new Random(seed * 31), generated.batch());
      long budget = (seed & 1) == 0 ? 0 : 20_000;
      outcome = HandshakePropertyTest.settleAndCompare(generated.compiled(), batch, problem -> ReferencePropertyTest
          .report("seed " + seed + " with reversals", generated.policy(), batch, problem), budget).outcome();
      if (batch.claims().stream().anyMatch(Claim::isReversal)) {
        outcome += " (with reversals)";
      }
    } finally {
      Statistics.label("outcome").collect(outcome);
    }
  }
}
