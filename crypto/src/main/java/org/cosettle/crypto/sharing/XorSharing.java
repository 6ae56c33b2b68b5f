package org.cosettle.crypto.sharing;

import org.cosettle.crypto.random.Prg;

/**
 * Two-out-of-two Boolean (XOR) sharing of bit vectors packed 64 to a {@code long}: bit {@code i}
 * is {@code (words[i >>> 6] >>> i) & 1}, and bits past the vector's length are zero in every
 * share. XOR and AND with a public mask are local; NOT is done by {@link Party#P0} only.
 *
 * <pre>{@code
 * long[] flags = XorSharing.pack(new boolean[] {true, false, true});
 * SharePair shares = XorSharing.share(flags, 3, prg);
 * }</pre>
 */
public final class XorSharing {
  private XorSharing() {}

  /** Words needed for {@code bitCount} bits. */
  public static int words(int bitCount) {
    if (bitCount < 0) {
      throw new IllegalArgumentException("bit count must not be negative: " + bitCount);
    }
    return (bitCount + 63) >>> 6;
  }

  /** Shares the first {@code bitCount} bits of {@code bits}. */
  public static SharePair share(long[] bits, int bitCount, Prg prg) {
    requirePacked(bits, bitCount);
    long[] p0 = prg.nextBits(bitCount);
    return new SharePair(p0, xor(bits, p0));
  }

  public static long[] reconstruct(long[] p0, long[] p1) {
    return xor(p0, p1);
  }

  /** A share of x ⊕ y. */
  public static long[] xor(long[] x, long[] y) {
    requireSameLength(x, y);
    long[] out = new long[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] ^ y[i];
    }
    return out;
  }

  /** A share of x ∧ m for a public mask m. */
  public static long[] andPublic(long[] x, long[] mask) {
    requireSameLength(x, mask);
    long[] out = new long[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] & mask[i];
    }
    return out;
  }

  /** A share of ¬x over {@code bitCount} bits: {@link Party#P0} flips its bits, P1 keeps them. */
  public static long[] not(long[] x, int bitCount, Party holder) {
    requirePacked(x, bitCount);
    long[] out = x.clone();
    if (holder == Party.P0) {
      for (int i = 0; i < out.length; i++) {
        out[i] = ~out[i];
      }
      clearTail(out, bitCount);
    }
    return out;
  }

  public static long[] pack(boolean[] bits) {
    long[] words = new long[words(bits.length)];
    for (int i = 0; i < bits.length; i++) {
      if (bits[i]) {
        words[i >>> 6] |= 1L << i;
      }
    }
    return words;
  }

  public static boolean[] unpack(long[] words, int bitCount) {
    requirePacked(words, bitCount);
    boolean[] bits = new boolean[bitCount];
    for (int i = 0; i < bitCount; i++) {
      bits[i] = ((words[i >>> 6] >>> i) & 1) != 0;
    }
    return bits;
  }

  private static void clearTail(long[] words, int bitCount) {
    if ((bitCount & 63) != 0) {
      words[words.length - 1] &= (1L << bitCount) - 1;
    }
  }

  private static void requirePacked(long[] words, int bitCount) {
    if (words.length != words(bitCount)) {
      throw new IllegalArgumentException(bitCount + " bits take " + words(bitCount) + " words, not " + words.length);
    }
    if ((bitCount & 63) != 0 && (words[words.length - 1] >>> (bitCount & 63)) != 0) {
      throw new IllegalArgumentException("bits past the first " + bitCount + " must be zero");
    }
  }

  private static void requireSameLength(long[] x, long[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("vector lengths differ: " + x.length + ", " + y.length);
    }
  }
}
