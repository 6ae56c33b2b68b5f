package org.cosettle.crypto.bfv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BfvRotationTest {
  private static final BfvFixture F = BfvFixture.N4096;
  private static final BfvEvaluator EVAL = F.bfv.evaluator();
  private static final int HALF = 2048;
  /** At the default 2000 tries a representative set of steps; a long run (-Dcosettle.fuzz.tries=100000) covers every step. */
  private static final boolean EVERY_STEP = Integer.getInteger("cosettle.fuzz.tries", 2000) > 2000;
  private static final long[] VALUES = F.randomSlots(BfvFixture.seeded(77));
  private static final BfvCiphertext CT = F.encrypt(VALUES);

  private static void assertRotated(long[] original, long[] rotated, int step) {
    for (int i = 0; i < original.length; i++) {
      int row = i / HALF;
      int column = Math.floorMod(i % HALF + step, HALF);
      assertEquals(original[row * HALF + column], rotated[i], "step " + step + ", slot " + i);
    }
  }

  @Test
  void rowRotationsByRepresentativeOrEveryStep() {
    int[] steps = EVERY_STEP
        ? IntStream.rangeClosed(-HALF, HALF).toArray()
        : new int[] {1, 2, 3, 5, 7, 11, 100, 511, 683, 1023, 1024, 1025, 1365, 2047, -1, -2, -3, -1000, -2047};
    BfvGaloisKeys keys = F.galoisKeys();
    for (int step : steps) {
      assertRotated(VALUES, F.decrypt(EVAL.rotateRows(CT, step, keys)), step);
    }
  }

  @Test
  void zeroAndFullTurnsAreTheIdentity() {
    assertSame(CT, EVAL.rotateRows(CT, 0, F.galoisKeys()));
    assertSame(CT, EVAL.rotateRows(CT, HALF, F.galoisKeys()));
    assertSame(CT, EVAL.rotateRows(CT, -2 * HALF, F.galoisKeys()));
  }

  @Test
  void columnSwapExchangesTheRows() {
    long[] swapped = F.decrypt(EVAL.rotateColumns(CT, F.galoisKeys()));
    for (int i = 0; i < VALUES.length; i++) {
      assertEquals(VALUES[(i + HALF) % VALUES.length], swapped[i]);
    }
  }

  @Test
  void aKeyForExactlyOneStepIsUsedDirectlyAndOthersAreRefused() {
    BfvGaloisKeys only = F.bfv.keyGenerator().galoisKeys(F.secret, new int[] {37}, false, F.random);
    assertRotated(VALUES, F.decrypt(EVAL.rotateRows(CT, 37, only)), 37);
    assertThrows(IllegalArgumentException.class, () -> EVAL.rotateRows(CT, 1, only));
    assertThrows(IllegalArgumentException.class, () -> EVAL.rotateColumns(CT, only));
  }

  @Test
  void rotationsComposeWithArithmetic() {
    long[] y = F.randomSlots(BfvFixture.seeded(78));
    BfvCiphertext sum = EVAL.add(EVAL.rotateRows(CT, 3, F.galoisKeys()), F.encrypt(y));
    long[] got = F.decrypt(EVAL.multiply(sum, sum, F.relinKeys()));
    for (int i = 0; i < HALF; i++) {
      long s = (VALUES[(i + 3) % HALF] + y[i]) % F.t;
      assertEquals(F.mulMod(s, s), got[i]);
    }
  }

  /** The key-switch output decrypts under s to d·s' plus a noise far below the modulus. */
  @Test
  void keySwitchingTurnsAComponentUnderSPrimeIntoOneUnderS() {
    BfvContext bfv = F.bfv;
    int n = bfv.n;
    int element = 2 * n - 1;
    int k = bfv.maxLevel;
    long[] d = Sampler.uniform(BfvFixture.seeded(5), bfv.chain, k, n);
    long[][] switched = new KeySwitcher(bfv).apply(d, k, F.galoisKeys().key(element));
    long[] sPrime = Sampler.lift(Sampler.widen(F.secret.coefficients), bfv.chain, k);
    sPrime = bfv.applyGalois(sPrime, k, element);
    bfv.forward(sPrime, k);
    long[] a = switched[1].clone();
    long[] dNtt = d.clone();
    bfv.forward(a, k);
    bfv.forward(dNtt, k);
    long[] difference = new long[k * n];
    for (int limb = 0; limb < k; limb++) {
      Modulus q = bfv.chain[limb];
      for (int c = limb * n; c < (limb + 1) * n; c++) {
        difference[c] = q.subtract(q.multiply(a[c], F.secret.ntt[c]), q.multiply(dNtt[c], sPrime[c]));
      }
    }
    bfv.inverse(difference, k);
    RnsConverter centred = bfv.levels[k].toPlain;
    BigInteger largest = BigInteger.ZERO;
    for (int c = 0; c < n; c++) {
      long[] coefficient = new long[k * n];
      for (int limb = 0; limb < k; limb++) {
        Modulus q = bfv.chain[limb];
        coefficient[limb * n + c] = q.add(difference[limb * n + c], switched[0][limb * n + c]);
      }
      largest = largest.max(centred.centredValue(coefficient, 0, n, c).abs());
    }
    // the error is about Σ d_i·e_i / P plus rounding: a few hundred, against Q ≈ 2^72
    assertTrue(largest.bitLength() < 16, "key-switching error of " + largest.bitLength() + " bits");
  }
}
