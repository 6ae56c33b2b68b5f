package org.cosettle.crypto.paillier;

import java.math.BigInteger;
import org.cosettle.crypto.random.Prg;

/**
 * Encrypts under one public key: c = (1 + m·n)·r<sup>n</sup> mod n².
 *
 * <p>{@link #encrypt} takes r<sup>n</sup> as h<sub>s</sub><sup>a</sup> (Damgård, Jurik, Nielsen,
 * "A generalization of Paillier's public-key system with applications to electronic voting", IJIS
 * 9(6), 2010, the fast-encryption variant): h = −x² mod n for a random unit x drawn when the
 * encryptor is created, h<sub>s</sub> = h<sup>n</sup> mod n², and a fresh exponent a of
 * {@link PaillierParameters#randomnessExponentBits()} bits per encryption, raised by a fixed-base
 * table — about 40 multiplications modulo n² instead of a full exponentiation. The base is chosen
 * here, not by the key owner, so a key owner cannot weaken it. {@link #encryptWithFullRandomness}
 * draws r uniformly from Z<sub>n</sub><sup>*</sup> (Paillier's original), which needs no assumption
 * beyond decisional composite residuosity but costs an n-bit exponentiation.
 *
 * <p>Creation costs one exponentiation and the table (about 2 MB at 3072 bits): make one
 * encryptor per key and reuse it. Immutable, so threads may share it, each with its own {@link Prg}.
 *
 * <pre>{@code
 * PaillierEncryptor encryptor = PaillierEncryptor.create(publicKey, prg);
 * PaillierCiphertext c = encryptor.encrypt(-1234, prg);
 * }</pre>
 */
public final class PaillierEncryptor {
  private final PaillierPublicKey key;
  private final FixedBaseExponentiation hsPowers;

  private PaillierEncryptor(PaillierPublicKey key, FixedBaseExponentiation hsPowers) {
    this.key = key;
    this.hsPowers = hsPowers;
  }

  /** Draws the DJN base from {@code prg} and precomputes its table. */
  public static PaillierEncryptor create(PaillierPublicKey key, Prg prg) {
    BigInteger x = RandomIntegers.unit(prg, key.n);
    BigInteger h = key.n.subtract(x.multiply(x).mod(key.n));
    BigInteger hs = h.modPow(key.n, key.nSquared);
    int exponentBits = key.parameters().randomnessExponentBits();
    return new PaillierEncryptor(key, new FixedBaseExponentiation(hs, key.moduloNSquared, exponentBits));
  }

  public PaillierPublicKey publicKey() {
    return key;
  }

  /** Encrypts m (any integer, taken modulo n) with DJN randomness. */
  public PaillierCiphertext encrypt(BigInteger plaintext, Prg prg) {
    return new PaillierCiphertext(key, key.moduloNSquared.multiply(encode(plaintext), djnMask(prg)));
  }

  /** Encrypts a signed {@code long} with DJN randomness. */
  public PaillierCiphertext encrypt(long plaintext, Prg prg) {
    return encrypt(BigInteger.valueOf(plaintext), prg);
  }

  /** Encrypts m with r uniform in Z<sub>n</sub><sup>*</sup>: r<sup>n</sup> by a full exponentiation. */
  public PaillierCiphertext encryptWithFullRandomness(BigInteger plaintext, Prg prg) {
    return new PaillierCiphertext(key, key.moduloNSquared.multiply(encode(plaintext), fullMask(prg)));
  }

  /**
   * The same plaintext under fresh randomness: c·h<sub>s</sub><sup>a</sup>. Apply it before a
   * ciphertext computed from others leaves its holder, so that it shows nothing of how it was made.
   */
  public PaillierCiphertext rerandomize(PaillierCiphertext ciphertext, Prg prg) {
    key.requireOwn(ciphertext);
    return new PaillierCiphertext(key, key.moduloNSquared.multiply(ciphertext.value, djnMask(prg)));
  }

  /**
   * Re-randomisation by r<sup>n</sup> for r uniform in Z<sub>n</sub><sup>*</sup>: the result's
   * randomness is then uniform whatever the input's, even to the key owner, who can see a
   * ciphertext's r (statistical rather than computational hiding of how it was computed).
   */
  public PaillierCiphertext rerandomizeWithFullRandomness(PaillierCiphertext ciphertext, Prg prg) {
    key.requireOwn(ciphertext);
    return new PaillierCiphertext(key, key.moduloNSquared.multiply(ciphertext.value, fullMask(prg)));
  }

  private BigInteger fullMask(Prg prg) {
    return RandomIntegers.unit(prg, key.n).modPow(key.n, key.nSquared);
  }

  /** 1 + m·n mod n², which equals g<sup>m</sup> for g = n + 1 (binomial theorem). */
  private BigInteger encode(BigInteger plaintext) {
    return key.residue(plaintext).multiply(key.n).add(BigInteger.ONE);
  }

  private BigInteger djnMask(Prg prg) {
    return hsPowers.power(RandomIntegers.bits(prg, key.parameters().randomnessExponentBits()));
  }

  @Override
  public String toString() {
    return "PaillierEncryptor[key " + key.fingerprint() + "]";
  }
}
