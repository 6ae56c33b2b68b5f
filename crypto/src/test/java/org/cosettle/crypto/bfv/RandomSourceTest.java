package org.cosettle.crypto.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomSourceTest {

  @Test
  void aSeedDeterminesTheStreamAndSecureStreamsDiffer() {
    byte[] seed = new byte[RandomSource.SEED_BYTES];
    seed[3] = 9;
    byte[] first = new byte[10_000];
    byte[] second = new byte[10_000];
    RandomSource.fromSeed(seed).nextBytes(first);
    RandomSource.fromSeed(seed).nextBytes(second);
    assertArrayEquals(first, second);
    assertEquals(9, seed[3], "the caller's seed array is not wiped or kept");
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    RandomSource.secure().nextBytes(a);
    RandomSource.secure().nextBytes(b);
    assertFalse(Arrays.equals(a, b));
    assertThrows(IllegalArgumentException.class, () -> RandomSource.fromSeed(new byte[16]));
  }

  @Test
  void boundedValuesCoverTheRangeEvenly() {
    RandomSource random = BfvFixture.seeded(1);
    int[] counts = new int[7];
    for (int i = 0; i < 70_000; i++) {
      counts[(int) random.nextBelow(7)]++;
    }
    for (int count : counts) {
      assertTrue(Math.abs(count - 10_000) < 500, Arrays.toString(counts));
    }
    assertEquals(0, random.nextBelow(1));
    assertThrows(IllegalArgumentException.class, () -> random.nextBelow(0));
  }

  @Test
  void samplersHaveTheirDistributions() {
    RandomSource random = BfvFixture.seeded(2);
    byte[] ternary = Sampler.ternary(random, 30_000);
    int[] trits = new int[3];
    for (byte v : ternary) {
      trits[v + 1]++;
    }
    for (int count : trits) {
      assertTrue(Math.abs(count - 10_000) < 500, Arrays.toString(trits));
    }
    int[] errors = Sampler.error(random, 100_000);
    double sumOfSquares = 0;
    for (int e : errors) {
      assertTrue(Math.abs(e) <= Sampler.BINOMIAL_COINS);
      sumOfSquares += (double) e * e;
    }
    double variance = sumOfSquares / errors.length;
    assertTrue(Math.abs(variance - 10.5) < 0.3, "variance " + variance);
  }
}
