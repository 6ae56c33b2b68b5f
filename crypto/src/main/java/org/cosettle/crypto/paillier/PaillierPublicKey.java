package org.cosettle.crypto.paillier;

import java.math.BigInteger;
import org.cosettle.crypto.Fingerprint;
import org.cosettle.crypto.InvalidEncodingException;

/**
 * A Paillier public key: the modulus n = pq, with g = n + 1 implied. Encrypt with a
 * {@link PaillierEncryptor}, compute on ciphertexts with a {@link PaillierEvaluator}.
 *
 * <p>Encoding ({@link #toBytes()}): one byte {@code 'P'}, one byte modulusBits / 256 (8 or 12),
 * then n big-endian in exactly modulusBits / 8 bytes — 258 or 386 bytes.
 *
 * <pre>{@code
 * byte[] wire = privateKey.publicKey().toBytes();
 * PaillierPublicKey peerKey = PaillierPublicKey.fromBytes(wire);
 * }</pre>
 */
public final class PaillierPublicKey {
  static final byte TAG = 'P';
  private static final int HEADER = 2;

  private final PaillierParameters parameters;
  final BigInteger n;
  final BigInteger nSquared;
  /** (n − 1) / 2: plaintext residues above it decrypt to negative values. */
  final BigInteger halfN;
  final BarrettReducer moduloNSquared;
  private final String fingerprint;

  PaillierPublicKey(PaillierParameters parameters, BigInteger n) {
    this.parameters = parameters;
    this.n = n;
    this.nSquared = n.multiply(n);
    this.halfN = n.shiftRight(1);
    this.moduloNSquared = new BarrettReducer(nSquared);
    this.fingerprint = Fingerprint.of("cosettle/paillier-public-key", n.toByteArray());
  }

  /**
   * Decodes {@link #toBytes()} strictly: the exact length for the declared size, a modulus of
   * exactly that many bits, odd, composite and without prime factors below 2<sup>16</sup>.
   */
  public static PaillierPublicKey fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length < HEADER) {
      throw new InvalidEncodingException("a Paillier public key has a 2-byte header");
    }
    if (bytes[0] != TAG) {
      throw new InvalidEncodingException("not a Paillier public key (tag byte " + (bytes[0] & 0xFF) + ")");
    }
    PaillierParameters parameters = PaillierEncoding.parametersOf(bytes[1]);
    if (bytes.length != HEADER + parameters.modulusBytes()) {
      throw new InvalidEncodingException("a " + parameters.modulusBits() + "-bit Paillier public key has "
          + (HEADER + parameters.modulusBytes()) + " bytes, not " + bytes.length);
    }
    BigInteger n = new BigInteger(1, bytes, HEADER, parameters.modulusBytes());
    if (n.bitLength() != parameters.modulusBits()) {
      throw new InvalidEncodingException("the modulus does not have exactly " + parameters.modulusBits() + " bits");
    }
    if (!n.testBit(0) || SmallPrimes.hasFactor(n) || n.isProbablePrime(64)) {
      throw new InvalidEncodingException("the modulus is not a product of two large primes");
    }
    return new PaillierPublicKey(parameters, n);
  }

  /** The tag, the size byte and n, big-endian, at fixed length. */
  public byte[] toBytes() {
    byte[] out = new byte[HEADER + parameters.modulusBytes()];
    out[0] = TAG;
    out[1] = PaillierEncoding.sizeByte(parameters);
    PaillierEncoding.writeFixed(n, out, HEADER, parameters.modulusBytes());
    return out;
  }

  /**
   * Decodes {@link PaillierCiphertext#toBytes()} under this key: exactly 2·modulusBytes bytes, a
   * value below n² and a unit modulo n² (zero and multiples of p or q are refused).
   */
  public PaillierCiphertext ciphertextFromBytes(byte[] bytes) {
    int length = 2 * parameters.modulusBytes();
    if (bytes == null || bytes.length != length) {
      throw new InvalidEncodingException("a ciphertext under a " + parameters.modulusBits() + "-bit key has "
          + length + " bytes, not " + (bytes == null ? "null" : bytes.length));
    }
    BigInteger value = new BigInteger(1, bytes);
    if (value.compareTo(nSquared) >= 0) {
      throw new InvalidEncodingException("the ciphertext is not below n²");
    }
    if (!value.gcd(n).equals(BigInteger.ONE)) {
      throw new InvalidEncodingException("the ciphertext is not a unit modulo n²");
    }
    return new PaillierCiphertext(this, value);
  }

  public PaillierParameters parameters() {
    return parameters;
  }

  /** The modulus n (public). */
  public BigInteger modulus() {
    return n;
  }

  /** Eight hex digits of SHA-256 over n, to compare keys in logs. */
  public String fingerprint() {
    return fingerprint;
  }

  /** Reduces a signed plaintext into [0, n). */
  BigInteger residue(BigInteger plaintext) {
    return plaintext.signum() >= 0 && plaintext.compareTo(n) < 0 ? plaintext : plaintext.mod(n);
  }

  /** The representative of a residue in [−(n−1)/2, (n−1)/2]. */
  BigInteger centered(BigInteger residue) {
    return residue.compareTo(halfN) > 0 ? residue.subtract(n) : residue;
  }

  /**
   * c<sup>−1</sup> mod n² by an inversion modulo n lifted once (Hensel): if c·x ≡ 1 + t·n, then
   * c·x·(2 − c·x) ≡ 1 − t²n² ≡ 1 (mod n²). Measured 2.5–3× faster than {@code modInverse(n²)}.
   */
  BigInteger inverse(BigInteger c) {
    BigInteger x = c.mod(n).modInverse(n);
    BigInteger twoMinusCx = nSquared.add(BigInteger.TWO).subtract(moduloNSquared.reduce(c.multiply(x)));
    return moduloNSquared.reduce(x.multiply(twoMinusCx));
  }

  void requireOwn(PaillierCiphertext ciphertext) {
    if (ciphertext.key != this && !ciphertext.key.n.equals(n)) {
      throw new IllegalArgumentException("the ciphertext is under another Paillier key");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PaillierPublicKey key && key.n.equals(n);
  }

  @Override
  public int hashCode() {
    return n.hashCode();
  }

  @Override
  public String toString() {
    return "PaillierPublicKey[" + parameters.modulusBits() + " bits, " + fingerprint + "]";
  }
}
