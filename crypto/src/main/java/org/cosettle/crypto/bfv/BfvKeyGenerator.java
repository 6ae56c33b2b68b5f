package org.cosettle.crypto.bfv;

import org.cosettle.crypto.random.Prg;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Generates secret, public, relinearisation and Galois keys. The uniform halves of public and
 * key-switching keys are expanded from a fresh 32-byte seed so that they serialize compactly.
 */
public final class BfvKeyGenerator {
  private final BfvContext context;
  private final int n;
  private final int maxLevel;

  BfvKeyGenerator(BfvContext context) {
    this.context = context;
    this.n = context.n;
    this.maxLevel = context.maxLevel;
  }

  public BfvSecretKey secretKey(Prg random) {
    return secretKeyFrom(Sampler.ternary(random, n));
  }

  BfvSecretKey secretKeyFrom(byte[] coefficients) {
    long[] ntt = Sampler.lift(Sampler.widen(coefficients), context.chain, maxLevel + 1);
    context.forward(ntt, maxLevel + 1, BfvBackend.Operation.KEY_GENERATION);
    return new BfvSecretKey(context.parameters, coefficients, ntt);
  }

  public BfvPublicKey publicKey(BfvSecretKey secretKey, Prg random) {
    requireOwn(secretKey);
    byte[] seed = freshSeed(random);
    long[] a = Sampler.uniform(Prg.fromSeed(seed), context.chain, maxLevel + 1, n);
    long[] b = encryptZero(secretKey, a, maxLevel + 1, random);
    return new BfvPublicKey(context.parameters, b, a, seed);
  }

  public BfvRelinKeys relinKeys(BfvSecretKey secretKey, Prg random) {
    requireOwn(secretKey);
    long[] square = new long[secretKey.ntt.length];
    for (int limb = 0; limb <= maxLevel; limb++) {
      Modulus q = context.chain[limb];
      for (int c = limb * n; c < (limb + 1) * n; c++) {
        square[c] = q.multiply(secretKey.ntt[c], secretKey.ntt[c]);
      }
    }
    return new BfvRelinKeys(context.parameters, keySwitchKey(secretKey, square, random));
  }

  /** Keys for row rotations by ±1, ±2, ±4, … (any step composes from them) and the row swap. */
  public BfvGaloisKeys galoisKeys(BfvSecretKey secretKey, Prg random) {
    int half = n / 2;
    int[] steps = new int[2 * Integer.numberOfTrailingZeros(half)];
    for (int i = 0; (1 << i) < half; i++) {
      steps[2 * i] = 1 << i;
      steps[2 * i + 1] = -(1 << i);
    }
    return galoisKeys(secretKey, steps, true, random);
  }

  /** Keys for exactly the given row-rotation steps (positive = left), and the row swap if asked. */
  public BfvGaloisKeys galoisKeys(BfvSecretKey secretKey, int[] rowSteps, boolean rowSwap, Prg random) {
    requireOwn(secretKey);
    Map<Integer, KeySwitchKey> keys = new LinkedHashMap<>();
    for (int step : rowSteps) {
      int element = rowRotationElement(n, step);
      if (element != 1 && !keys.containsKey(element)) {
        keys.put(element, galoisKey(secretKey, element, random));
      }
    }
    if (rowSwap) {
      keys.put(2 * n - 1, galoisKey(secretKey, 2 * n - 1, random));
    }
    return new BfvGaloisKeys(context.parameters, keys);
  }

  /**
   * Keys for exactly the given Galois elements (odd, in (1, 2n)): X → X^g for any g, e.g. the
   * elements 2^k + 1 that coefficient packing ({@link WordCoefficientBfv}) needs.
   */
  public BfvGaloisKeys galoisKeysForElements(BfvSecretKey secretKey, int[] elements, Prg random) {
    requireOwn(secretKey);
    Map<Integer, KeySwitchKey> keys = new LinkedHashMap<>();
    for (int element : elements) {
      if (element <= 1 || element >= 2 * n || element % 2 == 0) {
        throw new IllegalArgumentException("Galois element must be odd and in (1, 2n): " + element);
      }
      keys.computeIfAbsent(element, g -> galoisKey(secretKey, g, random));
    }
    return new BfvGaloisKeys(context.parameters, keys);
  }

  /** The Galois element 3^step mod 2n that rotates both rows left by {@code step} slots. */
  static int rowRotationElement(int n, int step) {
    int half = n / 2;
    int exponent = Math.floorMod(step, half);
    long element = 1;
    int mask = 2 * n - 1;
    for (int i = 0; i < exponent; i++) {
      element = (element * 3) & mask;
    }
    return (int) element;
  }

  private KeySwitchKey galoisKey(BfvSecretKey secretKey, int element, Prg random) {
    long[] rotated = Sampler.lift(Sampler.widen(secretKey.coefficients), context.chain, maxLevel + 1);
    rotated = context.applyGalois(rotated, maxLevel + 1, element);
    context.forward(rotated, maxLevel + 1, BfvBackend.Operation.KEY_GENERATION);
    return keySwitchKey(secretKey, rotated, random);
  }

  /** Digits i < L: (−a_i·s + e_i + P·g_i·target, a_i); target is in NTT form over the chain. */
  private KeySwitchKey keySwitchKey(BfvSecretKey secretKey, long[] target, Prg random) {
    byte[] seed = freshSeed(random);
    Prg expansion = Prg.fromSeed(seed);
    Modulus special = context.chain[maxLevel];
    long[][] b = new long[maxLevel][];
    long[][] a = new long[maxLevel][];
    for (int i = 0; i < maxLevel; i++) {
      a[i] = Sampler.uniform(expansion, context.chain, maxLevel + 1, n);
      b[i] = encryptZero(secretKey, a[i], maxLevel + 1, random);
      Modulus q = context.chain[i];
      long factor = special.value % q.value;
      for (int c = i * n; c < (i + 1) * n; c++) {
        b[i][c] = q.add(b[i][c], q.multiply(factor, target[c]));
      }
    }
    return new KeySwitchKey(b, a, seed);
  }

  /** −a·s + e over the first {@code limbs} chain primes, in NTT form. */
  private long[] encryptZero(BfvSecretKey secretKey, long[] a, int limbs, Prg random) {
    long[] e = Sampler.lift(Sampler.error(random, n), context.chain, limbs);
    context.forward(e, limbs, BfvBackend.Operation.KEY_GENERATION);
    for (int limb = 0; limb < limbs; limb++) {
      Modulus q = context.chain[limb];
      for (int c = limb * n; c < (limb + 1) * n; c++) {
        e[c] = q.subtract(e[c], q.multiply(a[c], secretKey.ntt[c]));
      }
    }
    return e;
  }

  private static byte[] freshSeed(Prg random) {
    byte[] seed = new byte[Sampler.SEED_BYTES];
    random.nextBytes(seed);
    return seed;
  }

  private void requireOwn(BfvSecretKey secretKey) {
    if (secretKey == null) {
      throw new IllegalArgumentException("secret key is required");
    }
    context.requireSameParameters(secretKey.parameters, "secret key");
  }
}
