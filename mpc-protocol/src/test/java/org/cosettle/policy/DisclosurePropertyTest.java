package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.fail;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.mpc.engine.DisclosureCheck;

/**
 * The leak check of {@link DisclosureCheck} on random policies and batches (the generators of the
 * plaintext evaluator's own property tests): at the data holder and at the insurer, every result
 * disclosed is one the manifest allows, and every message after the secure evaluation is accounted
 * for by one. A refused batch must have disclosed a prefix of the list (nothing, or the count of
 * state-bound violations). Few tries, so CI stays fast; {@code HandshakePropertyTest} checks the
 * values themselves on more.
 */
class DisclosurePropertyTest {
  @Property(tries = 60, shrinking = ShrinkingMode.OFF)
  void eachPartyDisclosesOnlyWhatTheManifestAllowsOnRandomPolicies(@ForAll long seed) throws Exception {
    HandshakePropertyTest.Generated generated = HandshakePropertyTest.generate(seed);
    if (generated.compiled() == null) {
      Statistics.label("outcome").collect("rejected by check");
      return;
    }
    BatchGenerator.Batch batch = generated.batch();
    DisclosureCheck.Report report = DisclosureCheck.run(generated.compiled(), batch.claims(), batch.insured(),
        batch.privateParams());
    Statistics.label("outcome").collect(report.outcome().startsWith("failed") ? "failed" : report.outcome());
    report.ways().forEach(way -> Statistics.label("results that travelled").collect(way));
    if (report.outcome().startsWith("failed") || !report.findings().isEmpty()) {
      fail(ReferencePropertyTest.report("seed " + seed, generated.policy(), batch,
          report.outcome() + "\n" + String.join("\n", report.findings())));
    }
  }
}
