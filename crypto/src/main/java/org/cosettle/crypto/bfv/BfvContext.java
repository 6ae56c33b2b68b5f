package org.cosettle.crypto.bfv;

import org.cosettle.crypto.random.Prg;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The precomputed tables for one {@link BfvParameters}: NTT tables for every prime, the auxiliary
 * base used by multiplication and the per-level RNS constants. Immutable and thread-safe; build
 * it once per parameter set and share it.
 *
 * <pre>{@code
 * BfvContext bfv = BfvContext.create(BfvParameters.defaults(4096));
 * Prg random = Prg.create();
 * BfvSecretKey secret = bfv.keyGenerator().secretKey(random);
 * BfvPublicKey pub = bfv.keyGenerator().publicKey(secret, random);
 * BfvCiphertext ct = bfv.encryptor(pub).encrypt(bfv.encoder().encode(new long[] {1, 2, 3}), random);
 * long[] slots = bfv.encoder().decode(bfv.decryptor(secret).decrypt(ct));
 * }</pre>
 */
public final class BfvContext {
  final BfvParameters parameters;
  final int n;
  final int maxLevel;
  /** Chain primes, special prime last. */
  final Modulus[] chain;
  final NttTables[] chainNtt;
  final Modulus plain;
  final NttTables plainNtt;
  /** Auxiliary base for the exact tensor product (Halevi–Polyakov–Shoup). */
  final Modulus[] aux;
  final NttTables[] auxNtt;
  final Level[] levels;
  /** P^{-1} mod q_j for the special prime P and each data prime. */
  final long[] specialInverse;
  /** The backend this context's polynomial arithmetic runs on ({@link BfvBackends#JAVA} or another). */
  private final String backend;
  /** The backend's transforms over the whole chain, or null: the Java tables for every operation. */
  private final BfvBackend.RnsNtt rnsNtt;
  /** limbPrimes[k] = {0, ..., k − 1}: the chain index of each limb of a level-k polynomial. */
  private final int[][] limbPrimes;
  private final ConcurrentHashMap<Integer, int[]> galoisPermutations = new ConcurrentHashMap<>();
  /** slotIndex[s] = position in the plaintext NTT of slot s (see {@link BfvEncoder}). */
  private final int[] slotIndex;

  /** Constants of ciphertexts that use the first k data primes. */
  static final class Level {
    final int k;
    final Modulus[] moduli;
    final BigInteger modulus;
    /** floor(Q/t) mod q_i. */
    final long[] delta;
    /** Q mod t. */
    final long modulusModPlain;
    final RnsConverter toPlain;
    /** −Q^{-1} mod t. */
    final long negativeInverseModPlain;
    final RnsConverter toAux;
    final RnsConverter auxToData;
    /** Q^{-1} mod b_j. */
    final long[] inverseModAux;
    /** t mod q_i. */
    final long[] plainModData;
    /** q_{k-1}^{-1} mod q_j for j < k-1 (modulus switching). */
    final long[] lastInverse;

    Level(int k, Modulus[] chain, Modulus plain, Modulus[] aux) {
      this.k = k;
      this.moduli = Arrays.copyOf(chain, k);
      BigInteger q = BigInteger.ONE;
      for (Modulus m : moduli) {
        q = q.multiply(m.big());
      }
      this.modulus = q;
      BigInteger floorDelta = q.divide(plain.big());
      modulusModPlain = q.mod(plain.big()).longValue();
      delta = new long[k];
      plainModData = new long[k];
      for (int i = 0; i < k; i++) {
        delta[i] = floorDelta.mod(moduli[i].big()).longValue();
        plainModData[i] = plain.value % moduli[i].value;
      }
      toPlain = new RnsConverter(moduli, new Modulus[] {plain});
      negativeInverseModPlain = plain.negate(q.mod(plain.big()).modInverse(plain.big()).longValue());
      toAux = new RnsConverter(moduli, aux);
      auxToData = new RnsConverter(aux, moduli);
      inverseModAux = new long[aux.length];
      for (int j = 0; j < aux.length; j++) {
        inverseModAux[j] = q.mod(aux[j].big()).modInverse(aux[j].big()).longValue();
      }
      lastInverse = new long[Math.max(0, k - 1)];
      for (int j = 0; j < k - 1; j++) {
        lastInverse[j] = moduli[j].inverse(moduli[k - 1].value % moduli[j].value);
      }
    }
  }

  private BfvContext(BfvParameters parameters, BfvBackend backend) {
    this.parameters = parameters;
    this.n = parameters.degree();
    long[] primes = parameters.coefficientModuli();
    this.maxLevel = primes.length - 1;
    chain = new Modulus[primes.length];
    chainNtt = new NttTables[primes.length];
    for (int i = 0; i < primes.length; i++) {
      chain[i] = new Modulus(primes[i]);
      chainNtt[i] = new NttTables(chain[i], n);
    }
    plain = new Modulus(parameters.plainModulus());
    plainNtt = new NttTables(plain, n);

    // The tensor product of two centred ciphertexts has coefficients below n·Q²/4 and its
    // scaled result below t·n·Q/4; the auxiliary product must exceed both with room to spare.
    BigInteger q = parameters.dataModulus();
    BigInteger needed = q.multiply(BigInteger.valueOf(n)).multiply(BigInteger.valueOf(parameters.plainModulus())).shiftLeft(2);
    Set<Long> used = new HashSet<>();
    for (long p : primes) {
      used.add(p);
    }
    used.add(parameters.plainModulus());
    int auxCount = 1;
    while (BigInteger.ONE.shiftLeft(60 * auxCount).compareTo(needed) <= 0) {
      auxCount++;
    }
    List<Long> auxPrimes = Primes.nttPrimes(Modulus.MAX_BITS, n, auxCount, used);
    aux = new Modulus[auxCount];
    auxNtt = new NttTables[auxCount];
    for (int j = 0; j < auxCount; j++) {
      aux[j] = new Modulus(auxPrimes.get(j));
      auxNtt[j] = new NttTables(aux[j], n);
    }
    levels = new Level[maxLevel + 1];
    for (int k = 1; k <= maxLevel; k++) {
      levels[k] = new Level(k, chain, plain, aux);
    }
    slotIndex = new int[n];
    int half = n / 2;
    long element = 1;
    for (int column = 0; column < half; column++) {
      slotIndex[column] = NttTables.reverseBits((int) ((element - 1) / 2), plainNtt.logN);
      slotIndex[column + half] = NttTables.reverseBits((int) ((2L * n - element - 1) / 2), plainNtt.logN);
      element = (element * 3) % (2L * n);
    }
    Modulus special = chain[maxLevel];
    specialInverse = new long[maxLevel];
    for (int j = 0; j < maxLevel; j++) {
      specialInverse[j] = chain[j].inverse(special.value % chain[j].value);
    }
    limbPrimes = new int[primes.length + 1][];
    for (int k = 0; k <= primes.length; k++) {
      limbPrimes[k] = IntStream.range(0, k).toArray();
    }
    this.backend = backend.name();
    this.rnsNtt = backend.rnsNtt(n, primes).orElse(null);
    if (rnsNtt != null) {
      requireJavaOrder();
    }
  }

  /**
   * Checks that the backend's transforms give the Java tables' results bit for bit (the same
   * order, the same root, fully reduced), on one pseudo-random polynomial over the whole chain.
   */
  private void requireJavaOrder() {
    int limbs = chain.length;
    long[] probe = new long[limbs * n];
    long x = 0x9E3779B97F4A7C15L;
    for (int limb = 0; limb < limbs; limb++) {
      for (int c = 0; c < n; c++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
        probe[limb * n + c] = Long.remainderUnsigned(x, chain[limb].value);
      }
    }
    long[] expected = probe.clone();
    long[] actual = probe.clone();
    forward(expected, limbs);
    rnsNtt.forward(actual, limbPrimes[limbs]);
    boolean same = Arrays.equals(expected, actual);
    rnsNtt.inverse(actual, limbPrimes[limbs]);
    if (!same || !Arrays.equals(probe, actual)) {
      throw new BfvBackendUnavailableException("the " + backend + " backend's NTT does not give the java backend's "
          + "results bit for bit (order, root or reduction), so it cannot share keys and ciphertexts with it");
    }
  }

  /** Builds the tables for {@code parameters} (tens of milliseconds; do it once). */
  public static BfvContext create(BfvParameters parameters) {
    return create(parameters, BfvBackends.select(BfvBackends.JAVA));
  }

  /**
   * The tables for {@code parameters} with the polynomial arithmetic on {@code backend}'s NTTs
   * where it {@linkplain BfvBackend.RnsNtt#usedFor chose} them: the results are bit-identical to
   * the Java tables' (checked here), so keys and ciphertexts of contexts on different backends mix.
   */
  public static BfvContext create(BfvParameters parameters, BfvBackend backend) {
    if (parameters == null) {
      throw new IllegalArgumentException("parameters are required");
    }
    if (backend == null) {
      throw new IllegalArgumentException("a backend is required");
    }
    return new BfvContext(parameters, backend);
  }

  /** The name of the backend the polynomial arithmetic runs on. */
  public String backend() {
    return backend;
  }

  public BfvParameters parameters() {
    return parameters;
  }

  public BfvEncoder encoder() {
    return new BfvEncoder(this);
  }

  public BfvKeyGenerator keyGenerator() {
    return new BfvKeyGenerator(this);
  }

  public BfvEncryptor encryptor(BfvPublicKey publicKey) {
    return new BfvEncryptor(this, publicKey);
  }

  /** Symmetric encryption; its ciphertexts serialize with a seed instead of their uniform half. */
  public BfvEncryptor symmetricEncryptor(BfvSecretKey secretKey) {
    return new BfvEncryptor(this, secretKey);
  }

  public BfvDecryptor decryptor(BfvSecretKey secretKey) {
    return new BfvDecryptor(this, secretKey);
  }

  public BfvEvaluator evaluator() {
    return new BfvEvaluator(this);
  }

  /** These tables behind the backend-neutral {@link BfvScheme} interface (the {@code java} backend). */
  public BfvScheme scheme() {
    return new JavaBfvScheme(this);
  }

  int[] slotIndex() {
    return slotIndex;
  }

  void requireSameParameters(BfvParameters other, String what) {
    if (!parameters.equals(other)) {
      throw new IllegalArgumentException(what + " belongs to another parameter set: " + other + ", expected " + parameters);
    }
  }

  // ---- polynomial helpers over the first k chain primes (limb i at offset i·n) ----

  void forward(long[] poly, int k) {
    for (int i = 0; i < k; i++) {
      chainNtt[i].forward(poly, i * n);
    }
  }

  void inverse(long[] poly, int k) {
    for (int i = 0; i < k; i++) {
      chainNtt[i].inverse(poly, i * n);
    }
  }

  /** {@link #forward(long[], int)} on the backend's transforms when it chose {@code operation}. */
  /** The chain index of each limb of a key-switching polynomial at level k: 0..k − 1, then the special prime. */
  int[] keySwitchPrimes(int k) {
    int[] primes = Arrays.copyOf(limbPrimes[k], k + 1);
    primes[k] = maxLevel;
    return primes;
  }

  void forward(long[] poly, int k, BfvBackend.Operation operation) {
    if (rnsNtt != null && rnsNtt.usedFor(operation)) {
      rnsNtt.forward(poly, limbPrimes[k]);
    } else {
      forward(poly, k);
    }
  }

  /** {@link #inverse(long[], int)} on the backend's transforms when it chose {@code operation}. */
  void inverse(long[] poly, int k, BfvBackend.Operation operation) {
    if (rnsNtt != null && rnsNtt.usedFor(operation)) {
      rnsNtt.inverse(poly, limbPrimes[k]);
    } else {
      inverse(poly, k);
    }
  }

  /** Limb j of {@code poly} modulo chain prime {@code primes[j]}, forward, for {@code operation}. */
  void forward(long[] poly, int[] primes, BfvBackend.Operation operation) {
    if (rnsNtt != null && rnsNtt.usedFor(operation)) {
      rnsNtt.forward(poly, primes);
    } else {
      for (int j = 0; j < primes.length; j++) {
        chainNtt[primes[j]].forward(poly, j * n);
      }
    }
  }

  /** Limb j of {@code poly} modulo chain prime {@code primes[j]}, inverse, for {@code operation}. */
  void inverse(long[] poly, int[] primes, BfvBackend.Operation operation) {
    if (rnsNtt != null && rnsNtt.usedFor(operation)) {
      rnsNtt.inverse(poly, primes);
    } else {
      for (int j = 0; j < primes.length; j++) {
        chainNtt[primes[j]].inverse(poly, j * n);
      }
    }
  }

  /**
   * Adds round(Q·m/t) = floor(Q/t)·m + round((Q mod t)·m/t) to the level-k polynomial, for a
   * plaintext m with coefficients in [0, t). Rounding Q/t·m rather than multiplying by
   * floor(Q/t) keeps the (Q mod t)·m/Q term, up to t²/Q, out of the noise (as SEAL does).
   */
  void addScaledPlain(long[] poly, long[] m, int k) {
    Level level = levels[k];
    long t = plain.value;
    long halfT = t >>> 1;
    long r = level.modulusModPlain;
    long tInverse = inverseModWord(t);
    long[] correction = new long[n];
    for (int c = 0; c < n; c++) {
      // floor((r·m + t/2) / t): the low word of r·m + t/2 minus its remainder, divided exactly
      long remainder = plain.add(plain.multiply(r, m[c]), halfT);
      correction[c] = (r * m[c] + halfT - remainder) * tInverse;
    }
    for (int limb = 0; limb < k; limb++) {
      Modulus q = chain[limb];
      long delta = level.delta[limb];
      long deltaShoup = q.shoup(delta);
      int base = limb * n;
      for (int c = 0; c < n; c++) {
        long scaled = q.multiplyShoup(q.reduceNarrow(0, m[c]), delta, deltaShoup);
        long fix = q.reduceNarrow(0, correction[c]);
        poly[base + c] = q.add(poly[base + c], q.add(scaled, fix));
      }
    }
  }

  /** x^{-1} mod 2^64 for odd x (Newton's iteration doubles the correct bits each step). */
  static long inverseModWord(long x) {
    long inverse = x;
    for (int i = 0; i < 5; i++) {
      inverse *= 2 - x * inverse;
    }
    return inverse;
  }

  /**
   * round(x / p) over the first {@code kept} chain primes, for x given limb-major over those
   * primes followed by one more limb modulo p; inverses[j] = p^{-1} mod q_j. The remainder is
   * taken centred, so the result is the nearest integer (Fan–Vercauteren's modulus switching).
   */
  long[] divideRoundByLastLimb(long[] x, int kept, Modulus last, long[] inverses) {
    long half = last.value >>> 1;
    long[] result = new long[kept * n];
    int lastBase = kept * n;
    for (int j = 0; j < kept; j++) {
      Modulus q = chain[j];
      long lastModQ = last.value % q.value;
      long inverse = inverses[j];
      long inverseShoup = q.shoup(inverse);
      int base = j * n;
      for (int c = 0; c < n; c++) {
        long r = x[lastBase + c];
        long rModQ = r < q.value ? r : q.reduceNarrow(0, r);
        if (r > half) {
          rModQ = q.subtract(rModQ, lastModQ);
        }
        result[base + c] = q.multiplyShoup(q.subtract(x[base + c], rModQ), inverse, inverseShoup);
      }
    }
    return result;
  }

  /** Which index a coefficient of X^i moves to under X → X^g, with the sign in the top bit. */
  int[] galoisPermutation(int galoisElement) {
    return galoisPermutations.computeIfAbsent(galoisElement, g -> {
      int[] target = new int[n];
      int mask = 2 * n - 1;
      for (int i = 0; i < n; i++) {
        int j = (int) (((long) i * g) & mask);
        target[i] = j < n ? j : (j - n) | Integer.MIN_VALUE;
      }
      return target;
    });
  }

  /** Applies X → X^g to each of the k limbs of a coefficient-form polynomial. */
  long[] applyGalois(long[] poly, int k, int galoisElement) {
    int[] target = galoisPermutation(galoisElement);
    long[] result = new long[poly.length];
    for (int limb = 0; limb < k; limb++) {
      Modulus q = chain[limb];
      int base = limb * n;
      for (int i = 0; i < n; i++) {
        int t = target[i];
        long value = poly[base + i];
        if (t < 0) {
          result[base + (t & Integer.MAX_VALUE)] = q.negate(value);
        } else {
          result[base + t] = value;
        }
      }
    }
    return result;
  }

  @Override
  public String toString() {
    return "BfvContext{" + parameters + ", aux primes=" + aux.length + ", backend=" + backend + "}";
  }
}
