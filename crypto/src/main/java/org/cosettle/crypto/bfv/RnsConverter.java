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
  /** hatModTo[j][i] = (Q/q_i) mod p_j, and its Shoup constant. */
  private final long[][] hatModTo;
  private final long[][] hatModToShoup;
  /** alphaTimesProduct[j][α] = α·Q mod p_j for α = 0..k. */
  private final long[][] alphaTimesProduct;
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
    hatModToShoup = new long[to.length][k];
    alphaTimesProduct = new long[to.length][k + 1];
    for (int j = 0; j < to.length; j++) {
      for (int i = 0; i < k; i++) {
        hatModTo[j][i] = hats[i].mod(to[j].big()).longValue();
        hatModToShoup[j][i] = to[j].shoup(hatModTo[j][i]);
      }
      for (int alpha = 0; alpha <= k; alpha++) {
        alphaTimesProduct[j][alpha] = q.multiply(BigInteger.valueOf(alpha)).mod(to[j].big()).longValue();
      }
    }
  }

  /**
   * Converts the n coefficients held limb-major in {@code input} (limb i at i·n, values in
   * [0, q_i)) into {@code output} (limb j at j·n, values in [0, p_j)).
   */
  void convert(long[] input, int inputOffset, long[] output, int outputOffset, int n) {
    convert(input, inputOffset, output, outputOffset, n, hatInverse, hatInverseShoup);
  }

  /**
   * Converts scale·x for the small integer scale (e.g. t) without a separate pass: the scale is
   * folded into the constants (Q/q_i)^{-1}.
   */
  void convertScaled(long[] input, int inputOffset, long[] output, int outputOffset, int n, long scale) {
    int k = from.length;
    long[] factors = new long[k];
    long[] factorsShoup = new long[k];
    for (int i = 0; i < k; i++) {
      factors[i] = from[i].multiply(hatInverse[i], from[i].reduceNarrow(0, scale));
      factorsShoup[i] = from[i].shoup(factors[i]);
    }
    convert(input, inputOffset, output, outputOffset, n, factors, factorsShoup);
  }

  private void convert(long[] input, int inputOffset, long[] output, int outputOffset, int n,
      long[] hatFactors, long[] hatFactorsShoup) {
    int k = from.length;
    long[] y = new long[k * n];
    for (int i = 0; i < k; i++) {
      Modulus q = from[i];
      long factor = hatFactors[i];
      long factorShoup = hatFactorsShoup[i];
      int base = i * n;
      for (int c = 0; c < n; c++) {
        y[base + c] = q.multiplyShoup(input[inputOffset + base + c], factor, factorShoup);
      }
    }
    // α = round(Σ y_i / q_i) ∈ [0, k]
    int[] alpha = new int[n];
    for (int c = 0; c < n; c++) {
      double sum = 0.5;
      for (int i = 0; i < k; i++) {
        sum += y[i * n + c] * inverse[i];
      }
      alpha[c] = (int) sum;
    }
    for (int j = 0; j < to.length; j++) {
      Modulus p = to[j];
      long pValue = p.value;
      long[] correction = alphaTimesProduct[j];
      int out = outputOffset + j * n;
      for (int c = 0; c < n; c++) {
        output[out + c] = pValue - correction[alpha[c]];
      }
      for (int i = 0; i < k; i++) {
        long factor = hatModTo[j][i];
        long factorShoup = hatModToShoup[j][i];
        int base = i * n;
        for (int c = 0; c < n; c++) {
          // y_i < q_i may exceed p_j; Shoup multiplication only needs y below 2^63
          long term = p.multiplyShoup(y[base + c], factor, factorShoup);
          long sum = output[out + c] + term - pValue;
          output[out + c] = sum + ((sum >> 63) & pValue);
        }
      }
      for (int c = 0; c < n; c++) {
        long v = output[out + c];
        output[out + c] = v >= pValue ? v - pValue : v;
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
