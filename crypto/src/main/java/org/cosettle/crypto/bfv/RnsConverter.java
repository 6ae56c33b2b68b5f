package org.cosettle.crypto.bfv;

import java.math.BigInteger;

/**
 * Exact-up-to-rounding base extension of the centred representative: a value x held as residues
 * modulo q_0..q_{k-1} (product Q) becomes x' mod p_j with x' ≡ x (mod Q) and |x'| ≤ Q/2.
 *
 * <p>With y_i = x_i·(Q/q_i)^{-1} mod q_i we have x ≡ Σ y_i·(Q/q_i) − α·Q for the integer
 * α = round(Σ y_i/q_i), computed in double precision (Halevi–Polyakov–Shoup 2018, §2.3). The
 * double sum errs by about k·2^-53, so α can only be off when x is within that fraction of ±Q/2,
 * in which case both choices are valid representatives and the caller's noise absorbs it.
 */
final class RnsConverter {
  final Modulus[] from;
  final Modulus[] to;
  final BigInteger product;
  private final long[] hatInverse;
  private final long[] hatInverseShoup;
  private final double[] inverse;
  /** hatModTo[j][i] = (Q/q_i) mod p_j. */
  private final long[][] hatModTo;
  private final long[] productModTo;
  private final BigInteger[] hats;

  RnsConverter(Modulus[] from, Modulus[] to) {
    this.from = from.clone();
    this.to = to.clone();
    BigInteger q = BigInteger.ONE;
    for (Modulus m : from) {
      q = q.multiply(m.big());
    }
    this.product = q;
    int k = from.length;
    hatInverse = new long[k];
    hatInverseShoup = new long[k];
    inverse = new double[k];
    hats = new BigInteger[k];
    for (int i = 0; i < k; i++) {
      hats[i] = q.divide(from[i].big());
      hatInverse[i] = hats[i].mod(from[i].big()).modInverse(from[i].big()).longValue();
      hatInverseShoup[i] = from[i].shoup(hatInverse[i]);
      inverse[i] = 1.0 / from[i].value;
    }
    hatModTo = new long[to.length][k];
    productModTo = new long[to.length];
    for (int j = 0; j < to.length; j++) {
      for (int i = 0; i < k; i++) {
        hatModTo[j][i] = hats[i].mod(to[j].big()).longValue();
      }
      productModTo[j] = q.mod(to[j].big()).longValue();
    }
  }

  /**
   * Converts the n coefficients held limb-major in {@code input} (limb i at i·n, values in
   * [0, q_i)) into {@code output} (limb j at j·n, values in [0, p_j)).
   */
  void convert(long[] input, int inputOffset, long[] output, int outputOffset, int n) {
    int k = from.length;
    long[] y = new long[k];
    for (int c = 0; c < n; c++) {
      double sum = 0;
      for (int i = 0; i < k; i++) {
        y[i] = from[i].multiplyShoup(input[inputOffset + i * n + c], hatInverse[i], hatInverseShoup[i]);
        sum += y[i] * inverse[i];
      }
      long alpha = Math.round(sum);
      for (int j = 0; j < to.length; j++) {
        Modulus p = to[j];
        long[] hat = hatModTo[j];
        long high = 0;
        long low = 0;
        for (int i = 0; i < k; i++) {
          long productLow = y[i] * hat[i];
          long productHigh = Math.multiplyHigh(y[i], hat[i]);
          long newLow = low + productLow;
          high += productHigh + (Long.compareUnsigned(newLow, low) < 0 ? 1 : 0);
          low = newLow;
        }
        long value = p.reduce128(high, low);
        output[outputOffset + j * n + c] = p.subtract(value, p.multiply(alpha, productModTo[j]));
      }
    }
  }

  /** The centred representative of one coefficient, exactly, as a BigInteger (for diagnostics). */
  BigInteger centredValue(long[] input, int inputOffset, int n, int c) {
    BigInteger sum = BigInteger.ZERO;
    for (int i = 0; i < from.length; i++) {
      long y = from[i].multiplyShoup(input[inputOffset + i * n + c], hatInverse[i], hatInverseShoup[i]);
      sum = sum.add(hats[i].multiply(BigInteger.valueOf(y)));
    }
    sum = sum.mod(product);
    return sum.shiftLeft(1).compareTo(product) > 0 ? sum.subtract(product) : sum;
  }
}
