package org.cosettle.crypto.bfv;

/**
 * The negacyclic number-theoretic transform of length n modulo one prime, with Harvey's lazy
 * butterflies: values stay in [0, 4q) between stages and each twiddle product is a Shoup
 * multiplication by a precomputed constant (two multiplications, no division).
 *
 * <p>The forward transform evaluates a(X) at ψ^(2·rev(i)+1) into position i, where ψ is a
 * primitive 2n-th root of unity and rev reverses log2(n) bits; inputs and outputs are in [0, q).
 */
final class NttTables {
  final Modulus modulus;
  final int n;
  final int logN;
  final long psi;
  private final long[] roots;
  private final long[] rootsShoup;
  private final long[] inverseRoots;
  private final long[] inverseRootsShoup;
  private final long inverseN;
  private final long inverseNShoup;
  /** inverseRoots[1]·n^{-1}, the twiddle of the last inverse stage with the 1/n folded in. */
  private final long lastRootOverN;
  private final long lastRootOverNShoup;

  NttTables(Modulus modulus, int n) {
    if (Integer.bitCount(n) != 1 || n < 4) {
      throw new IllegalArgumentException("n must be a power of two, at least 4: " + n);
    }
    if ((modulus.value - 1) % (2L * n) != 0) {
      throw new IllegalArgumentException(modulus + " is not 1 mod " + 2 * n);
    }
    this.modulus = modulus;
    this.n = n;
    this.logN = Integer.numberOfTrailingZeros(n);
    this.psi = Primes.primitiveRoot2n(modulus, n);
    long psiInverse = modulus.inverse(psi);
    roots = new long[n];
    rootsShoup = new long[n];
    inverseRoots = new long[n];
    inverseRootsShoup = new long[n];
    long power = 1;
    long inversePower = 1;
    for (int i = 0; i < n; i++) {
      int r = reverseBits(i, logN);
      roots[r] = power;
      inverseRoots[r] = inversePower;
      power = modulus.multiply(power, psi);
      inversePower = modulus.multiply(inversePower, psiInverse);
    }
    for (int i = 0; i < n; i++) {
      rootsShoup[i] = modulus.shoup(roots[i]);
      inverseRootsShoup[i] = modulus.shoup(inverseRoots[i]);
    }
    inverseN = modulus.inverse(n);
    inverseNShoup = modulus.shoup(inverseN);
    lastRootOverN = modulus.multiply(inverseRoots[1], inverseN);
    lastRootOverNShoup = modulus.shoup(lastRootOverN);
  }

  static int reverseBits(int value, int bits) {
    return bits == 0 ? 0 : Integer.reverse(value) >>> (32 - bits);
  }

  /**
   * In-place forward transform of a[offset, offset + n). Stages are taken two at a time (a
   * radix-4 pass over four quarter-blocks), which halves the loads and stores; an odd first stage
   * runs alone.
   */
  void forward(long[] a, int offset) {
    final long q = modulus.value;
    final long twoQ = 2 * q;
    int m = 1;
    int half = n >> 1;
    if ((logN & 1) == 1) {
      final long w = roots[1];
      final long wShoup = rootsShoup[1];
      for (int j = offset; j < offset + half; j++) {
        long x = a[j];
        long y = a[j + half];
        long quotient = Math.multiplyHigh(wShoup, y) + ((wShoup >> 63) & y);
        long t = w * y - quotient * q;
        a[j] = x + t;
        a[j + half] = x - t + twoQ;
      }
      m = 2;
      half >>= 1;
    }
    for (; m < n; m <<= 2, half >>= 2) {
      final int quarter = half >> 1;
      for (int i = 0; i < m; i++) {
        final long w1 = roots[m + i];
        final long w1Shoup = rootsShoup[m + i];
        final long w2 = roots[2 * m + 2 * i];
        final long w2Shoup = rootsShoup[2 * m + 2 * i];
        final long w3 = roots[2 * m + 2 * i + 1];
        final long w3Shoup = rootsShoup[2 * m + 2 * i + 1];
        final int start = offset + 2 * i * half;
        final int end = start + quarter;
        for (int j = start; j < end; j++) {
          long x0 = a[j];
          long x1 = a[j + quarter];
          long x2 = a[j + half];
          long x3 = a[j + half + quarter];
          // first stage: (x0, x2) and (x1, x3) by w1
          x0 -= twoQ & ~((x0 - twoQ) >> 63);
          x1 -= twoQ & ~((x1 - twoQ) >> 63);
          long t = w1 * x2 - (Math.multiplyHigh(w1Shoup, x2) + ((w1Shoup >> 63) & x2)) * q;
          long u = w1 * x3 - (Math.multiplyHigh(w1Shoup, x3) + ((w1Shoup >> 63) & x3)) * q;
          x2 = x0 - t + twoQ;
          x0 = x0 + t;
          x3 = x1 - u + twoQ;
          x1 = x1 + u;
          // second stage: (x0, x1) by w2 and (x2, x3) by w3
          x0 -= twoQ & ~((x0 - twoQ) >> 63);
          x2 -= twoQ & ~((x2 - twoQ) >> 63);
          t = w2 * x1 - (Math.multiplyHigh(w2Shoup, x1) + ((w2Shoup >> 63) & x1)) * q;
          u = w3 * x3 - (Math.multiplyHigh(w3Shoup, x3) + ((w3Shoup >> 63) & x3)) * q;
          a[j] = x0 + t;
          a[j + quarter] = x0 - t + twoQ;
          a[j + half] = x2 + u;
          a[j + half + quarter] = x2 - u + twoQ;
        }
      }
    }
    final int end = offset + n;
    for (int j = offset; j < end; j++) {
      long x = a[j];
      x -= twoQ & ~((x - twoQ) >> 63);
      a[j] = x - (q & ~((x - q) >> 63));
    }
  }

  /** In-place inverse transform of a[offset, offset + n), including the factor 1/n. */
  void inverse(long[] a, int offset) {
    final long q = modulus.value;
    final long twoQ = 2 * q;
    // first stage: one butterfly per root on adjacent pairs
    int half = n >> 1;
    for (int i = 0; i < half; i++) {
      final long w = inverseRoots[half + i];
      final long wShoup = inverseRootsShoup[half + i];
      final int j = offset + 2 * i;
      long u = a[j];
      long v = a[j + 1];
      long sum = u + v;
      sum -= twoQ & ~((sum - twoQ) >> 63);
      long difference = u - v + twoQ;
      long quotient = Math.multiplyHigh(wShoup, difference) + ((wShoup >> 63) & difference);
      a[j] = sum;
      a[j + 1] = w * difference - quotient * q;
    }
    int span = 2;
    for (int m = n >> 1; m > 2; m >>= 1) {
      half = m >> 1;
      int start = offset;
      for (int i = 0; i < half; i++) {
        final long w = inverseRoots[half + i];
        final long wShoup = inverseRootsShoup[half + i];
        final int end = start + span;
        for (int j = start; j < end; j++) {
          long u = a[j];
          long v = a[j + span];
          long sum = u + v;
          sum -= twoQ & ~((sum - twoQ) >> 63);
          long difference = u - v + twoQ;
          long quotient = Math.multiplyHigh(wShoup, difference) + ((wShoup >> 63) & difference);
          a[j] = sum;
          a[j + span] = w * difference - quotient * q;
        }
        start += 2 * span;
      }
      span <<= 1;
    }
    // last stage (one root) fused with the factor 1/n: (u + v)/n and (u − v)·w/n
    final long scaledRoot = lastRootOverN;
    final long scaledRootShoup = lastRootOverNShoup;
    final int end = offset + span;
    for (int j = offset; j < end; j++) {
      long u = a[j];
      long v = a[j + span];
      a[j] = modulus.multiplyShoup(u + v, inverseN, inverseNShoup);
      a[j + span] = modulus.multiplyShoup(u - v + twoQ, scaledRoot, scaledRootShoup);
    }
  }
}
