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

  /** In-place forward transform of a[offset, offset + n). */
  void forward(long[] a, int offset) {
    final long q = modulus.value;
    final long twoQ = 2 * q;
    int half = n;
    int m = 1;
    // all stages but the last: blocks of at least two butterflies
    for (; m < n / 2; m <<= 1) {
      half >>= 1;
      for (int i = 0; i < m; i++) {
        final long w = roots[m + i];
        final long wShoup = rootsShoup[m + i];
        final int start = offset + 2 * i * half;
        final int end = start + half;
        for (int j = start; j < end; j++) {
          long x = a[j];
          x -= twoQ & ~((x - twoQ) >> 63);
          long y = a[j + half];
          long quotient = Math.multiplyHigh(wShoup, y) + ((wShoup >> 63) & y);
          long t = w * y - quotient * q;
          a[j] = x + t;
          a[j + half] = x - t + twoQ;
        }
      }
    }
    // last stage: one butterfly per root, fused with the final reduction to [0, q)
    for (int i = 0; i < m; i++) {
      final long w = roots[m + i];
      final long wShoup = rootsShoup[m + i];
      final int j = offset + 2 * i;
      long x = a[j];
      x -= twoQ & ~((x - twoQ) >> 63);
      long y = a[j + 1];
      long quotient = Math.multiplyHigh(wShoup, y) + ((wShoup >> 63) & y);
      long t = w * y - quotient * q;
      long sum = x + t;
      long difference = x - t + twoQ;
      sum -= twoQ & ~((sum - twoQ) >> 63);
      difference -= twoQ & ~((difference - twoQ) >> 63);
      a[j] = sum - (q & ~((sum - q) >> 63));
      a[j + 1] = difference - (q & ~((difference - q) >> 63));
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
