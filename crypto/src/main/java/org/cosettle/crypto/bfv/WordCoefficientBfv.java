package org.cosettle.crypto.bfv;

import java.math.BigInteger;
import org.cosettle.crypto.random.Prg;

/**
 * BFV with plaintext modulus t = 2<sup>64</sup> in coefficient encoding, over the ring and keys of
 * a {@link BfvContext} (whose batching prime plays no part here): a plaintext is a polynomial whose
 * n coefficients are 64-bit words, so coefficient k of a ciphertext is free to address, and a
 * ciphertext at level k holds round(Q·m/2<sup>64</sup>) + e. The scaling is exact (Kim–Polyakov–Zucca
 * 2021): round(Q·m/t) = ⌊Q/t⌋·m + round((Q mod t)·m/t), so the only noise is the encryption's own,
 * and decryption rounds 2<sup>64</sup>·(c0 + c1·s)/Q. The noise bounds are in docs/crypto-bfv.md.
 *
 * <p>The operations are those a private table lookup needs: encrypt a table, shift by a monomial
 * X<sup>p</sup> (moves coefficient k to k + p, negacyclically), add a word to one coefficient,
 * divide by 2<sup>l</sup> modulo Q, apply an automorphism X → X<sup>g</sup> with a Galois key, and
 * {@linkplain #compress compress} a ciphertext to the few coefficients the key owner decrypts; and
 * the sums of products with plaintext polynomials that grouped sums need ({@link #sumOfProducts}).
 *
 * <pre>{@code
 * WordCoefficientBfv words = WordCoefficientBfv.over(BfvContext.create(BfvParameters.defaults(8192)));
 * BfvCiphertext table = words.encrypt(entries, secretKey, prg);
 * BfvCiphertext moved = words.multiplyByMonomial(table, -17);      // entry 17 now at coefficient 0
 * long first = words.decrypt(moved, secretKey)[0];                 // entries[17]
 * }</pre>
 *
 * <p>Over 400 lines: every operation on coefficient-encoded words shares the exact scaling and the
 * residue helpers here, and splitting them would expose the ring's internals outside the package.
 */
public final class WordCoefficientBfv {
  /** Bits of a plaintext word: t = 2^64. */
  public static final int WORD_BITS = 64;
  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(WORD_BITS);

  private final BfvContext context;
  private final int n;
  private final KeySwitcher keySwitcher;
  /** floorDelta[k][i] = ⌊Q_k/2^64⌋ mod q_i for the product Q_k of the first k primes. */
  private final long[][] floorDelta;

  private WordCoefficientBfv(BfvContext context) {
    this.context = context;
    this.n = context.n;
    this.keySwitcher = new KeySwitcher(context);
    floorDelta = new long[context.maxLevel + 1][];
    for (int k = 1; k <= context.maxLevel; k++) {
      BigInteger delta = context.levels[k].modulus.shiftRight(WORD_BITS);
      floorDelta[k] = new long[k];
      for (int i = 0; i < k; i++) {
        floorDelta[k][i] = delta.mod(context.chain[i].big()).longValue();
      }
    }
  }

  public static WordCoefficientBfv over(BfvContext context) {
    if (context == null) {
      throw new IllegalArgumentException("context is required");
    }
    return new WordCoefficientBfv(context);
  }

  public BfvContext context() {
    return context;
  }

  /**
   * Encrypts up to n words (missing ones are zero) at the top level with the secret key; the
   * ciphertext ships a seed instead of its uniform half.
   */
  public BfvCiphertext encrypt(long[] words, BfvSecretKey secretKey, Prg random) {
    if (words == null || words.length > n) {
      throw new IllegalArgumentException("between 0 and n = " + n + " words are required");
    }
    BfvCiphertext zero = context.symmetricEncryptor(secretKey).encrypt(zeroPlaintext(), random);
    long[] c0 = zero.polys[0].clone();
    for (int c = 0; c < words.length; c++) {
      addScaledWord(c0, zero.level, c, words[c]);
    }
    return new BfvCiphertext(context.parameters, zero.level, new long[][] {c0, zero.polys[1]}, zero.seed);
  }

  /** A fresh public-key encryption of zero at the top level: adding it re-randomises a ciphertext. */
  public BfvCiphertext encryptZero(BfvPublicKey publicKey, Prg random) {
    return context.encryptor(publicKey).encrypt(zeroPlaintext(), random);
  }

  private BfvPlaintext zeroPlaintext() {
    return new BfvPlaintext(context.parameters, new long[n]);
  }

  /** All n words of a size-2 ciphertext. */
  public long[] decrypt(BfvCiphertext ciphertext, BfvSecretKey secretKey) {
    long[] phase = phase(ciphertext, secretKey);
    BfvContext.Level level = context.levels[ciphertext.level];
    long[] words = new long[n];
    BigInteger half = level.modulus.shiftRight(1);
    for (int c = 0; c < n; c++) {
      BigInteger x = residueValue(level, phase, c);
      words[c] = x.shiftLeft(WORD_BITS).add(half).divide(level.modulus).longValue();
    }
    return words;
  }

  /**
   * The largest |phase − round(Q·m/2^64)| over the given coefficients, in bits (log2, 0 for
   * exact): how much of the decryption bound Q/2^65 a ciphertext has used. A diagnostic for tests.
   */
  public double noiseBits(BfvCiphertext ciphertext, BfvSecretKey secretKey, long[] expected, int[] coefficients) {
    long[] phase = phase(ciphertext, secretKey);
    BfvContext.Level level = context.levels[ciphertext.level];
    BigInteger largest = BigInteger.ZERO;
    for (int i = 0; i < coefficients.length; i++) {
      BigInteger scaled = level.modulus.multiply(unsigned(expected[i])).add(TWO_TO_64.shiftRight(1)).shiftRight(WORD_BITS);
      BigInteger e = residueValue(level, phase, coefficients[i]).subtract(scaled).mod(level.modulus);
      if (e.shiftLeft(1).compareTo(level.modulus) > 0) {
        e = e.subtract(level.modulus);
      }
      largest = largest.max(e.abs());
    }
    return largest.signum() == 0 ? 0 : BfvParameters.log2(largest);
  }

  /** Adds round(Q·word/2^64) to coefficient {@code coefficient} of the first component. */
  public BfvCiphertext addWord(BfvCiphertext x, int coefficient, long word) {
    requireOwn(x);
    if (coefficient < 0 || coefficient >= n) {
      throw new IllegalArgumentException("coefficient must lie in [0, " + n + "): " + coefficient);
    }
    long[] c0 = x.polys[0].clone();
    addScaledWord(c0, x.level, coefficient, word);
    return withPolys(x, c0, x.polys[1]);
  }

  /** round(Q·w/t) = ⌊Q/t⌋·w + round((Q mod t)·w/t) for t = 2^64, added modulo each prime. */
  private void addScaledWord(long[] poly, int k, int coefficient, long word) {
    BfvContext.Level level = context.levels[k];
    long remainder = level.modulus.longValue();
    long low = remainder * word;
    long correction = Modulus.unsignedMultiplyHigh(remainder, word) + (low >>> 63);
    for (int limb = 0; limb < k; limb++) {
      Modulus q = context.chain[limb];
      long scaled = q.add(q.multiply(floorDelta[k][limb], q.reduce128(0, word)), q.reduce128(0, correction));
      int at = limb * n + coefficient;
      poly[at] = q.add(poly[at], scaled);
    }
  }

  /**
   * A ciphertext with both components in NTT form, ready for {@link #sumOfProducts} with many
   * plaintext polynomials (the transform is paid once).
   */
  public static final class Transformed {
    private final long[][] polys;
    private final int level;

    private Transformed(long[][] polys, int level) {
      this.polys = polys;
      this.level = level;
    }
  }

  /** {@code x} in NTT form for {@link #sumOfProducts}. */
  public Transformed transform(BfvCiphertext x) {
    requireOwn(x);
    long[][] polys = {x.polys[0].clone(), x.polys[1].clone()};
    context.forward(polys[0], x.level, BfvBackend.Operation.INNER_PRODUCT);
    context.forward(polys[1], x.level, BfvBackend.Operation.INNER_PRODUCT);
    return new Transformed(polys, x.level);
  }

  /**
   * A plaintext polynomial with small signed integer coefficients (at most n of them, each in
   * [−2^31, 2^31]) in NTT form at {@code level}, for {@link #sumOfProducts}.
   */
  public long[] transformPlain(long[] coefficients, int level) {
    if (coefficients == null || coefficients.length > n) {
      throw new IllegalArgumentException("between 0 and n = " + n + " coefficients are required");
    }
    if (level < 1 || level > context.maxLevel) {
      throw new IllegalArgumentException("level must lie in [1, " + context.maxLevel + "]: " + level);
    }
    long[] poly = new long[level * n];
    for (int limb = 0; limb < level; limb++) {
      Modulus q = context.chain[limb];
      for (int c = 0; c < coefficients.length; c++) {
        long v = coefficients[c];
        if (v < -(1L << 31) || v > 1L << 31) {
          throw new IllegalArgumentException("a plaintext coefficient lies outside [-2^31, 2^31]: " + v);
        }
        poly[limb * n + c] = q.reduceSigned(v);
      }
    }
    context.forward(poly, level, BfvBackend.Operation.INNER_PRODUCT);
    return poly;
  }

  /**
   * Σ_i x_i·p_i for ciphertexts x_i and plaintext polynomials p_i (both from this class's
   * transforms, at one level), in coefficient form. The phase is Σ_i p_i·phase(x_i), so the words
   * are Σ_i p_i·m_i mod 2^64 (negacyclic) and the noise at most Σ_i ‖p_i‖₁·(noise(x_i) + 1/2),
   * the 1/2 for the rounding of each scaled word (docs/crypto-bfv.md, "Inner products").
   */
  public BfvCiphertext sumOfProducts(Transformed[] xs, long[][] plains) {
    if (xs == null || plains == null || xs.length != plains.length || xs.length == 0) {
      throw new IllegalArgumentException("as many plaintexts as ciphertexts (at least one) are required");
    }
    int k = xs[0].level;
    long[][] sum = new long[2][k * n];
    for (int i = 0; i < xs.length; i++) {
      if (xs[i].level != k || plains[i].length != k * n) {
        throw new IllegalArgumentException("every ciphertext and plaintext must be at level " + k);
      }
      for (int limb = 0; limb < k; limb++) {
        Modulus q = context.chain[limb];
        for (int p = 0; p < 2; p++) {
          long[] acc = sum[p];
          long[] x = xs[i].polys[p];
          long[] y = plains[i];
          for (int c = limb * n; c < (limb + 1) * n; c++) {
            acc[c] = q.add(acc[c], q.multiply(x[c], y[c]));
          }
        }
      }
    }
    context.inverse(sum[0], k, BfvBackend.Operation.INNER_PRODUCT);
    context.inverse(sum[1], k, BfvBackend.Operation.INNER_PRODUCT);
    return new BfvCiphertext(context.parameters, k, sum, null);
  }

  /** Multiplies by X^power (any integer; X^n = −1): coefficient i moves to i + power. */
  public BfvCiphertext multiplyByMonomial(BfvCiphertext x, int power) {
    requireOwn(x);
    int shift = Math.floorMod(power, 2 * n);
    if (shift == 0) {
      return x;
    }
    return withPolys(x, shift(x.polys[0], x.level, shift), shift(x.polys[1], x.level, shift));
  }

  private long[] shift(long[] poly, int k, int shift) {
    long[] result = new long[poly.length];
    for (int limb = 0; limb < k; limb++) {
      Modulus q = context.chain[limb];
      int base = limb * n;
      for (int i = 0; i < n; i++) {
        int j = i + shift;
        j = j >= 2 * n ? j - 2 * n : j;
        if (j < n) {
          result[base + j] = poly[base + i];
        } else {
          result[base + j - n] = q.negate(poly[base + i]);
        }
      }
    }
    return result;
  }

  /**
   * Multiplies by 2^−log modulo Q (every prime is odd): the packing that follows multiplies the
   * kept coefficients by 2^log, so the two cancel exactly in the phase.
   */
  public BfvCiphertext divideByPowerOfTwo(BfvCiphertext x, int log) {
    requireOwn(x);
    if (log < 0 || log > 62) {
      throw new IllegalArgumentException("log must lie in [0, 62]: " + log);
    }
    long[][] polys = new long[2][x.level * n];
    for (int limb = 0; limb < x.level; limb++) {
      Modulus q = context.chain[limb];
      long factor = q.inverse(q.reduce128(0, 1L << log));
      long factorShoup = q.shoup(factor);
      for (int p = 0; p < 2; p++) {
        for (int c = limb * n; c < (limb + 1) * n; c++) {
          polys[p][c] = q.multiplyShoup(x.polys[p][c], factor, factorShoup);
        }
      }
    }
    return withPolys(x, polys[0], polys[1]);
  }

  /** X → X^element, key-switched back to the secret key with {@code galoisKeys}. */
  public BfvCiphertext applyGalois(BfvCiphertext x, int element, BfvGaloisKeys galoisKeys) {
    requireOwn(x);
    context.requireSameParameters(galoisKeys.parameters, "Galois keys");
    KeySwitchKey key = galoisKeys.key(element);
    long[] c0 = context.applyGalois(x.polys[0], x.level, element);
    long[] c1 = context.applyGalois(x.polys[1], x.level, element);
    long[][] switched = keySwitcher.apply(c1, x.level, key);
    for (int limb = 0; limb < x.level; limb++) {
      Modulus q = context.chain[limb];
      for (int c = limb * n; c < (limb + 1) * n; c++) {
        c0[c] = q.add(c0[c], switched[0][c]);
      }
    }
    return withPolys(x, c0, switched[1]);
  }

  /**
   * Keeps what the key owner needs to decrypt the given coefficients, rounded to powers of two:
   * c0' = round(2^constantBits·c0/Q) at those coefficients only and c1' = round(2^linearBits·c1/Q)
   * in full. Decryption then reads c0'·2^(linearBits − constantBits) + c1'·s mod 2^linearBits; the
   * rounding adds at most 2^(linearBits − constantBits − 1) + n/2 at that scale (docs/crypto-bfv.md).
   */
  public CompactWordCiphertext compress(BfvCiphertext x, int[] coefficients, int constantBits, int linearBits) {
    requireOwn(x);
    CompactWordCiphertext.requireWidths(constantBits, linearBits);
    BfvContext.Level level = context.levels[x.level];
    long[][] constant = new long[2][coefficients.length];
    for (int i = 0; i < coefficients.length; i++) {
      int c = coefficients[i];
      if (c < 0 || c >= n) {
        throw new IllegalArgumentException("coefficient must lie in [0, " + n + "): " + c);
      }
      BigInteger rounded = roundToPowerOfTwo(level, residueValue(level, x.polys[0], c), constantBits);
      constant[0][i] = rounded.longValue();
      constant[1][i] = rounded.shiftRight(64).longValue();
    }
    long[][] linear = new long[2][n];
    for (int c = 0; c < n; c++) {
      BigInteger rounded = roundToPowerOfTwo(level, residueValue(level, x.polys[1], c), linearBits);
      linear[0][c] = rounded.longValue();
      linear[1][c] = rounded.shiftRight(64).longValue();
    }
    return new CompactWordCiphertext(n, coefficients.clone(), constantBits, linearBits, constant, linear);
  }

  /** round(2^bits·x/Q) mod 2^bits for x in [0, Q). */
  private static BigInteger roundToPowerOfTwo(BfvContext.Level level, BigInteger x, int bits) {
    BigInteger rounded = x.shiftLeft(bits).add(level.modulus.shiftRight(1)).divide(level.modulus);
    return rounded.testBit(bits) ? rounded.clearBit(bits) : rounded;
  }

  /** The words at the compact ciphertext's coefficients, in its order. */
  public long[] decrypt(CompactWordCiphertext compact, BfvSecretKey secretKey) {
    context.requireSameParameters(secretKey.parameters, "secret key");
    if (compact.degree() != n) {
      throw new IllegalArgumentException("compact ciphertext of degree " + compact.degree() + ", expected " + n);
    }
    int linearBits = compact.linearBits();
    // c1'·s has coefficients below n·2^linearBits in absolute value: enough primes to hold it exactly
    int limbs = 1;
    while (limbs < context.maxLevel && context.levels[limbs].modulus.bitLength() < linearBits + Integer.numberOfTrailingZeros(n) + 2) {
      limbs++;
    }
    BfvContext.Level level = context.levels[limbs];
    long[] product = new long[limbs * n];
    for (int limb = 0; limb < limbs; limb++) {
      Modulus q = context.chain[limb];
      for (int c = 0; c < n; c++) {
        product[limb * n + c] = q.reduce128(compact.linearHigh(c), compact.linearLow(c));
      }
    }
    multiplyBySecret(product, limbs, secretKey);
    BigInteger linearModulus = BigInteger.ONE.shiftLeft(linearBits);
    int scale = linearBits - compact.constantBits();
    int drop = linearBits - WORD_BITS;
    long[] words = new long[compact.count()];
    for (int i = 0; i < words.length; i++) {
      BigInteger constant = BigInteger.valueOf(compact.constantHigh(i)).shiftLeft(64).or(unsigned(compact.constantLow(i)));
      BigInteger phase = constant.shiftLeft(scale).add(level.toPlain.centredValue(product, 0, n, compact.coefficient(i))).mod(linearModulus);
      words[i] = phase.add(BigInteger.ONE.shiftLeft(drop - 1)).shiftRight(drop).longValue();
    }
    return words;
  }

  /** c0 + c1·s modulo each prime of a size-2 ciphertext, coefficient form. */
  private long[] phase(BfvCiphertext ciphertext, BfvSecretKey secretKey) {
    requireOwn(ciphertext);
    context.requireSameParameters(secretKey.parameters, "secret key");
    if (ciphertext.size() != 2) {
      throw new IllegalArgumentException("a size-2 ciphertext is required");
    }
    int k = ciphertext.level;
    long[] sum = ciphertext.polys[1].clone();
    multiplyBySecret(sum, k, secretKey);
    for (int limb = 0; limb < k; limb++) {
      Modulus q = context.chain[limb];
      for (int c = limb * n; c < (limb + 1) * n; c++) {
        sum[c] = q.add(sum[c], ciphertext.polys[0][c]);
      }
    }
    return sum;
  }

  /** poly·s in place over the first {@code limbs} primes, coefficient form in and out. */
  private void multiplyBySecret(long[] poly, int limbs, BfvSecretKey secretKey) {
    context.forward(poly, limbs, BfvBackend.Operation.DECRYPT);
    for (int limb = 0; limb < limbs; limb++) {
      Modulus q = context.chain[limb];
      for (int c = limb * n; c < (limb + 1) * n; c++) {
        poly[c] = q.multiply(poly[c], secretKey.ntt[c]);
      }
    }
    context.inverse(poly, limbs, BfvBackend.Operation.DECRYPT);
  }

  /** The value in [0, Q) of coefficient c of a level polynomial. */
  private BigInteger residueValue(BfvContext.Level level, long[] poly, int c) {
    BigInteger centred = level.toPlain.centredValue(poly, 0, n, c);
    return centred.signum() < 0 ? centred.add(level.modulus) : centred;
  }

  private static BigInteger unsigned(long word) {
    BigInteger value = BigInteger.valueOf(word);
    return word < 0 ? value.add(TWO_TO_64) : value;
  }

  /**
   * A bound on the noise one {@link #applyGalois} adds: (Σ_i d_i·e_i)/P over the k digits
   * (|d_i| < q_i, |e_i| ≤ the error bound, n terms per coefficient) plus the rounding of the
   * division by P, (1 + ‖s‖₁)/2 ≤ (n + 1)/2.
   */
  public double keySwitchNoiseBound(int level) {
    double sum = 0;
    for (int i = 0; i < level; i++) {
      sum += (double) context.chain[i].value * n * Sampler.BINOMIAL_COINS;
    }
    return sum / context.chain[context.maxLevel].value + (n + 1) / 2.0;
  }

  /** A bound on the noise of a fresh public-key encryption of zero (docs/crypto-bfv.md). */
  public double publicEncryptionNoiseBound() {
    return (2.0 * n + 1) * Sampler.BINOMIAL_COINS / context.chain[context.maxLevel].value + (n + 1) / 2.0;
  }

  /** The bound on every coefficient of a fresh secret-key encryption's noise. */
  public static int freshNoiseBound() {
    return Sampler.BINOMIAL_COINS;
  }

  private BfvCiphertext withPolys(BfvCiphertext x, long[] c0, long[] c1) {
    return new BfvCiphertext(context.parameters, x.level, new long[][] {c0, c1}, null);
  }

  private void requireOwn(BfvCiphertext x) {
    if (x == null) {
      throw new IllegalArgumentException("ciphertext is required");
    }
    context.requireSameParameters(x.parameters, "ciphertext");
    if (x.size() != 2) {
      throw new IllegalArgumentException("a size-2 ciphertext is required");
    }
  }
}
