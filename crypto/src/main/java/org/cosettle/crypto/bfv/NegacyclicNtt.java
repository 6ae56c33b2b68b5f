package org.cosettle.crypto.bfv;

/**
 * The negacyclic NTT modulo one word-size prime on its own, for callers that multiply
 * polynomials in Z_p[X]/(X^n + 1) without the rest of BFV (and for benchmarks).
 *
 * <pre>{@code
 * NegacyclicNtt ntt = NegacyclicNtt.of(4096, p);   // p prime, p ≡ 1 mod 8192, p < 2^61
 * ntt.forward(a); ntt.forward(b);                  // pointwise a[i]·b[i] mod p, then
 * ntt.inverse(c);                                  // c = a·b mod (X^n + 1, p)
 * }</pre>
 */
public final class NegacyclicNtt implements BfvBackend.Ntt {
  private final NttTables tables;

  private NegacyclicNtt(NttTables tables) {
    this.tables = tables;
  }

  /** For n a power of two and p a prime below 2^61 with p ≡ 1 (mod 2n). */
  public static NegacyclicNtt of(int n, long prime) {
    if (!Primes.isPrime(prime)) {
      throw new IllegalArgumentException(prime + " is not prime");
    }
    return new NegacyclicNtt(new NttTables(new Modulus(prime), n));
  }

  @Override
  public int degree() {
    return tables.n;
  }

  @Override
  public long modulus() {
    return tables.modulus.value;
  }

  /** In place; values in [0, p), output in bit-reversed evaluation order. */
  @Override
  public void forward(long[] values) {
    requireLength(values);
    tables.forward(values, 0);
  }

  /** In place; the inverse of {@link #forward}, including the factor 1/n. */
  @Override
  public void inverse(long[] values) {
    requireLength(values);
    tables.inverse(values, 0);
  }

  private void requireLength(long[] values) {
    if (values.length != tables.n) {
      throw new IllegalArgumentException("expected " + tables.n + " values, got " + values.length);
    }
  }
}
