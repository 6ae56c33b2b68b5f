package org.cosettle.crypto.bfv;

import java.math.BigInteger;

/**
 * Decrypts with the secret key and reports the invariant noise budget: with
 * x = c0 + c1·s (+ c2·s²) mod Q, the message is round(t·x/Q) mod t and the noise is
 * v = [t·x]_Q / Q; the budget in bits is −log2(2·‖v‖∞), and decryption is correct while it is
 * positive (the measure SEAL reports).
 */
public final class BfvDecryptor {
  private final BfvContext context;
  private final BfvSecretKey secretKey;

  BfvDecryptor(BfvContext context, BfvSecretKey secretKey) {
    if (secretKey == null) {
      throw new IllegalArgumentException("secret key is required");
    }
    context.requireSameParameters(secretKey.parameters, "secret key");
    this.context = context;
    this.secretKey = secretKey;
  }

  public BfvPlaintext decrypt(BfvCiphertext ciphertext) {
    requireOwn(ciphertext);
    int k = ciphertext.level;
    int n = context.n;
    BfvContext.Level level = context.levels[k];
    long[] phase = phase(ciphertext);
    long[] residue = new long[n];
    level.toPlain.convertScaled(phase, 0, residue, 0, n, context.plain.value);
    Modulus t = context.plain;
    long factor = level.negativeInverseModPlain;
    long factorShoup = t.shoup(factor);
    for (int c = 0; c < n; c++) {
      residue[c] = t.multiplyShoup(residue[c], factor, factorShoup);
    }
    return new BfvPlaintext(context.parameters, residue);
  }

  /** Bits of noise budget left; 0 means decryption is no longer guaranteed. */
  public int noiseBudget(BfvCiphertext ciphertext) {
    requireOwn(ciphertext);
    int k = ciphertext.level;
    BfvContext.Level level = context.levels[k];
    long[] scaled = phase(ciphertext);
    for (int limb = 0; limb < k; limb++) {
      Modulus q = context.chain[limb];
      long t = level.plainModData[limb];
      for (int c = limb * context.n; c < (limb + 1) * context.n; c++) {
        scaled[c] = q.multiply(scaled[c], t);
      }
    }
    BigInteger largest = BigInteger.ZERO;
    for (int c = 0; c < context.n; c++) {
      BigInteger v = level.toPlain.centredValue(scaled, 0, context.n, c).abs();
      if (v.compareTo(largest) > 0) {
        largest = v;
      }
    }
    if (largest.signum() == 0) {
      return level.modulus.bitLength() - 1;
    }
    double bits = BfvParameters.log2(level.modulus) - BfvParameters.log2(largest) - 1;
    return Math.max(0, (int) Math.floor(bits));
  }

  private void requireOwn(BfvCiphertext ciphertext) {
    if (ciphertext == null) {
      throw new IllegalArgumentException("ciphertext is required");
    }
    context.requireSameParameters(ciphertext.parameters, "ciphertext");
  }

  /** c0 + c1·s + c2·s² mod each q_i, coefficient form. */
  private long[] phase(BfvCiphertext ciphertext) {
    int k = ciphertext.level;
    int n = context.n;
    long[] sum = ciphertext.polys[ciphertext.size() - 1].clone();
    context.forward(sum, k, BfvBackend.Operation.DECRYPT);
    for (int p = ciphertext.size() - 2; p >= 0; p--) {
      // Horner: sum = sum·s + c_p (the c_p are added after the inverse transform for p = 0)
      for (int limb = 0; limb < k; limb++) {
        Modulus q = context.chain[limb];
        for (int c = limb * n; c < (limb + 1) * n; c++) {
          sum[c] = q.multiply(sum[c], secretKey.ntt[c]);
        }
      }
      if (p > 0) {
        long[] next = ciphertext.polys[p].clone();
        context.forward(next, k, BfvBackend.Operation.DECRYPT);
        for (int limb = 0; limb < k; limb++) {
          Modulus q = context.chain[limb];
          for (int c = limb * n; c < (limb + 1) * n; c++) {
            sum[c] = q.add(sum[c], next[c]);
          }
        }
      }
    }
    context.inverse(sum, k, BfvBackend.Operation.DECRYPT);
    long[] c0 = ciphertext.polys[0];
    for (int limb = 0; limb < k; limb++) {
      Modulus q = context.chain[limb];
      for (int c = limb * n; c < (limb + 1) * n; c++) {
        sum[c] = q.add(sum[c], c0[c]);
      }
    }
    return sum;
  }
}
