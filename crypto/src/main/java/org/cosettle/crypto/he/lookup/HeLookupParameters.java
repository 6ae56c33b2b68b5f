package org.cosettle.crypto.he.lookup;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cosettle.crypto.bfv.BfvBackend;
import org.cosettle.crypto.bfv.BfvContext;
import org.cosettle.crypto.bfv.BfvParameters;
import org.cosettle.crypto.bfv.CompactWordCiphertext;
import org.cosettle.crypto.bfv.WordCoefficientBfv;

/**
 * The parameters of the homomorphic table lookup, validated once: the ring (n = 8192, three 50-bit
 * data primes and a 60-bit special prime, 210 bits within the HE Standard's 128-bit bound of 218), the
 * flooding width that hides the index holder's selection to 2<sup>−40</sup> statistical distance,
 * and the widths of the compressed reply. Construction checks, from the worst-case noise bounds of
 * docs/crypto-bfv.md, that a full batch decrypts correctly to the unit.
 *
 * <pre>{@code
 * HeLookupParameters params = HeLookupParameters.standard();
 * int packed = params.degree();                 // lookups per packed ciphertext
 * }</pre>
 */
public final class HeLookupParameters {
  /** Statistical security of the flooding, in bits. */
  public static final int STATISTICAL_BITS = 40;
  /**
   * Most table entries one lookup sums ({@link HeLookupIndexHolder#lookUpSums}): a linear OKVS
   * decodes a value as the sum of three sparse positions and up to 64 dense ones. The leaf noise
   * bound covers that many.
   */
  public static final int MAX_TERMS = 3 + 64;
  /** Largest table: 32 ciphertexts of 8192 entries. */
  public static final int MAX_ENTRIES = 1 << 18;
  /** Bits kept of the first component at each looked-up coefficient. */
  static final int CONSTANT_BITS = 66;
  /** Bits kept of each coefficient of the second component. */
  static final int LINEAR_BITS = 80;

  /**
   * Three 50-bit data primes and a 60-bit special prime (210 of the 218 bits allowed at n = 8192):
   * a special prime well above the data primes makes a key switch's noise about its rounding term,
   * and three digits instead of four make it a third cheaper than on the default chain.
   */
  private static final HeLookupParameters STANDARD = new HeLookupParameters(
      BfvParameters.of(8192, new int[] {50, 50, 50, 60}, 20));
  /** Most claims one grouped-sum message carries: bounds the noise of an inner product. */
  public static final int MAX_SUM_CLAIMS = 1 << 16;
  /**
   * The same ring for grouped sums ({@link HeSumValueHolder}): a packed value is an inner product
   * of up to {@link #MAX_SUM_CLAIMS} encrypted words with 0/1 indicators, so its noise before
   * packing is up to that many fresh noises and roundings, instead of one.
   */
  private static final HeLookupParameters SUMS = new HeLookupParameters(STANDARD.context, STANDARD.n,
      (WordCoefficientBfv.freshNoiseBound() + 1.0) * MAX_SUM_CLAIMS + 1);

  /** The rings' contexts on other backends than {@link #standard()}'s, built once (tens of ms each). */
  private static final Map<List<Object>, BfvContext> CONTEXTS = new ConcurrentHashMap<>();

  private final BfvContext context;
  private final WordCoefficientBfv words;
  private final int n;
  private final int maxPacking;
  private final double packingNoiseBound;
  private final int floodingBits;
  private final double totalNoiseBound;
  private final int lookupsPerReply;
  private final double leafNoise;

  private HeLookupParameters(BfvParameters ring) {
    // a sum of MAX_TERMS extracted entries: their fresh noises and roundings add up
    this(BfvContext.create(ring), ring.degree(), MAX_TERMS * (WordCoefficientBfv.freshNoiseBound() + 1.0));
  }

  /** {@code leafNoise}: the noise bound of a value before packing. */
  private HeLookupParameters(BfvContext context, int lookupsPerReply, double leafNoise) {
    BfvParameters ring = context.parameters();
    this.context = context;
    this.words = WordCoefficientBfv.over(context);
    this.n = ring.degree();
    this.lookupsPerReply = lookupsPerReply;
    this.maxPacking = Integer.numberOfTrailingZeros(n);
    int top = ring.maxLevel();
    this.leafNoise = leafNoise;
    // noise at a packed coefficient: the value's own (for a lookup the table's fresh noise and the
    // two roundings of the scaled words), then 2^l − 1 key switches, each doubled by the levels above it
    packingNoiseBound = leafNoise + ((1 << maxPacking) - 1) * words.keySwitchNoiseBound(top);
    // the selection-dependent noise (packing) and the one correlated with the re-randomiser's
    // second component (its own noise) each shift a coefficient by at most their bound: uniform
    // flooding in [−2^F, 2^F) leaves a statistical distance of at most n·2·bounds / 2^(F+1)
    double shift = 2 * (packingNoiseBound + words.publicEncryptionNoiseBound());
    double distanceBits = log2(n) + log2(shift) - 1;
    floodingBits = (int) Math.ceil(STATISTICAL_BITS + distanceBits);
    totalNoiseBound = Math.pow(2, floodingBits) + packingNoiseBound + words.publicEncryptionNoiseBound();
    // the compressed reply at scale 2^LINEAR_BITS: the scaled noise, the rounding of c0 (times
    // 2^(LINEAR − CONSTANT)) and of c1 (times ‖s‖₁ ≤ n) must stay below half a unit, 2^(LINEAR − 65)
    double q = ring.dataModulus().doubleValue();
    double scaledNoise = totalNoiseBound * Math.pow(2, LINEAR_BITS) / q;
    double rounding = Math.pow(2, LINEAR_BITS - CONSTANT_BITS - 1) + n / 2.0;
    double bound = Math.pow(2, LINEAR_BITS - WordCoefficientBfv.WORD_BITS - 1);
    if (scaledNoise + rounding >= bound) {
      throw new IllegalStateException("lookup parameters do not decrypt correctly: noise " + (scaledNoise + rounding)
          + " ≥ " + bound + " at scale 2^" + LINEAR_BITS);
    }
  }

  /** The ring of {@link #standard()} with the noise bound of grouped sums (inner products). */
  public static HeLookupParameters sums() {
    return SUMS;
  }

  /** Other rings, for the tests of the construction's noise check. */
  static HeLookupParameters of(BfvParameters ring) {
    return new HeLookupParameters(ring);
  }

  /** n = 8192 with the 210-bit chain above. */
  public static HeLookupParameters standard() {
    return STANDARD;
  }

  /** The same ring with at most {@code count} lookups per packed ciphertext (tests split batches cheaply). */
  HeLookupParameters withLookupsPerReply(int count) {
    if (count < 1 || count > n) {
      throw new IllegalArgumentException("lookups per reply must lie in [1, " + n + "]: " + count);
    }
    return new HeLookupParameters(context, count, leafNoise);
  }

  /**
   * The same parameters with the polynomial arithmetic on {@code backend} ({@code BfvContext.create(ring,
   * backend)}): bit-identical results, so each party chooses its own; this object for the backend
   * it is on already. Contexts are built once per backend name and ring, and shared.
   */
  public HeLookupParameters on(BfvBackend backend) {
    if (backend == null) {
      throw new IllegalArgumentException("a backend is required");
    }
    if (backend.name().equals(context.backend())) {
      return this;
    }
    BfvParameters ring = context.parameters();
    BfvContext other = backend.name().equals(STANDARD.backend()) && ring.equals(STANDARD.context.parameters())
        ? STANDARD.context
        : CONTEXTS.computeIfAbsent(List.of(backend.name(), ring), key -> BfvContext.create(ring, backend));
    return new HeLookupParameters(other, lookupsPerReply, leafNoise);
  }

  /** The name of the backend the polynomial arithmetic runs on ({@link #on}). */
  public String backend() {
    return context.backend();
  }

  /** Lookups packed into one reply ciphertext: n unless a test asked for fewer. */
  int lookupsPerReply() {
    return lookupsPerReply;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  public BfvContext context() {
    return context;
  }

  WordCoefficientBfv words() {
    return words;
  }

  /** Ring degree: table entries per ciphertext and lookups per packed reply. */
  public int degree() {
    return n;
  }

  /** Width F of the flooding: uniform noise in [−2^F, 2^F) on the reply. */
  public int floodingBits() {
    return floodingBits;
  }

  /** The worst-case noise bound of a packed coefficient before flooding. */
  public double packingNoiseBound() {
    return packingNoiseBound;
  }

  /** The worst-case noise bound of the reply after re-randomisation and flooding. */
  public double totalNoiseBound() {
    return totalNoiseBound;
  }

  /** The Galois elements 2^l + 1 (l = 1..log2 n) that packing uses, one key each. */
  int[] galoisElements() {
    return galoisElements(maxPacking);
  }

  /** The Galois elements 2^l + 1 (l = 1..levels) that packing up to 2^levels values uses. */
  static int[] galoisElements(int levels) {
    int[] elements = new int[levels];
    for (int l = 1; l <= levels; l++) {
      elements[l - 1] = (1 << l) + 1;
    }
    return elements;
  }

  /** Levels of packing for a chunk of {@code count} lookups: ⌈log2 count⌉. */
  static int packingLevels(int count) {
    return count <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(count - 1);
  }

  /** Where lookup q of a chunk of {@code count} lands: (n / 2^l)·reverse_l(q). */
  int[] packedCoefficients(int count) {
    int levels = packingLevels(count);
    int[] coefficients = new int[count];
    for (int q = 0; q < count; q++) {
      int reversed = levels == 0 ? 0 : Integer.reverse(q) >>> (32 - levels);
      coefficients[q] = (n >> levels) * reversed;
    }
    return coefficients;
  }

  /** Bytes of the reply for {@code count} lookups. */
  public long replyBytes(long count) {
    long bytes = 4;
    for (long done = 0; done < count; done += lookupsPerReply) {
      bytes += CompactWordCiphertext.byteLength(n, (int) Math.min(lookupsPerReply, count - done), CONSTANT_BITS, LINEAR_BITS);
    }
    return bytes;
  }

  @Override
  public String toString() {
    return "HeLookupParameters{n=" + n + ", flooding=2^" + floodingBits + ", reply bits=" + CONSTANT_BITS + "/" + LINEAR_BITS + "}";
  }
}
