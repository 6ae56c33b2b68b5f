package org.cosettle.crypto.seal;

import java.util.Set;
import org.cosettle.crypto.bfv.BfvBackend;

/**
 * SEAL's NTTs over one RNS chain, a whole polynomial per JNI call (the arrays pinned, not copied),
 * for the polynomial arithmetic of a {@code BfvContext} on the {@code seal} backend. The context
 * checks at construction that the results equal the Java tables' bit for bit.
 */
final class SealRnsNtt implements BfvBackend.RnsNtt {
  private final int n;
  private final int chain;
  private final Set<BfvBackend.Operation> operations;
  private final SealNative.RnsNtt tables;

  SealRnsNtt(int n, long[] primes, Set<BfvBackend.Operation> operations) {
    for (long prime : primes) {
      // the Java tables check n, that p is prime, below 2^61 and ≡ 1 (mod 2n), with clear messages
      new SealNtt(n, prime);
    }
    this.n = n;
    this.chain = primes.length;
    this.operations = Set.copyOf(operations);
    this.tables = new SealNative.RnsNtt(n, primes.clone());
  }

  @Override
  public void forward(long[] poly, int[] primes) {
    check(poly, primes);
    tables.forward(poly, primes, primes.length);
  }

  @Override
  public void inverse(long[] poly, int[] primes) {
    check(poly, primes);
    tables.inverse(poly, primes, primes.length);
  }

  @Override
  public boolean usedFor(BfvBackend.Operation operation) {
    return operations.contains(operation);
  }

  private void check(long[] poly, int[] primes) {
    if (poly == null || primes == null || poly.length < (long) primes.length * n) {
      throw new IllegalArgumentException("a polynomial of " + (primes == null ? "?" : primes.length) + " limbs of "
          + n + " values is required");
    }
    for (int prime : primes) {
      if (prime < 0 || prime >= chain) {
        throw new IllegalArgumentException("no prime " + prime + " in a chain of " + chain);
      }
    }
  }
}
