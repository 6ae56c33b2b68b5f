package org.cosettle.crypto.bfv;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable, validated BFV parameter set: ring degree n, a chain of word-size NTT-friendly
 * coefficient primes whose last element is the special prime used only by key switching, and a
 * batching plaintext prime t.
 *
 * <p>Construction refuses every combination outside the Homomorphic Encryption Standard's
 * 128-bit classical bound for ternary secrets (Albrecht et al., "Homomorphic Encryption
 * Standard", 2018, Table 1: log2 q ≤ 109 / 218 / 438 for n = 4096 / 8192 / 16384), and every
 * plaintext modulus too large for one plaintext multiplication to fit in the noise budget:
 * {@code 2·log2(t) + log2(n) + 20 ≤ log2(Q)}, Q being the data modulus (the chain without the
 * special prime). So a 20-bit t is the largest at n = 4096; n ≥ 8192 allows up to 60 bits.
 *
 * <pre>{@code
 * BfvParameters params = BfvParameters.defaults(8192);          // 43+43+44+44+44 bits, t 20 bits
 * BfvParameters wide = BfvParameters.of(8192, new int[] {43, 43, 44, 44, 44}, 40);
 * }</pre>
 */
public final class BfvParameters {
  /** Ring degrees this library accepts. */
  public static final List<Integer> SUPPORTED_DEGREES = List.of(4096, 8192, 16384);
  /** Largest plaintext prime size in bits. */
  public static final int MAX_PLAIN_BITS = 60;
  /** Bits of noise budget kept free, beyond one plaintext multiplication, at construction. */
  static final int NOISE_MARGIN_BITS = 20;

  private final int n;
  private final long[] coefficientModuli;
  private final long plainModulus;
  private final long fingerprint;

  private BfvParameters(int n, long[] coefficientModuli, long plainModulus) {
    this.n = n;
    this.coefficientModuli = coefficientModuli;
    this.plainModulus = plainModulus;
    validate();
    this.fingerprint = computeFingerprint();
  }

  /**
   * Explicit primes: {@code coefficientModuli} is the chain with the special prime last (at
   * least two primes), {@code plainModulus} the batching prime t.
   */
  public static BfvParameters of(int n, long[] coefficientModuli, long plainModulus) {
    if (coefficientModuli == null) {
      throw new IllegalArgumentException("coefficient moduli are required");
    }
    return new BfvParameters(n, coefficientModuli.clone(), plainModulus);
  }

  /**
   * Primes chosen by size, each the largest prime ≡ 1 (mod 2n) of its size that is not yet
   * used; the last size is the special prime.
   */
  public static BfvParameters of(int n, int[] coefficientPrimeBits, int plainBits) {
    requireDegree(n);
    if (coefficientPrimeBits == null || coefficientPrimeBits.length < 2) {
      throw new IllegalArgumentException("the chain needs at least two primes (data and special)");
    }
    Set<Long> used = new HashSet<>();
    long t = plainPrime(n, plainBits, used);
    used.add(t);
    long[] primes = new long[coefficientPrimeBits.length];
    for (int i = 0; i < primes.length; i++) {
      primes[i] = Primes.nttPrimes(coefficientPrimeBits[i], n, 1, used).get(0);
      used.add(primes[i]);
    }
    return new BfvParameters(n, primes, t);
  }

  /** The largest prime of {@code bits} bits with t ≡ 1 (mod 2n), as SEAL's batching helper picks. */
  private static long plainPrime(int n, int bits, Set<Long> exclude) {
    if (bits < 2 || bits > MAX_PLAIN_BITS) {
      throw new IllegalArgumentException("plaintext prime size must be in [2, " + MAX_PLAIN_BITS + "]: " + bits);
    }
    return Primes.nttPrimes(bits, n, 1, exclude).get(0);
  }

  /** The SEAL-like default: SEAL's 128-bit chain for n and a 20-bit batching prime. */
  public static BfvParameters defaults(int n) {
    return defaults(n, 20);
  }

  /** SEAL's 128-bit chain for n with a batching prime of {@code plainBits} bits. */
  public static BfvParameters defaults(int n, int plainBits) {
    return of(n, defaultChainBits(n), plainBits);
  }

  /** SEAL's default 128-bit coefficient prime sizes (special prime last). */
  public static int[] defaultChainBits(int n) {
    switch (requireDegree(n)) {
      case 4096:
        return new int[] {36, 36, 37};
      case 8192:
        return new int[] {43, 43, 44, 44, 44};
      default:
        return new int[] {48, 48, 48, 49, 49, 49, 49, 49, 49};
    }
  }

  /** The HE Standard's 128-bit classical bound on log2 of the whole coefficient modulus. */
  public static int maxCoefficientBits(int n) {
    switch (requireDegree(n)) {
      case 4096:
        return 109;
      case 8192:
        return 218;
      default:
        return 438;
    }
  }

  private static int requireDegree(int n) {
    if (!SUPPORTED_DEGREES.contains(n)) {
      throw new IllegalArgumentException("n must be one of " + SUPPORTED_DEGREES + ": " + n);
    }
    return n;
  }

  private void validate() {
    requireDegree(n);
    if (coefficientModuli.length < 2) {
      throw new IllegalArgumentException("the chain needs at least two primes (data and special)");
    }
    Set<Long> seen = new HashSet<>();
    BigInteger product = BigInteger.ONE;
    for (long q : coefficientModuli) {
      requireNttPrime(q, "coefficient modulus");
      if (!seen.add(q)) {
        throw new IllegalArgumentException("coefficient moduli must be distinct: " + q);
      }
      product = product.multiply(BigInteger.valueOf(q));
    }
    if (product.bitLength() > maxCoefficientBits(n)) {
      throw new IllegalArgumentException(
          "coefficient modulus of " + product.bitLength() + " bits exceeds the 128-bit bound of "
              + maxCoefficientBits(n) + " bits for n = " + n + " (HE Standard 2018)");
    }
    requireNttPrime(plainModulus, "plaintext modulus");
    if (seen.contains(plainModulus)) {
      throw new IllegalArgumentException("plaintext modulus must differ from the coefficient moduli");
    }
    int plainBits = 64 - Long.numberOfLeadingZeros(plainModulus);
    if (plainBits > MAX_PLAIN_BITS) {
      throw new IllegalArgumentException("plaintext modulus above " + MAX_PLAIN_BITS + " bits");
    }
    double dataBits = log2(dataModulus());
    double needed = 2.0 * log2(BigInteger.valueOf(plainModulus)) + log2(BigInteger.valueOf(n)) + NOISE_MARGIN_BITS;
    if (needed > dataBits) {
      throw new IllegalArgumentException(String.format(
          "plaintext modulus of %d bits leaves no noise budget for a plaintext multiplication: "
              + "2·log2(t) + log2(n) + %d = %.1f > log2(Q) = %.1f; use a smaller t or a larger n",
          plainBits, NOISE_MARGIN_BITS, needed, dataBits));
    }
  }

  private void requireNttPrime(long p, String what) {
    if (p < 3 || 64 - Long.numberOfLeadingZeros(p) > Modulus.MAX_BITS) {
      throw new IllegalArgumentException(what + " must be in [3, 2^" + Modulus.MAX_BITS + "): " + p);
    }
    if ((p - 1) % (2L * n) != 0) {
      throw new IllegalArgumentException(what + " " + p + " is not ≡ 1 mod 2n = " + 2 * n);
    }
    if (!Primes.isPrime(p)) {
      throw new IllegalArgumentException(what + " " + p + " is not prime");
    }
  }

  static double log2(BigInteger value) {
    int shift = Math.max(0, value.bitLength() - 60);
    return shift + Math.log(value.shiftRight(shift).doubleValue()) / Math.log(2);
  }

  private long computeFingerprint() {
    ByteBuffer buffer = ByteBuffer.allocate(8 * (coefficientModuli.length + 3));
    buffer.putLong(n).putLong(plainModulus).putLong(coefficientModuli.length);
    for (long q : coefficientModuli) {
      buffer.putLong(q);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(buffer.array());
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  public int degree() {
    return n;
  }

  /** The whole chain, special prime last. */
  public long[] coefficientModuli() {
    return coefficientModuli.clone();
  }

  public long plainModulus() {
    return plainModulus;
  }

  /** Number of data primes: the highest ciphertext level. */
  public int maxLevel() {
    return coefficientModuli.length - 1;
  }

  /** The product of the data primes (the chain without the special prime). */
  public BigInteger dataModulus() {
    BigInteger product = BigInteger.ONE;
    for (int i = 0; i < maxLevel(); i++) {
      product = product.multiply(BigInteger.valueOf(coefficientModuli[i]));
    }
    return product;
  }

  /** Bits of the whole chain, the quantity the security bound applies to. */
  public int coefficientBits() {
    return dataModulus().multiply(BigInteger.valueOf(coefficientModuli[maxLevel()])).bitLength();
  }

  /** Number of slots: one value per slot, n in all (two rows of n/2). */
  public int slotCount() {
    return n;
  }

  /** A short hash of the parameter set, written into every serialized object. */
  public long fingerprint() {
    return fingerprint;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BfvParameters
        && ((BfvParameters) other).n == n
        && ((BfvParameters) other).plainModulus == plainModulus
        && Arrays.equals(((BfvParameters) other).coefficientModuli, coefficientModuli);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(fingerprint);
  }

  @Override
  public String toString() {
    List<Integer> bits = new ArrayList<>();
    for (long q : coefficientModuli) {
      bits.add(64 - Long.numberOfLeadingZeros(q));
    }
    return "BfvParameters{n=" + n + ", q bits=" + bits + " (" + coefficientBits() + "), t=" + plainModulus + "}";
  }
}
