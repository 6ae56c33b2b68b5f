package org.cosettle.crypto.paillier;

import java.math.BigInteger;

/**
 * Homomorphic operations on ciphertexts under one public key. Results are not re-randomised: a
 * result that leaves its holder should pass through {@link PaillierEncryptor#rerandomize} first.
 *
 * <pre>{@code
 * PaillierEvaluator he = PaillierEvaluator.of(publicKey);
 * PaillierCiphertext total = he.add(he.multiplyPlain(amount, 3), he.addPlain(fee, -50));
 * }</pre>
 */
public final class PaillierEvaluator {
  private final PaillierPublicKey key;

  private PaillierEvaluator(PaillierPublicKey key) {
    this.key = key;
  }

  public static PaillierEvaluator of(PaillierPublicKey key) {
    return new PaillierEvaluator(key);
  }

  /** Enc(a + b) = c<sub>a</sub>·c<sub>b</sub> mod n². */
  public PaillierCiphertext add(PaillierCiphertext a, PaillierCiphertext b) {
    key.requireOwn(a);
    key.requireOwn(b);
    return new PaillierCiphertext(key, key.moduloNSquared.multiply(a.value, b.value));
  }

  /** Enc(a − b). */
  public PaillierCiphertext subtract(PaillierCiphertext a, PaillierCiphertext b) {
    return add(a, negate(b));
  }

  /** Enc(a + m) = c·(1 + m·n) mod n²; m is taken modulo n. */
  public PaillierCiphertext addPlain(PaillierCiphertext a, BigInteger plaintext) {
    key.requireOwn(a);
    BigInteger gm = key.residue(plaintext).multiply(key.n).add(BigInteger.ONE);
    return new PaillierCiphertext(key, key.moduloNSquared.multiply(a.value, gm));
  }

  public PaillierCiphertext addPlain(PaillierCiphertext a, long plaintext) {
    return addPlain(a, BigInteger.valueOf(plaintext));
  }

  /**
   * Enc(k·a) = c<sup>k</sup> mod n². A negative k raises c<sup>−1</sup> to |k|, so the cost follows
   * the bit length of |k| (a 64-bit scalar: about 70 multiplications), never that of n.
   */
  public PaillierCiphertext multiplyPlain(PaillierCiphertext a, BigInteger scalar) {
    key.requireOwn(a);
    if (scalar.abs().compareTo(key.halfN) > 0) {
      // A scalar beyond n/2 in size acts as its centered residue, which is shorter.
      scalar = key.centered(key.residue(scalar));
    }
    BigInteger base = scalar.signum() < 0 ? key.inverse(a.value) : a.value;
    return new PaillierCiphertext(key, base.modPow(scalar.abs(), key.nSquared));
  }

  public PaillierCiphertext multiplyPlain(PaillierCiphertext a, long scalar) {
    return multiplyPlain(a, BigInteger.valueOf(scalar));
  }

  /** Enc(−a) = c<sup>−1</sup> mod n². */
  public PaillierCiphertext negate(PaillierCiphertext a) {
    key.requireOwn(a);
    return new PaillierCiphertext(key, key.inverse(a.value));
  }

  public PaillierPublicKey publicKey() {
    return key;
  }
}
