package org.cosettle.crypto.bfv;

import org.cosettle.crypto.random.Prg;

/**
 * Encrypts plaintexts at the top level, with a public key (c = (round((b·u + e0)/P) + Δm,
 * round((a·u + e1)/P)), u ternary, computed modulo Q·P) or with the secret key (c = (−a·s + e + Δm, a), a expanded from a fresh seed so the
 * ciphertext can ship the seed instead of a). Δ = floor(Q/t).
 */
public final class BfvEncryptor {
  private final BfvContext context;
  private final BfvPublicKey publicKey;
  private final BfvSecretKey secretKey;

  BfvEncryptor(BfvContext context, BfvPublicKey publicKey) {
    if (publicKey == null) {
      throw new IllegalArgumentException("public key is required");
    }
    context.requireSameParameters(publicKey.parameters, "public key");
    this.context = context;
    this.publicKey = publicKey;
    this.secretKey = null;
  }

  BfvEncryptor(BfvContext context, BfvSecretKey secretKey) {
    if (secretKey == null) {
      throw new IllegalArgumentException("secret key is required");
    }
    context.requireSameParameters(secretKey.parameters, "secret key");
    this.context = context;
    this.publicKey = null;
    this.secretKey = secretKey;
  }

  public BfvCiphertext encrypt(BfvPlaintext plaintext, Prg random) {
    context.requireSameParameters(plaintext.parameters, "plaintext");
    return publicKey != null ? encryptPublic(plaintext, random) : encryptSymmetric(plaintext, random);
  }

  private BfvCiphertext encryptPublic(BfvPlaintext plaintext, Prg random) {
    int k = context.maxLevel;
    int limbs = k + 1;
    int n = context.n;
    long[] u = Sampler.lift(Sampler.widen(Sampler.ternary(random, n)), context.chain, limbs);
    context.forward(u, limbs, BfvBackend.Operation.ENCRYPT);
    long[] c0 = new long[limbs * n];
    long[] c1 = new long[limbs * n];
    for (int limb = 0; limb < limbs; limb++) {
      Modulus q = context.chain[limb];
      for (int c = limb * n; c < (limb + 1) * n; c++) {
        c0[c] = q.multiply(publicKey.b[c], u[c]);
        c1[c] = q.multiply(publicKey.a[c], u[c]);
      }
    }
    context.inverse(c0, limbs, BfvBackend.Operation.ENCRYPT);
    context.inverse(c1, limbs, BfvBackend.Operation.ENCRYPT);
    addError(c0, random, limbs);
    addError(c1, random, limbs);
    Modulus special = context.chain[k];
    c0 = context.divideRoundByLastLimb(c0, k, special, context.specialInverse);
    c1 = context.divideRoundByLastLimb(c1, k, special, context.specialInverse);
    addScaledMessage(c0, plaintext, k);
    return new BfvCiphertext(context.parameters, k, new long[][] {c0, c1}, null);
  }

  private BfvCiphertext encryptSymmetric(BfvPlaintext plaintext, Prg random) {
    int k = context.maxLevel;
    int n = context.n;
    byte[] seed = new byte[Sampler.SEED_BYTES];
    random.nextBytes(seed);
    long[] a = expandUniform(context, seed, k);
    long[] c0 = new long[k * n];
    for (int limb = 0; limb < k; limb++) {
      Modulus q = context.chain[limb];
      for (int c = limb * n; c < (limb + 1) * n; c++) {
        c0[c] = q.negate(q.multiply(a[c], secretKey.ntt[c]));
      }
    }
    context.inverse(c0, k, BfvBackend.Operation.ENCRYPT);
    context.inverse(a, k, BfvBackend.Operation.ENCRYPT);
    addError(c0, random, k);
    addScaledMessage(c0, plaintext, k);
    return new BfvCiphertext(context.parameters, k, new long[][] {c0, a}, seed);
  }

  /** The uniform polynomial of a seeded ciphertext, in NTT form over the first k primes. */
  static long[] expandUniform(BfvContext context, byte[] seed, int k) {
    return Sampler.uniform(Prg.fromSeed(seed), context.chain, k, context.n);
  }

  private void addError(long[] poly, Prg random, int k) {
    int[] e = Sampler.error(random, context.n);
    int n = context.n;
    for (int limb = 0; limb < k; limb++) {
      Modulus q = context.chain[limb];
      int base = limb * n;
      for (int c = 0; c < n; c++) {
        long v = e[c];
        poly[base + c] = q.add(poly[base + c], v + ((v >> 63) & q.value));
      }
    }
  }

  private void addScaledMessage(long[] poly, BfvPlaintext plaintext, int k) {
    context.addScaledPlain(poly, plaintext.coefficients, k);
  }
}
