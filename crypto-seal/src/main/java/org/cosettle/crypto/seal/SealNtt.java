package org.cosettle.crypto.seal;

import org.cosettle.crypto.bfv.BfvBackend;
import org.cosettle.crypto.bfv.NegacyclicNtt;

/** SEAL's negacyclic NTT (Harvey's butterflies) on one prime, through JNI. */
final class SealNtt implements BfvBackend.Ntt {
  private final int n;
  private final long prime;
  private final SealNative.Ntt tables;

  SealNtt(int n, long prime) {
    // the Java tables check n, that p is prime, below 2^61 and ≡ 1 (mod 2n), with clear messages
    NegacyclicNtt.of(n, prime);
    this.n = n;
    this.prime = prime;
    this.tables = new SealNative.Ntt(n, prime);
  }

  @Override
  public int degree() {
    return n;
  }

  @Override
  public long modulus() {
    return prime;
  }

  @Override
  public void forward(long[] values) {
    requireLength(values);
    tables.forward(values);
  }

  @Override
  public void inverse(long[] values) {
    requireLength(values);
    tables.inverse(values);
  }

  private void requireLength(long[] values) {
    if (values == null || values.length != n) {
      throw new IllegalArgumentException("expected " + n + " values, got " + (values == null ? "none" : values.length));
    }
  }
}
