package org.cosettle.crypto.seal;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.cosettle.crypto.bfv.BfvBackend;
import org.cosettle.crypto.bfv.BfvBackendUnavailableException;
import org.cosettle.crypto.bfv.BfvParameters;
import org.cosettle.crypto.bfv.BfvScheme;

/**
 * The {@code seal} BFV backend: Microsoft SEAL 4.4 through JavaCPP, registered for
 * {@link java.util.ServiceLoader}, so that {@code BfvBackends.select("seal")} (or
 * {@code -Dcosettle.he.backend=seal}) finds it when this module is on the class path.
 *
 * <pre>{@code
 * BfvScheme he = BfvBackends.select("seal").open(BfvParameters.defaults(8192, 30));
 * }</pre>
 *
 * <p>Stock SEAL caps the plaintext modulus at 60 bits ({@code SEAL_PLAIN_MOD_BIT_COUNT_MAX}), so
 * it serves prime-t batching, as {@link BfvParameters} defines it, and its NTT; it has no
 * plaintext modulus 2<sup>64</sup>.
 */
public final class SealBackend implements BfvBackend {
  /** The name to select it by. */
  public static final String NAME = "seal";

  /** The polynomial operations of a {@code BfvContext} that run on SEAL's NTTs (measured choice). */
  static final Set<Operation> OPERATIONS = EnumSet.allOf(Operation.class);

  private static volatile boolean loaded;

  /** For {@link java.util.ServiceLoader}. */
  public SealBackend() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void load() {
    if (loaded) {
      return;
    }
    synchronized (SealBackend.class) {
      if (loaded) {
        return;
      }
      try {
        SealNative.load();
      } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
        throw new BfvBackendUnavailableException("the seal BFV backend's native library failed to load ("
            + e + "); build cosettle-crypto-seal with -Pseal against SEAL_HOME on this platform "
            + "(docs/crypto-bfv.md)", e);
      }
      loaded = true;
    }
  }

  @Override
  public BfvScheme open(BfvParameters parameters) {
    if (parameters == null) {
      throw new IllegalArgumentException("parameters are required");
    }
    load();
    return new SealBfvScheme(parameters);
  }

  @Override
  public Ntt ntt(int n, long prime) {
    load();
    return new SealNtt(n, prime);
  }

  /**
   * SEAL's NTTs for the operations where they measured faster than the Java tables
   * ({@link #OPERATIONS}; docs/benchmarks.md, "BFV backends"), bit-identical to them.
   */
  @Override
  public Optional<RnsNtt> rnsNtt(int n, long[] primes) {
    load();
    return Optional.of(new SealRnsNtt(n, primes, OPERATIONS));
  }

  @Override
  public String toString() {
    return "BfvBackend[seal]";
  }
}
