package org.cosettle.crypto.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.cosettle.crypto.ChiSquare;
import org.junit.jupiter.api.Test;

/** {@link BfvEvaluator#addUniformNoise}: the added noise is exactly uniform on the stated range. */
class BfvFloodingTest {
  @Test
  void addedNoiseIsUniformOnItsRangeForOneAndSeveralWords() {
    BfvFixture f = BfvFixture.n8192();
    long[] values = f.randomSlots(BfvFixture.seeded(5));
    BfvCiphertext x = f.encryptSymmetric(values);
    for (int bits : new int[] {20, 63, 64, 100, 130}) {
      BfvCiphertext flooded = f.bfv.evaluator().addUniformNoise(x, bits, f.random);
      assertArrayEquals(x.polys[1], flooded.polys[1], "only the first component changes");
      BigInteger[] noise = difference(f.bfv, flooded.polys[0], x.polys[0], x.level);
      BigInteger low = BigInteger.ONE.shiftLeft(bits).negate();
      BigInteger high = BigInteger.ONE.shiftLeft(bits);
      long[] buckets = new long[32];
      boolean nearTop = false;
      boolean nearBottom = false;
      for (BigInteger e : noise) {
        assertTrue(e.compareTo(low) >= 0 && e.compareTo(high) < 0, bits + "-bit noise out of range: " + e);
        buckets[e.subtract(low).shiftRight(bits + 1 - 5).intValueExact()]++;
        nearTop |= e.compareTo(high.shiftRight(1)) > 0;
        nearBottom |= e.compareTo(low.shiftRight(1)) < 0;
      }
      assertTrue(nearTop && nearBottom, "the noise spans the range at " + bits + " bits");
      assertTrue(Math.abs(ChiSquare.zScore(buckets)) < 6, "uniform at " + bits + " bits");
      if (bits + 1 + 20 < 174 - 20) {
        assertArrayEquals(values, f.decrypt(flooded), "the message survives " + bits + " bits of flooding");
      }
    }
  }

  @Test
  void theBudgetDropsByTheFloodingBits() {
    BfvFixture f = BfvFixture.n8192();
    BfvCiphertext x = f.encryptSymmetric(f.randomSlots(BfvFixture.seeded(6)));
    int before = f.budget(x);
    int after = f.budget(f.bfv.evaluator().addUniformNoise(x, 100, f.random));
    // the budget is log2 Q − log2 t − log2 max|noise| − 1 up to rounding: Q has 174 bits, t 20
    assertTrue(before > 140, "fresh budget " + before);
    assertTrue(Math.abs(after - (174 - 20 - 100 - 1)) <= 2, "budget after flooding " + after);
  }

  @Test
  void rejectsBitsOutsideItsRange() {
    BfvFixture f = BfvFixture.N4096;
    BfvCiphertext x = f.encryptSymmetric(new long[] {1});
    BfvEvaluator evaluator = f.bfv.evaluator();
    assertThrows(IllegalArgumentException.class, () -> evaluator.addUniformNoise(x, 0, f.random));
    assertThrows(IllegalArgumentException.class,
        () -> evaluator.addUniformNoise(x, BfvEvaluator.MAX_FLOODING_BITS + 1, f.random));
    assertThrows(IllegalArgumentException.class, () -> evaluator.addUniformNoise(x, 10, null));
    assertEquals(1, f.decrypt(evaluator.addUniformNoise(x, 10, f.random))[0]);
  }

  /** (a − b) per coefficient, as centred integers modulo the product of the first k primes. */
  private static BigInteger[] difference(BfvContext bfv, long[] a, long[] b, int k) {
    int n = bfv.n;
    BigInteger modulus = BigInteger.ONE;
    for (int i = 0; i < k; i++) {
      modulus = modulus.multiply(BigInteger.valueOf(bfv.chain[i].value));
    }
    BigInteger[] result = new BigInteger[n];
    for (int c = 0; c < n; c++) {
      BigInteger value = BigInteger.ZERO;
      for (int i = 0; i < k; i++) {
        BigInteger q = BigInteger.valueOf(bfv.chain[i].value);
        BigInteger rest = modulus.divide(q);
        BigInteger residue = BigInteger.valueOf(Math.floorMod(a[i * n + c] - b[i * n + c], bfv.chain[i].value));
        value = value.add(residue.multiply(rest.modInverse(q)).multiply(rest));
      }
      value = value.mod(modulus);
      if (value.compareTo(modulus.shiftRight(1)) > 0) {
        value = value.subtract(modulus);
      }
      result[c] = value;
    }
    return result;
  }
}
