package org.cosettle.crypto.bfv;

/**
 * Applies a {@link KeySwitchKey} to one coefficient-form polynomial d at level k and returns
 * (Σ d_i·b_i, Σ d_i·a_i) / P rounded, over the first k data primes, where d_i = d mod q_i is the
 * i-th RNS digit. Dividing by the special prime P removes the key's P factor and shrinks the
 * digit noise Σ d_i·e_i by P.
 */
final class KeySwitcher {
  private final BfvContext context;

  KeySwitcher(BfvContext context) {
    this.context = context;
  }

  long[][] apply(long[] d, int k, KeySwitchKey key) {
    int n = context.n;
    int limbs = k + 1;
    int[] primes = context.keySwitchPrimes(k);
    // digits[i][j]: digit i reduced modulo target j (j = k is the special prime), NTT form
    long[][] digits = new long[k][limbs * n];
    for (int i = 0; i < k; i++) {
      long[] out = digits[i];
      int from = i * n;
      for (int j = 0; j < limbs; j++) {
        Modulus target = context.chain[primes[j]];
        int to = j * n;
        if (context.chain[i].value <= target.value) {
          System.arraycopy(d, from, out, to, n);
        } else {
          for (int c = 0; c < n; c++) {
            out[to + c] = target.reduceNarrow(0, d[from + c]);
          }
        }
      }
      context.forward(out, primes, BfvBackend.Operation.KEY_SWITCH);
    }
    long[] sumB = new long[limbs * n];
    long[] sumA = new long[limbs * n];
    for (int j = 0; j < limbs; j++) {
      innerProducts(digits, key, k, context.chain[primes[j]], j * n, primes[j] * n, n, sumB, sumA);
    }
    context.inverse(sumB, primes, BfvBackend.Operation.KEY_SWITCH);
    context.inverse(sumA, primes, BfvBackend.Operation.KEY_SWITCH);
    return new long[][] {divideBySpecial(sumB, k), divideBySpecial(sumA, k)};
  }

  /**
   * outB[to + c] = Σ_i digits[i][to + c]·key.b[i][keyOffset + c] mod target, and outA likewise
   * with key.a: each digit is read once, the 128-bit products are summed lazily and reduced once.
   */
  private static void innerProducts(long[][] digits, KeySwitchKey key, int k, Modulus target, int to,
      int keyOffset, int n, long[] outB, long[] outA) {
    long[] highB = new long[n];
    long[] lowB = new long[n];
    long[] highA = new long[n];
    long[] lowA = new long[n];
    for (int i = 0; i < k; i++) {
      long[] digit = digits[i];
      long[] keyB = key.b[i];
      long[] keyA = key.a[i];
      for (int c = 0; c < n; c++) {
        long x = digit[to + c];
        long yB = keyB[keyOffset + c];
        long yA = keyA[keyOffset + c];
        long lB = lowB[c];
        long sumB = lB + x * yB;
        highB[c] += Math.multiplyHigh(x, yB) + ((sumB ^ Long.MIN_VALUE) < (lB ^ Long.MIN_VALUE) ? 1 : 0);
        lowB[c] = sumB;
        long lA = lowA[c];
        long sumA = lA + x * yA;
        highA[c] += Math.multiplyHigh(x, yA) + ((sumA ^ Long.MIN_VALUE) < (lA ^ Long.MIN_VALUE) ? 1 : 0);
        lowA[c] = sumA;
      }
    }
    boolean narrow = target.reducesSumsOf(k);
    for (int c = 0; c < n; c++) {
      outB[to + c] = narrow ? target.reduceNarrow(highB[c], lowB[c]) : target.reduce128(highB[c], lowB[c]);
      outA[to + c] = narrow ? target.reduceNarrow(highA[c], lowA[c]) : target.reduce128(highA[c], lowA[c]);
    }
  }

  private long[] divideBySpecial(long[] x, int k) {
    return context.divideRoundByLastLimb(x, k, context.chain[context.maxLevel], context.specialInverse);
  }
}
