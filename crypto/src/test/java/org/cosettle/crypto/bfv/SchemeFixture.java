package org.cosettle.crypto.bfv;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cosettle.crypto.random.Prg;

/**
 * One scheme and key set per (backend, parameter set), shared by the backend-parameterised suites
 * ({@link BfvSchemeTest}, {@code HeTripleGeneratorTest}). The backends are those on the class
 * path: {@code java} in this module, {@code java} and {@code seal} where the SEAL module is built.
 */
public final class SchemeFixture {
  private static final Map<String, SchemeFixture> SHARED = new ConcurrentHashMap<>();

  public final BfvScheme he;
  public final Prg random;
  public final BfvScheme.SecretKey secret;
  public final BfvScheme.PublicKey publicKey;
  public final long t;
  private BfvScheme.RelinKeys relinKeys;
  private BfvScheme.GaloisKeys galoisKeys;

  private SchemeFixture(String backend, BfvParameters parameters) {
    he = BfvBackends.select(backend).open(parameters);
    random = seeded(parameters.degree() + parameters.plainModulus());
    secret = he.secretKey(random);
    publicKey = he.publicKey(secret, random);
    t = parameters.plainModulus();
  }

  /** The backends the suites run on: every one on the class path. */
  public static List<String> backends() {
    return BfvBackends.names();
  }

  /** The shared fixture of this backend for n with SEAL's chain and a t of {@code plainBits} bits. */
  public static SchemeFixture of(String backend, int n, int plainBits) {
    return SHARED.computeIfAbsent(backend + "/" + n + "/" + plainBits,
        key -> new SchemeFixture(backend, BfvParameters.defaults(n, plainBits)));
  }

  /** A deterministic generator for reproducible inputs. */
  public static Prg seeded(long seed) {
    byte[] bytes = new byte[32];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (seed >>> (8 * i));
    }
    return Prg.fromSeed(bytes);
  }

  /** Runs {@code action} with the system property set ({@code null}: cleared), then restores it. */
  public static void withSystemProperty(String key, String value, Runnable action) {
    String before = System.getProperty(key);
    try {
      if (value == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, value);
      }
      action.run();
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }

  public synchronized BfvScheme.RelinKeys relinKeys() {
    if (relinKeys == null) {
      relinKeys = he.relinKeys(secret, random);
    }
    return relinKeys;
  }

  public synchronized BfvScheme.GaloisKeys galoisKeys() {
    if (galoisKeys == null) {
      galoisKeys = he.galoisKeys(secret, new int[] {1, -1, 5}, random);
    }
    return galoisKeys;
  }

  public long[] randomSlots(Prg source) {
    long[] values = new long[he.slotCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = source.nextLongBelow(t);
    }
    return values;
  }

  public long[] decrypt(BfvScheme.Ciphertext ciphertext) {
    return he.decrypt(secret, ciphertext);
  }

  public long mulMod(long a, long b) {
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(BigInteger.valueOf(t)).longValue();
  }
}
