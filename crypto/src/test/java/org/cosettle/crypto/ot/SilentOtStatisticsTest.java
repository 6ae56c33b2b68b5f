package org.cosettle.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Statistics of silent OT outputs (test parameters, 2<sup>20</sup> COTs over many iterations): the
 * receiver's choice bits are balanced, every bit position of the sender's q<sub>i</sub> is balanced
 * and no q<sub>i</sub> repeats. The bounds are Hoeffding's, set so that correct outputs fail with
 * probability below 2<sup>−40</sup>; each is shown to catch a planted fault.
 */
class SilentOtStatisticsTest {
  private static final int COUNT = 1 << 20;
  /** ln(2^41): two-sided Hoeffding at 2^-40. */
  private static final double LOG_TAIL = 41 * Math.log(2);

  /** Largest |ones − n/2| allowed for n fair bits, union-bounded over {@code tests} such counts. */
  static double bound(long n, int tests) {
    return Math.sqrt(n * (LOG_TAIL + Math.log(tests)) / 2);
  }

  static long ones(long[] words) {
    long ones = 0;
    for (long w : words) {
      ones += Long.bitCount(w);
    }
    return ones;
  }

  /** The largest deviation from n/2 over the 128 bit positions of the blocks. */
  static double worstPositionDeviation(long[] blocks, int n) {
    double worst = 0;
    for (int position = 0; position < 128; position++) {
      long ones = 0;
      int word = position >>> 6;
      for (int i = 0; i < n; i++) {
        ones += (blocks[2 * i + word] >>> position) & 1;
      }
      worst = Math.max(worst, Math.abs(ones - n / 2.0));
    }
    return worst;
  }

  static boolean allDistinct(long[] blocks, int n) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      if (!seen.add(blocks[2 * i] + "," + blocks[2 * i + 1])) {
        return false;
      }
    }
    return true;
  }

  @Test
  void choiceBitsAreBalanced() {
    SilentOtTest.Run run = SilentOtTest.run(new int[] {COUNT}, s -> { }, r -> { });
    long deviation = Math.abs(ones(run.received().get(0).choices()) - COUNT / 2);
    assertTrue(deviation < bound(COUNT, 1), "ones off by " + deviation);
  }

  @Test
  void theBalanceTestCatchesChoicesWithoutTheLpnSecret() {
    SilentOtTest.Run run = SilentOtTest.run(new int[] {COUNT}, s -> { }, SilentOtReceiver::plantNoSecretInChoices);
    long deviation = Math.abs(ones(run.received().get(0).choices()) - COUNT / 2);
    assertFalse(deviation < bound(COUNT, 1), "ones off by only " + deviation);
  }

  @Test
  void senderOutputsAreBalancedInEveryBitAndDistinct() {
    SilentOtTest.Run run = SilentOtTest.run(new int[] {COUNT}, s -> { }, r -> { });
    long[] q = run.sent().get(0).message0();
    assertTrue(worstPositionDeviation(q, COUNT) < bound(COUNT, 128));
    assertTrue(allDistinct(q, COUNT));
    assertEquals(0, SilentOtTest.brokenCorrelations(run.sent().get(0), run.received().get(0)));
  }

  @Test
  void theSenderOutputTestsCatchBiasedAndRepeatedOutputs() {
    SilentOtTest.Run run = SilentOtTest.run(new int[] {COUNT}, s -> { }, r -> { });
    long[] q = run.sent().get(0).message0();
    long[] biased = q.clone();
    for (int i = 0; i + 2 < biased.length; i += 2) {
      biased[i] &= q[i + 2] | 0xFFFF_FFFF_FFFF_FFFEL; // bit 0 is one with probability 1/4
    }
    assertFalse(worstPositionDeviation(biased, COUNT) < bound(COUNT, 128));
    int n = SilentOtTest.TEST_BOOTSTRAP.n() - SilentOtTest.TEST_BOOTSTRAP.reserve();
    SilentOtTest.Run sameSeed = SilentOtTest.run(new int[] {n}, s -> {
      s.mpcotOnly = true;
      s.plantSameTreeSeed();
    }, r -> r.mpcotOnly = true);
    assertFalse(allDistinct(sameSeed.sent().get(0).message0(), n));
  }
}
