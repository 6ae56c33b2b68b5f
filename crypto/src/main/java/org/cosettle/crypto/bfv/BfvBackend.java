package org.cosettle.crypto.bfv;

import java.util.Optional;

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
   * The negacyclic NTTs of an RNS chain in this backend's arithmetic, many limbs per call, for the
   * polynomial arithmetic of {@link BfvContext} (and so of {@link WordCoefficientBfv}, the
   * settlement's t = 2<sup>64</sup> BFV): {@code BfvContext.create(parameters, backend)} runs the
   * operations this returns {@link RnsNtt#usedFor true} for on it, the rest on the Java tables.
   * Empty (the default, and the {@code java} backend): the context's own Java transforms.
   */
  default Optional<RnsNtt> rnsNtt(int n, long[] primes) {
    return Optional.empty();
  }

  /** The polynomial operations of a {@link BfvContext} that a backend's {@link RnsNtt} may take. */
  enum Operation {
    /** Secret, public, relinearisation and Galois keys. */
    KEY_GENERATION,
    /** Public-key and symmetric encryption (with {@link WordCoefficientBfv#encrypt}, {@code encryptZero}). */
    ENCRYPT,
    /** Decryption and the noise budget (the products c<sub>1</sub>·s). */
    DECRYPT,
    /** Key switching: relinearisation, rotations, {@link WordCoefficientBfv#applyGalois}. */
    KEY_SWITCH,
    /** {@link WordCoefficientBfv#transform}, {@code transformPlain} and {@code sumOfProducts}. */
    INNER_PRODUCT
  }

  /**
   * Negacyclic NTTs modulo the primes of one chain, in place over limb-major polynomials (limb j
   * at offset j·n). Results must be bit-identical to the {@code java} backend's: values in [0, p)
   * in and out, the forward transform putting a(ψ<sup>2·rev(i)+1</sup>) at position i for the
   * smallest primitive 2n-th root ψ modulo p (SEAL's choice as well) and rev the reversal of
   * log2(n) bits; {@link BfvContext} checks this when it is created, so that keys, ciphertexts and
   * the parties' backends mix freely.
   */
  interface RnsNtt {
    /** Limb j of {@code poly} modulo the chain's prime {@code primes[j]}, for j below primes.length. */
    void forward(long[] poly, int[] primes);

    /** The inverse of {@link #forward} limb by limb, including the factor 1/n. */
    void inverse(long[] poly, int[] primes);

    /** Whether the context runs {@code operation} on these transforms (the backend's measured choice). */
    default boolean usedFor(Operation operation) {
      return true;
    }
  }

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
