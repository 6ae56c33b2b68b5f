package org.cosettle.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

/**
 * One main iteration at the published size (10,805,248 COTs, 173 MB per party): a call for at
 * least half a main iteration's yield runs IKNP, one bootstrap iteration to fill the main reserve
 * and one main iteration. Every output handed out is checked, and the bytes on the wire.
 */
class SilentOtFullSizeTest {
  @Test
  void oneMainIterationAtThePublishedSize() {
    // the main set runs for calls of at least half its yield: 42,821 from the bootstrap iteration
    // that fills the main reserve, then 5.1 M of the main iteration
    int count = FerretParameters.BOOTSTRAP.n() - FerretParameters.MAIN.reserve() + 5_100_000;
    long[] afterSetup = new long[1];
    var run = TwoParty.run(
        channel -> {
          SilentOtSender sender = SilentOtSender.setUp(channel, Prg.create());
          afterSetup[0] = sender.bytesTransferred();
          CorrelatedOtSenderOutput cots = sender.correlatedOts(count);
          return new Object[] {cots, sender.iterations(), sender.bytesTransferred() - afterSetup[0]};
        },
        channel -> SilentOtReceiver.setUp(channel, Prg.create()).correlatedOts(count));
    CorrelatedOtSenderOutput sent = (CorrelatedOtSenderOutput) run.first()[0];
    assertEquals(0, SilentOtTest.brokenCorrelations(sent, run.second()));
    assertArrayEquals(new int[] {1, 1}, (int[]) run.first()[1], "one main and one bootstrap iteration");
    long bytes = (long) run.first()[2];
    long iknp = 16L * 47_744; // 47,709 COTs, columns padded to whole words in 3 chunks
    long trees = 8L * (1_269 * Ferret.longsPerTree(9) + 1_319 * Ferret.longsPerTree(13));
    assertEquals(2 * 16 + iknp + trees, bytes);
    // every COT after the first iteration costs what the main trees cost
    int handedOut = FerretParameters.MAIN.n() - FerretParameters.MAIN.reserve();
    double perCot = 8.0 * 1_319 * Ferret.longsPerTree(13) / handedOut;
    assertTrue(perCot < 0.06, "bytes per COT in steady state: " + perCot);
  }
}
