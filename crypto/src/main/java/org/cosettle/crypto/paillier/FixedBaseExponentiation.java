package org.cosettle.crypto.paillier;

import java.math.BigInteger;

/**
 * Powers of one fixed base g modulo N with exponents of at most {@code exponentBits} bits, by a
 * precomputed windowed table (the fixed-base windowing of Brickell, Gordon, McCurley and Wilson,
 * "Fast exponentiation with precomputation", EUROCRYPT '92): entry [i][d] holds
 * g<sup>d·2<sup>w·i</sup></sup>, so g<sup>a</sup> is the product of one entry per w-bit digit of a —
 * ⌈bits / w⌉ − 1 multiplications and no squarings.
 */
final class FixedBaseExponentiation {
  /** Window width: 6 bits keep the table at 64 entries per digit (2.1 MB at n = 3072). */
  static final int WINDOW_BITS = 6;

  private final BarrettReducer reducer;
  private final int exponentBits;
  private final BigInteger[][] table;

  FixedBaseExponentiation(BigInteger base, BarrettReducer reducer, int exponentBits) {
    this.reducer = reducer;
    this.exponentBits = exponentBits;
    int digits = (exponentBits + WINDOW_BITS - 1) / WINDOW_BITS;
    table = new BigInteger[digits][1 << WINDOW_BITS];
    BigInteger digitBase = base;
    for (int i = 0; i < digits; i++) {
      BigInteger[] row = table[i];
      row[0] = BigInteger.ONE;
      row[1] = digitBase;
      for (int d = 2; d < row.length; d++) {
        row[d] = reducer.multiply(row[d - 1], digitBase);
      }
      digitBase = reducer.multiply(row[row.length - 1], digitBase);
    }
  }

  /** g<sup>exponent</sup> mod N for 0 ≤ exponent &lt; 2<sup>exponentBits</sup>. */
  BigInteger power(BigInteger exponent) {
    if (exponent.signum() < 0 || exponent.bitLength() > exponentBits) {
      throw new IllegalArgumentException("exponent outside [0, 2^" + exponentBits + ")");
    }
    BigInteger result = null;
    for (int i = 0; i < table.length; i++) {
      int digit = digit(exponent, i);
      if (digit == 0) {
        continue;
      }
      result = result == null ? table[i][digit] : reducer.multiply(result, table[i][digit]);
    }
    return result == null ? BigInteger.ONE : result;
  }

  private static int digit(BigInteger exponent, int index) {
    int digit = 0;
    int low = index * WINDOW_BITS;
    for (int bit = WINDOW_BITS - 1; bit >= 0; bit--) {
      digit = (digit << 1) | (exponent.testBit(low + bit) ? 1 : 0);
    }
    return digit;
  }
}
