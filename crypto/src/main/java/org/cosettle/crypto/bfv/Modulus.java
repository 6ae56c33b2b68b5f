package org.cosettle.crypto.bfv;

import java.math.BigInteger;

/**
 * Arithmetic modulo one word-size prime {@code q < 2^61}: Barrett reduction of 128-bit products
 * and Shoup multiplication by precomputed constants. The bound keeps the lazy NTT values
 * ({@code < 4q}) inside a non-negative {@code long}.
 */
final class Modulus {
  static final int MAX_BITS = 61;

  final long value;
  final int bits;
  /** floor(2^128 / q), high and low words. */
  private final long ratioHigh;
  private final long ratioLow;
  /** For products below q²: the shift s = bits − 2 and μ = floor(2^(bits+61) / q) < 2^62. */
  private final int productShift;
  private final long productRatio;

  Modulus(long value) {
    if (value < 2 || 64 - Long.numberOfLeadingZeros(value) > MAX_BITS) {
      throw new IllegalArgumentException("modulus must be in [2, 2^" + MAX_BITS + "): " + value);
    }
    this.value = value;
    this.bits = 64 - Long.numberOfLeadingZeros(value);
    BigInteger ratio = BigInteger.ONE.shiftLeft(128).divide(BigInteger.valueOf(value));
    this.ratioHigh = ratio.shiftRight(64).longValue();
    this.ratioLow = ratio.longValue();
    this.productShift = Math.max(0, bits - 2);
    this.productRatio = BigInteger.ONE.shiftLeft(bits + 61).divide(BigInteger.valueOf(value)).longValue();
  }

  /** High word of the unsigned 128-bit product. */
  static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /** (high·2^64 + low) mod q for any unsigned 128-bit value. */
  long reduce128(long high, long low) {
    long carry = unsignedMultiplyHigh(low, ratioLow);
    long lowTimesRatioHigh = low * ratioHigh;
    long lowTimesRatioHighHigh = unsignedMultiplyHigh(low, ratioHigh);
    long middle = lowTimesRatioHigh + carry;
    long middleCarry = lowTimesRatioHighHigh + ((middle ^ Long.MIN_VALUE) < (carry ^ Long.MIN_VALUE) ? 1 : 0);
    long highTimesRatioLow = high * ratioLow;
    long sum = middle + highTimesRatioLow;
    long sumCarry = unsignedMultiplyHigh(high, ratioLow) + ((sum ^ Long.MIN_VALUE) < (middle ^ Long.MIN_VALUE) ? 1 : 0);
    long quotient = high * ratioHigh + middleCarry + sumCarry;
    long r = low - quotient * value;
    r -= value & ~((r - value) >> 63);
    r -= value & ~((r - value) >> 63);
    return r;
  }

  /** a·b mod q for a, b in [0, q). */
  long multiply(long a, long b) {
    return reduceNarrow(Math.multiplyHigh(a, b), a * b);
  }

  /**
   * (high·2^64 + low) mod q for a value below 2^(bits+61), e.g. a sum of up to 2^(61−bits)
   * products of residues. Barrett on the top bits: with x = value >> (bits−2) below 2^63 and
   * μ = floor(2^(bits+61)/q) below 2^62, floor(x·μ / 2^63) undershoots the quotient by at most
   * 2, and no unsigned corrections are needed.
   */
  long reduceNarrow(long high, long low) {
    long x = (high << (64 - productShift)) | (low >>> productShift);
    long quotient = (Math.multiplyHigh(x, productRatio) << 1) | ((x * productRatio) >>> 63);
    long r = low - quotient * value;
    r -= value & ~((r - value) >> 63);
    return r - (value & ~((r - value) >> 63));
  }

  /** Whether {@link #reduceNarrow} accepts sums of {@code terms} products of residues. */
  boolean reducesSumsOf(int terms) {
    return bits + (32 - Integer.numberOfLeadingZeros(terms)) <= 61;
  }

  /** x mod q for any signed x, in [0, q). */
  long reduceSigned(long x) {
    return Math.floorMod(x, value);
  }

  long add(long a, long b) {
    long s = a + b - value;
    return s + ((s >> 63) & value);
  }

  long subtract(long a, long b) {
    long d = a - b;
    return d + ((d >> 63) & value);
  }

  long negate(long a) {
    return a == 0 ? 0 : value - a;
  }

  /** floor(w·2^64 / q), the Shoup constant for multiplying by the fixed w in [0, q). */
  long shoup(long w) {
    return BigInteger.valueOf(w).shiftLeft(64).divide(BigInteger.valueOf(value)).longValue();
  }

  /** y·w mod q in [0, 2q) for any y in [0, 2^63), given wShoup = shoup(w). */
  long multiplyShoupLazy(long y, long w, long wShoup) {
    long q = Math.multiplyHigh(wShoup, y) + ((wShoup >> 63) & y);
    return w * y - q * value;
  }

  /** y·w mod q in [0, q). */
  long multiplyShoup(long y, long w, long wShoup) {
    long r = multiplyShoupLazy(y, w, wShoup);
    return r - (value & ~((r - value) >> 63));
  }

  long pow(long base, long exponent) {
    long result = 1;
    long b = base % value;
    long e = exponent;
    while (e > 0) {
      if ((e & 1) != 0) {
        result = multiply(result, b);
      }
      b = multiply(b, b);
      e >>>= 1;
    }
    return result;
  }

  /** The inverse of a modulo the prime q; a must be non-zero mod q. */
  long inverse(long a) {
    long r = reduceSigned(a);
    if (r == 0) {
      throw new ArithmeticException("zero has no inverse");
    }
    return pow(r, value - 2);
  }

  BigInteger big() {
    return BigInteger.valueOf(value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
