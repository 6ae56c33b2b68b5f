package org.cosettle.crypto.bfv;

import org.cosettle.crypto.random.Prg;

/**
 * Homomorphic operations. Ciphertexts are immutable; every operation returns a new one. Binary
 * operations need both operands at the same level ({@link #modSwitchToNext} moves one down).
 *
 * <pre>{@code
 * BfvEvaluator eval = bfv.evaluator();
 * BfvCiphertext sum = eval.add(x, y);
 * BfvCiphertext product = eval.multiply(x, y, relinKeys);
 * BfvCiphertext shifted = eval.rotateRows(product, 3, galoisKeys);
 * }</pre>
 */
public final class BfvEvaluator {
  private final BfvContext context;
  private final KeySwitcher keySwitcher;
  private final Multiplier multiplier;

  BfvEvaluator(BfvContext context) {
    this.context = context;
    this.keySwitcher = new KeySwitcher(context);
    this.multiplier = new Multiplier(context);
  }

  public BfvCiphertext add(BfvCiphertext x, BfvCiphertext y) {
    return addOrSubtract(x, y, false);
  }

  public BfvCiphertext subtract(BfvCiphertext x, BfvCiphertext y) {
    return addOrSubtract(x, y, true);
  }

  private BfvCiphertext addOrSubtract(BfvCiphertext x, BfvCiphertext y, boolean subtract) {
    requireCompatible(x, y);
    int size = Math.max(x.size(), y.size());
    long[] zero = new long[x.level * context.n];
    long[][] result = new long[size][];
    for (int p = 0; p < size; p++) {
      long[] left = p < x.size() ? x.polys[p] : zero;
      long[] right = p < y.size() ? y.polys[p] : zero;
      result[p] = combine(left, right, x.level, subtract);
    }
    return new BfvCiphertext(context.parameters, x.level, result, null);
  }

  public BfvCiphertext negate(BfvCiphertext x) {
    requireOwn(x);
    long[][] result = new long[x.size()][];
    for (int p = 0; p < x.size(); p++) {
      long[] source = x.polys[p];
      long[] negated = new long[source.length];
      forEachLimb(x.level, (q, from, to) -> {
        for (int c = from; c < to; c++) {
          negated[c] = q.negate(source[c]);
        }
      });
      result[p] = negated;
    }
    return new BfvCiphertext(context.parameters, x.level, result, null);
  }

  public BfvCiphertext addPlain(BfvCiphertext x, BfvPlaintext plain) {
    requireOwn(x);
    context.requireSameParameters(plain.parameters, "plaintext");
    long[] c0 = x.polys[0].clone();
    context.addScaledPlain(c0, plain.coefficients, x.level);
    long[][] polys = x.polys.clone();
    polys[0] = c0;
    return new BfvCiphertext(context.parameters, x.level, polys, null);
  }

  /** x · m for a plaintext m, whose coefficients are taken centred so that noise grows least. */
  public BfvCiphertext multiplyPlain(BfvCiphertext x, BfvPlaintext plain) {
    requireOwn(x);
    context.requireSameParameters(plain.parameters, "plaintext");
    int k = x.level;
    int n = context.n;
    long t = context.plain.value;
    long[] m = new long[k * n];
    forEachLimb(k, (q, from, to) -> {
      long tModQ = q.reduceNarrow(0, t);
      for (int c = from; c < to; c++) {
        long v = plain.coefficients[c - from];
        long reduced = q.reduceNarrow(0, v);
        m[c] = v > t / 2 ? q.subtract(reduced, tModQ) : reduced;
      }
    });
    context.forward(m, k);
    long[][] result = new long[x.size()][];
    for (int p = 0; p < x.size(); p++) {
      long[] poly = x.polys[p].clone();
      context.forward(poly, k);
      forEachLimb(k, (q, from, to) -> {
        for (int c = from; c < to; c++) {
          poly[c] = q.multiply(poly[c], m[c]);
        }
      });
      context.inverse(poly, k);
      result[p] = poly;
    }
    return new BfvCiphertext(context.parameters, k, result, null);
  }

  /** The size-3 product of two size-2 ciphertexts; {@link #relinearize} brings it back to size 2. */
  public BfvCiphertext multiply(BfvCiphertext x, BfvCiphertext y) {
    requireCompatible(x, y);
    if (x.size() != 2 || y.size() != 2) {
      throw new IllegalArgumentException("multiply takes two size-2 ciphertexts; relinearize first");
    }
    return new BfvCiphertext(context.parameters, x.level, multiplier.multiply(x.polys, y.polys, x.level), null);
  }

  /** Multiplies and relinearises. */
  public BfvCiphertext multiply(BfvCiphertext x, BfvCiphertext y, BfvRelinKeys relinKeys) {
    return relinearize(multiply(x, y), relinKeys);
  }

  public BfvCiphertext relinearize(BfvCiphertext x, BfvRelinKeys relinKeys) {
    requireOwn(x);
    context.requireSameParameters(relinKeys.parameters, "relinearisation keys");
    if (x.size() == 2) {
      return x;
    }
    if (x.size() != 3) {
      throw new IllegalArgumentException("relinearize takes a size-3 ciphertext");
    }
    long[][] switched = keySwitcher.apply(x.polys[2], x.level, relinKeys.key);
    long[] c0 = combine(x.polys[0], switched[0], x.level, false);
    long[] c1 = combine(x.polys[1], switched[1], x.level, false);
    return new BfvCiphertext(context.parameters, x.level, new long[][] {c0, c1}, null);
  }

  /**
   * Rotates both rows left by {@code steps} columns (negative: right). Uses the key for exactly
   * this step if there is one, else composes the steps ±2^i of the non-adjacent form.
   */
  public BfvCiphertext rotateRows(BfvCiphertext x, int steps, BfvGaloisKeys galoisKeys) {
    requireOwn(x);
    context.requireSameParameters(galoisKeys.parameters, "Galois keys");
    int half = context.n / 2;
    int step = Math.floorMod(steps, half);
    if (step == 0) {
      return x;
    }
    int direct = BfvKeyGenerator.rowRotationElement(context.n, step);
    if (galoisKeys.keys.containsKey(direct)) {
      return applyGalois(x, direct, galoisKeys);
    }
    BfvCiphertext result = x;
    int remaining = step;
    for (int bit = 0; remaining != 0; bit++) {
      if ((remaining & 1) != 0) {
        // non-adjacent form: digit +1 if remaining ≡ 1 mod 4, −1 if ≡ 3 mod 4
        int digit = (remaining & 3) == 1 ? 1 : -1;
        remaining -= digit;
        int part = digit << bit;
        if (Math.floorMod(part, half) != 0) {
          result = applyGalois(result, BfvKeyGenerator.rowRotationElement(context.n, part), galoisKeys);
        }
      }
      remaining >>= 1;
    }
    return result;
  }

  /** Swaps the two rows of slots. */
  public BfvCiphertext rotateColumns(BfvCiphertext x, BfvGaloisKeys galoisKeys) {
    requireOwn(x);
    context.requireSameParameters(galoisKeys.parameters, "Galois keys");
    return applyGalois(x, 2 * context.n - 1, galoisKeys);
  }

  private BfvCiphertext applyGalois(BfvCiphertext x, int element, BfvGaloisKeys galoisKeys) {
    if (x.size() != 2) {
      throw new IllegalArgumentException("rotations take a size-2 ciphertext; relinearize first");
    }
    KeySwitchKey key = galoisKeys.key(element);
    long[] c0 = context.applyGalois(x.polys[0], x.level, element);
    long[] c1 = context.applyGalois(x.polys[1], x.level, element);
    long[][] switched = keySwitcher.apply(c1, x.level, key);
    return new BfvCiphertext(context.parameters, x.level, new long[][] {combine(c0, switched[0], x.level, false), switched[1]}, null);
  }

  /** Largest {@code bits} that {@link #addUniformNoise} accepts. */
  public static final int MAX_FLOODING_BITS = 1023;

  /**
   * Noise flooding: adds to the first component a polynomial whose coefficients are independent
   * and uniform in [−2<sup>bits</sup>, 2<sup>bits</sup>), so that the noise of the result hides the
   * noise of {@code x}: for two candidate noises whose coefficients differ by at most d, the
   * statistical distance after flooding is at most n·d / 2<sup>bits+1</sup>. The message is
   * unchanged as long as the total noise stays below the decryption bound; the caller chooses
   * {@code bits} against its own noise bound ({@code bits} in [1, {@value #MAX_FLOODING_BITS}]).
   * The result is not seeded.
   */
  public BfvCiphertext addUniformNoise(BfvCiphertext x, int bits, Prg random) {
    requireOwn(x);
    long[] noise = uniformNoise(context.chain, x.level, context.n, bits, random);
    long[][] polys = x.polys.clone();
    polys[0] = combine(x.polys[0], noise, x.level, false);
    return new BfvCiphertext(context.parameters, x.level, polys, null);
  }

  /**
   * The polynomial {@link #addUniformNoise} adds, as residues limb-major over the first
   * {@code level} primes of the parameters' chain (each in [0, q<sub>i</sub>)): for a backend
   * that adds it to its own ciphertexts.
   */
  public static long[] uniformNoiseResidues(BfvParameters parameters, int level, int bits, Prg random) {
    if (parameters == null) {
      throw new IllegalArgumentException("parameters are required");
    }
    if (level < 1 || level > parameters.maxLevel()) {
      throw new IllegalArgumentException("level must lie in [1, " + parameters.maxLevel() + "]: " + level);
    }
    long[] primes = parameters.coefficientModuli();
    Modulus[] chain = new Modulus[level];
    for (int i = 0; i < level; i++) {
      chain[i] = new Modulus(primes[i]);
    }
    return uniformNoise(chain, level, parameters.degree(), bits, random);
  }

  private static long[] uniformNoise(Modulus[] chain, int k, int n, int bits, Prg random) {
    if (bits < 1 || bits > MAX_FLOODING_BITS) {
      throw new IllegalArgumentException("flooding bits must lie in [1, " + MAX_FLOODING_BITS + "]: " + bits);
    }
    if (random == null) {
      throw new IllegalArgumentException("randomness is required");
    }
    // U uniform in [0, 2^(bits+1)) as `words` 64-bit words, most significant first (the top one
    // masked); the coefficient is U − 2^bits
    int words = (bits + 1 + 63) / 64;
    int topBits = bits + 1 - 64 * (words - 1);
    long topMask = topBits == 64 ? -1L : (1L << topBits) - 1;
    long[] u = new long[n * words];
    random.fillLongs(u);
    for (int c = 0; c < n; c++) {
      u[c * words] &= topMask;
    }
    long[] noise = new long[k * n];
    for (int limb = 0; limb < k; limb++) {
      Modulus q = chain[limb];
      long offset = q.pow(2, bits);
      int from = limb * n;
      for (int c = 0; c < n; c++) {
        int base = c * words;
        long residue = 0;
        for (int w = 0; w < words; w++) {
          residue = q.reduce128(residue, u[base + w]);
        }
        noise[from + c] = q.subtract(residue, offset);
      }
    }
    return noise;
  }

  /** Drops the last data prime: c' = round(c · q_{k-1}^{-1}), smaller and as noisy in relative terms. */
  public BfvCiphertext modSwitchToNext(BfvCiphertext x) {
    requireOwn(x);
    int k = x.level;
    if (k <= 1) {
      throw new IllegalArgumentException("the ciphertext is already at the lowest level");
    }
    BfvContext.Level level = context.levels[k];
    long[][] result = new long[x.size()][];
    for (int p = 0; p < x.size(); p++) {
      result[p] = context.divideRoundByLastLimb(x.polys[p], k - 1, context.chain[k - 1], level.lastInverse);
    }
    return new BfvCiphertext(context.parameters, k - 1, result, null);
  }

  private long[] combine(long[] x, long[] y, int k, boolean subtract) {
    long[] result = new long[k * context.n];
    forEachLimb(k, (q, from, to) -> {
      for (int c = from; c < to; c++) {
        result[c] = subtract ? q.subtract(x[c], y[c]) : q.add(x[c], y[c]);
      }
    });
    return result;
  }

  private interface LimbAction {
    void apply(Modulus q, int from, int to);
  }

  private void forEachLimb(int k, LimbAction action) {
    int n = context.n;
    for (int limb = 0; limb < k; limb++) {
      action.apply(context.chain[limb], limb * n, (limb + 1) * n);
    }
  }

  private void requireOwn(BfvCiphertext x) {
    if (x == null) {
      throw new IllegalArgumentException("ciphertext is required");
    }
    context.requireSameParameters(x.parameters, "ciphertext");
  }

  private void requireCompatible(BfvCiphertext x, BfvCiphertext y) {
    requireOwn(x);
    requireOwn(y);
    if (x.level != y.level) {
      throw new IllegalArgumentException("operands at different levels: " + x.level + " and " + y.level);
    }
  }
}
