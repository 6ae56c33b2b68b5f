package org.cosettle.crypto.bfv;

/**
 * The ciphertext product round(t/Q · c ⊗ c') in RNS, after Halevi–Polyakov–Shoup (CT-RSA 2019,
 * "An improved RNS variant of the BFV homomorphic encryption scheme"): both operands are lifted
 * to their centred representatives in Q ∪ B, where the auxiliary base B is large enough that
 * the tensor product is represented exactly; the scaled rounding is then computed in B as
 * (t·x − [t·x]_Q)/Q, which is an exact division, and brought back to Q by a second centred base
 * extension. The only approximation is the double-precision α of {@link RnsConverter}.
 */
final class Multiplier {
  private final BfvContext context;

  Multiplier(BfvContext context) {
    this.context = context;
  }

  /** The three components (d0, d1, d2) of the product of two size-2 ciphertexts at level k. */
  long[][] multiply(long[][] x, long[][] y, int k) {
    BfvContext.Level level = context.levels[k];
    int n = context.n;
    int l = context.aux.length;
    long[] x0 = extend(x[0], level);
    long[] x1 = extend(x[1], level);
    long[] y0 = extend(y[0], level);
    long[] y1 = extend(y[1], level);
    long[] d0 = new long[(k + l) * n];
    long[] d1 = new long[(k + l) * n];
    long[] d2 = new long[(k + l) * n];
    for (int limb = 0; limb < k + l; limb++) {
      Modulus q = limb < k ? context.chain[limb] : context.aux[limb - k];
      for (int c = limb * n; c < (limb + 1) * n; c++) {
        // Karatsuba: d1 = (x0 + x1)(y0 + y1) − d0 − d2, three products instead of four
        long low = q.multiply(x0[c], y0[c]);
        long high = q.multiply(x1[c], y1[c]);
        long cross = q.multiply(q.add(x0[c], x1[c]), q.add(y0[c], y1[c]));
        d0[c] = low;
        d1[c] = q.subtract(q.subtract(cross, low), high);
        d2[c] = high;
      }
    }
    return new long[][] {scaleDown(d0, level), scaleDown(d1, level), scaleDown(d2, level)};
  }

  /** The centred lift of a level-k polynomial to Q ∪ B, in NTT form. */
  private long[] extend(long[] poly, BfvContext.Level level) {
    int n = context.n;
    int k = level.k;
    long[] result = new long[(k + context.aux.length) * n];
    System.arraycopy(poly, 0, result, 0, k * n);
    level.toAux.convert(poly, 0, result, k * n, n);
    forwardAll(result, k);
    return result;
  }

  private void forwardAll(long[] poly, int k) {
    int n = context.n;
    context.forward(poly, k);
    for (int j = 0; j < context.aux.length; j++) {
      context.auxNtt[j].forward(poly, (k + j) * n);
    }
  }

  private void inverseAll(long[] poly, int k) {
    int n = context.n;
    context.inverse(poly, k);
    for (int j = 0; j < context.aux.length; j++) {
      context.auxNtt[j].inverse(poly, (k + j) * n);
    }
  }

  /** round(t·x/Q) over Q, for x in NTT form over Q ∪ B. */
  private long[] scaleDown(long[] x, BfvContext.Level level) {
    int n = context.n;
    int k = level.k;
    int l = context.aux.length;
    inverseAll(x, k);
    long[] remainder = new long[l * n];
    level.toAux.convertScaled(x, 0, remainder, 0, n, context.plain.value);
    long[] inB = new long[l * n];
    for (int j = 0; j < l; j++) {
      Modulus b = context.aux[j];
      long t = context.plain.value % b.value;
      long inverse = level.inverseModAux[j];
      long tShoup = b.shoup(t);
      long inverseShoup = b.shoup(inverse);
      for (int c = 0; c < n; c++) {
        long tx = b.multiplyShoup(x[(k + j) * n + c], t, tShoup);
        inB[j * n + c] = b.multiplyShoup(b.subtract(tx, remainder[j * n + c]), inverse, inverseShoup);
      }
    }
    long[] result = new long[k * n];
    level.auxToData.convert(inB, 0, result, 0, n);
    return result;
  }
}
