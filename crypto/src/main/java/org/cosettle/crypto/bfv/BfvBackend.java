package org.cosettle.crypto.bfv;

/**
 * A BFV implementation that {@link BfvBackends} can choose: the pure-Java one of this package
 * ({@code java}), or one registered for {@link java.util.ServiceLoader} by an optional module
 * (the SEAL 4.4 binding of {@code cosettle-crypto-seal} registers {@code seal}). A backend with
 * native code loads it in {@link #load()}, so that a missing or broken library is reported when
 * the backend is chosen rather than at its first operation.
 */
public interface BfvBackend {
  /** The name callers select it by: lower case, e.g. {@code java} or {@code seal}. */
  String name();

  /**
   * Makes the backend ready to use; throws {@link BfvBackendUnavailableException} naming what is
   * missing (a native library, a dependency of it). Idempotent.
   */
  default void load() {}

  /** The scheme on {@code parameters} (builds its tables: do it once per parameter set). */
  BfvScheme open(BfvParameters parameters);

  /**
   * The negacyclic NTT modulo one prime p ≡ 1 (mod 2n), p below 2<sup>61</sup>, in this backend's
   * arithmetic: the polynomial product that BFV's RNS arithmetic is built from.
   */
  Ntt ntt(int n, long prime);

  /**
   * A negacyclic number-theoretic transform of n values modulo p, in place. The evaluation order
   * (and the root of unity) is the backend's own: only forward, pointwise product mod p, inverse
   * (= the product in Z<sub>p</sub>[X]/(X<sup>n</sup> + 1)) means the same on every backend.
   */
  interface Ntt {
    int degree();

    long modulus();

    /** Values in [0, p), in place. */
    void forward(long[] values);

    /** The inverse of {@link #forward}, including the factor 1/n; output in [0, p). */
    void inverse(long[] values);
  }
}
