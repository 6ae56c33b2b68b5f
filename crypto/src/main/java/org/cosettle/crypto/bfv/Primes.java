package org.cosettle.crypto.bfv;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** NTT-friendly primes: p ≡ 1 (mod 2n), found downward from a power of two. */
final class Primes {
  private Primes() {}

  static boolean isPrime(long candidate) {
    return candidate >= 2 && BigInteger.valueOf(candidate).isProbablePrime(128);
  }

  /**
   * The {@code count} largest primes below 2^bits that are ≡ 1 (mod 2n) and not in
   * {@code exclude}, largest first.
   */
  static List<Long> nttPrimes(int bits, int n, int count, Set<Long> exclude) {
    if (bits < 2 || bits > Modulus.MAX_BITS) {
      throw new IllegalArgumentException("prime size must be in [2, " + Modulus.MAX_BITS + "] bits: " + bits);
    }
    long step = 2L * n;
    long lowest = 1L << (bits - 1);
    List<Long> found = new ArrayList<>(count);
    long candidate = ((1L << bits) - 1) / step * step + 1;
    if (candidate >= 1L << bits) {
      candidate -= step;
    }
    for (; candidate > lowest && found.size() < count; candidate -= step) {
      if (!exclude.contains(candidate) && isPrime(candidate)) {
        found.add(candidate);
      }
    }
    if (found.size() < count) {
      throw new IllegalArgumentException(
          "not enough " + bits + "-bit primes ≡ 1 mod " + step + " (found " + found.size() + ")");
    }
    return found;
  }

  /** A primitive 2n-th root of unity modulo the prime q (q ≡ 1 mod 2n), the smallest such. */
  static long primitiveRoot2n(Modulus q, int n) {
    long order = 2L * n;
    long cofactor = (q.value - 1) / order;
    for (long g = 2; g < q.value; g++) {
      long candidate = q.pow(g, cofactor);
      // order divides 2n (a power of two); it is exactly 2n iff candidate^n = -1
      if (q.pow(candidate, n) == q.value - 1) {
        return smallestPrimitiveRoot(q, candidate, order);
      }
    }
    throw new IllegalArgumentException(q + " has no primitive " + order + "-th root");
  }

  /** The smallest generator among the odd powers of a primitive root (SEAL-independent choice). */
  private static long smallestPrimitiveRoot(Modulus q, long root, long order) {
    long best = root;
    long square = q.multiply(root, root);
    long current = root;
    for (long k = 1; k < order; k += 2) {
      if (current < best) {
        best = current;
      }
      current = q.multiply(current, square);
    }
    return best;
  }
}
