package org.cosettle.crypto.bfv;

import org.cosettle.crypto.random.Prg;

/** The distributions of BFV: ternary secrets, centred-binomial errors and uniform residues. */
final class Sampler {
  /** Bytes of a seed expanded into a uniform polynomial (AES-256-CTR through {@link Prg#fromSeed}). */
  static final int SEED_BYTES = 32;

  /**
   * Centred binomial with 21 + 21 coins: variance 10.5, standard deviation 3.24, at least the
   * σ = 3.2 the HE Standard tables assume, bounded by 21 (the same choice SEAL made for its
   * default "clipped normal" replacement).
   */
  static final int BINOMIAL_COINS = 21;
  private static final long COIN_MASK = (1L << BINOMIAL_COINS) - 1;

  private Sampler() {}

  /** n coefficients uniform in {-1, 0, 1}. */
  static byte[] ternary(Prg random, int n) {
    byte[] result = new byte[n];
    int filled = 0;
    while (filled < n) {
      long word = random.nextLong();
      // 40 trits per word from 5-bit chunks below 30 (rejection keeps them uniform)
      for (int shift = 0; shift + 5 <= 64 && filled < n; shift += 5) {
        int chunk = (int) ((word >>> shift) & 31);
        if (chunk < 30) {
          result[filled++] = (byte) (chunk % 3 - 1);
        }
      }
    }
    return result;
  }

  /** n error coefficients from the centred binomial distribution. */
  static int[] error(Prg random, int n) {
    int[] result = new int[n];
    for (int i = 0; i < n; i++) {
      long word = random.nextLong();
      result[i] = Long.bitCount(word & COIN_MASK) - Long.bitCount((word >>> BINOMIAL_COINS) & COIN_MASK);
    }
    return result;
  }

  /** Uniform residues for limbs 0..limbs-1 of the given moduli, limb-major. */
  static long[] uniform(Prg random, Modulus[] moduli, int limbs, int n) {
    long[] result = new long[limbs * n];
    for (int i = 0; i < limbs; i++) {
      Modulus q = moduli[i];
      long mask = -1L >>> Long.numberOfLeadingZeros(q.value);
      int base = i * n;
      for (int c = 0; c < n; c++) {
        long candidate;
        do {
          candidate = random.nextLong() & mask;
        } while (candidate >= q.value);
        result[base + c] = candidate;
      }
    }
    return result;
  }

  /** Small signed coefficients as residues modulo each of the given moduli, limb-major. */
  static long[] lift(int[] small, Modulus[] moduli, int limbs) {
    int n = small.length;
    long[] result = new long[limbs * n];
    for (int i = 0; i < limbs; i++) {
      long q = moduli[i].value;
      int base = i * n;
      for (int c = 0; c < n; c++) {
        long v = small[c];
        result[base + c] = v + ((v >> 63) & q);
      }
    }
    return result;
  }

  static int[] widen(byte[] small) {
    int[] result = new int[small.length];
    for (int i = 0; i < small.length; i++) {
      result[i] = small[i];
    }
    return result;
  }
}
