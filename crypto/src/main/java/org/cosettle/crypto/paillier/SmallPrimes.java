package org.cosettle.crypto.paillier;

import java.math.BigInteger;

/** Trial division by the odd primes below 2<sup>16</sup>, by gcd with their product. */
final class SmallPrimes {
  private static final int LIMIT = 1 << 16;
  private static final BigInteger PRODUCT = product();

  private SmallPrimes() {}

  /** Whether some odd prime below 2<sup>16</sup> divides {@code value} (and is not the value itself). */
  static boolean hasFactor(BigInteger value) {
    BigInteger common = value.gcd(PRODUCT);
    return !common.equals(BigInteger.ONE) && !common.equals(value);
  }

  private static BigInteger product() {
    boolean[] composite = new boolean[LIMIT];
    BigInteger product = BigInteger.ONE;
    for (int i = 3; i < LIMIT; i += 2) {
      if (!composite[i]) {
        product = product.multiply(BigInteger.valueOf(i));
        for (long j = (long) i * i; j < LIMIT; j += 2L * i) {
          composite[(int) j] = true;
        }
      }
    }
    return product;
  }
}
