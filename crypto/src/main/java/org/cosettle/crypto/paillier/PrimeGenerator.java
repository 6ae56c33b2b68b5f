package org.cosettle.crypto.paillier;

import java.math.BigInteger;
import org.bouncycastle.math.Primes;
import org.cosettle.crypto.random.Prg;

/**
 * Random primes of an exact bit length with the top two bits set, so that the product of two has
 * exactly twice the bits.
 *
 * <p>A candidate passes trial division by the primes below 2<sup>16</sup>, the JDK's test (two
 * Miller–Rabin rounds and a strong Lucas test, the Baillie–PSW combination with no known
 * counterexample) and {@value #EXTRA_ROUNDS} more Miller–Rabin rounds with bases from the
 * {@link Prg} (Bouncy Castle's {@code Primes.isMRProbablePrime}). For random candidates of 1024
 * bits or more each Miller–Rabin round alone errs with probability far below 2<sup>−40</sup>
 * (Damgård, Landrock, Pomerance, Math. Comp. 61, 1993), so the combined error is negligible.
 */
final class PrimeGenerator {
  static final int EXTRA_ROUNDS = 4;

  private PrimeGenerator() {}

  static BigInteger randomPrime(int bits, Prg prg) {
    while (true) {
      BigInteger candidate = RandomIntegers.bits(prg, bits).setBit(bits - 1).setBit(bits - 2).setBit(0);
      if (isPrime(candidate, prg)) {
        return candidate;
      }
    }
  }

  static boolean isPrime(BigInteger candidate, Prg prg) {
    return !SmallPrimes.hasFactor(candidate)
        && candidate.isProbablePrime(128)
        && Primes.isMRProbablePrime(candidate, prg.asSecureRandom(), EXTRA_ROUNDS);
  }
}
