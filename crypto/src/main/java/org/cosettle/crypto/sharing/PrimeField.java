package org.cosettle.crypto.sharing;

import java.math.BigInteger;
import org.cosettle.crypto.random.Prg;

/**
 * Z<sub>p</sub> for a prime {@code 2 <= p < 2^62}, elements in {@code [0, p)}. This covers every
 * BFV plaintext modulus (SEAL allows at most 60 bits), so values decrypted from BFV slots are field
 * elements here and convert to shares exactly.
 *
 * <p>Multiplication is Barrett reduction of the 124-bit product with μ = ⌊2<sup>2k</sup>/p⌋,
 * k = bit length of p (Menezes, van Oorschot, Vanstone, <i>Handbook of Applied Cryptography</i>,
 * Algorithm 14.42): the quotient estimate is at most two below the true one, so two conditional
 * subtractions finish it.
 *
 * <pre>{@code
 * PrimeField field = PrimeField.of(1032193);   // a 20-bit batching prime, 1 mod 2*8192
 * long x = field.multiply(field.reduce(-5), 7);
 * }</pre>
 */
public final class PrimeField implements AdditiveRing {
  private static final long LIMIT = 1L << 62;

  private final long p;
  private final int bits;
  private final long mu;

  private PrimeField(long p) {
    this.p = p;
    this.bits = 64 - Long.numberOfLeadingZeros(p);
    this.mu = BigInteger.ONE.shiftLeft(2 * bits).divide(BigInteger.valueOf(p)).longValueExact();
  }

  /** The field of order {@code p}; refuses a {@code p} that is not a prime below 2^62. */
  public static PrimeField of(long p) {
    if (p < 2 || p >= LIMIT) {
      throw new IllegalArgumentException("the modulus must lie in [2, 2^62): " + p);
    }
    // Error probability below 2^-100; the check runs once per field.
    if (!BigInteger.valueOf(p).isProbablePrime(100)) {
      throw new IllegalArgumentException("the modulus is not prime: " + p);
    }
    return new PrimeField(p);
  }

  public long modulus() {
    return p;
  }

  /** The element congruent to any {@code long}, negative ones included. */
  public long reduce(long value) {
    return Math.floorMod(value, p);
  }

  /** The representative of {@code a} in {@code (-p/2, p/2]}, for signed plaintexts. */
  public long toSigned(long a) {
    return a > p / 2 ? a - p : a;
  }

  @Override
  public boolean contains(long value) {
    return value >= 0 && value < p;
  }

  @Override
  public long add(long a, long b) {
    long s = a + b - p;
    return s + ((s >> 63) & p);
  }

  @Override
  public long subtract(long a, long b) {
    long d = a - b;
    return d + ((d >> 63) & p);
  }

  @Override
  public long negate(long a) {
    return a == 0 ? 0 : p - a;
  }

  @Override
  public long multiply(long a, long b) {
    long low = a * b;
    long high = Math.multiplyHigh(a, b);
    // q1 = ⌊ab / 2^(k-1)⌋ < 2^(k+1) and μ < 2^(k+1), both below 2^63: signed multiplyHigh is exact.
    long q1 = (high << (65 - bits)) | (low >>> (bits - 1));
    long q2Low = q1 * mu;
    long q2High = Math.multiplyHigh(q1, mu);
    long q3 = (q2High << (63 - bits)) | (q2Low >>> (bits + 1));
    long r = low - q3 * p; // exact: the true remainder estimate lies in [0, 3p) and 3p < 2^64
    if (Long.compareUnsigned(r, p) >= 0) {
      r -= p;
    }
    if (Long.compareUnsigned(r, p) >= 0) {
      r -= p;
    }
    return r;
  }

  @Override
  public void random(Prg prg, long[] out) {
    prg.fillBelow(out, p);
  }

  @Override
  public String toString() {
    return "Z_" + p;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PrimeField && ((PrimeField) o).p == p;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(p);
  }
}
