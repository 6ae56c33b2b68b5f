package org.cosettle.crypto.paillier;

import java.math.BigInteger;
import org.cosettle.crypto.random.Prg;

/** Uniform integers drawn from a {@link Prg}. */
final class RandomIntegers {
  private RandomIntegers() {}

  /** Uniform in [0, 2<sup>bits</sup>). */
  static BigInteger bits(Prg prg, int bits) {
    byte[] bytes = prg.nextBytes((bits + 7) / 8);
    int excess = bytes.length * 8 - bits;
    if (excess > 0) {
      bytes[0] &= (byte) (0xFF >>> excess);
    }
    return new BigInteger(1, bytes);
  }

  /** Uniform in Z<sub>n</sub><sup>*</sup> for a k-bit n, by rejection of k-bit draws (fewer than two on average). */
  static BigInteger unit(Prg prg, BigInteger n) {
    while (true) {
      BigInteger candidate = bits(prg, n.bitLength());
      if (candidate.signum() > 0 && candidate.compareTo(n) < 0 && candidate.gcd(n).equals(BigInteger.ONE)) {
        return candidate;
      }
    }
  }
}
