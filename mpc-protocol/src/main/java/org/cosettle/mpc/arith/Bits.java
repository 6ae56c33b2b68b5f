package org.cosettle.mpc.arith;

/**
 * Bit-packed vectors as {@link org.cosettle.crypto.sharing.XorSharing} lays them out: bit {@code i}
 * is {@code (words[i >>> 6] >>> i) & 1}, bits past the count are zero. A <i>plane</i> is one bit
 * position of every value of a batch, packed the same way.
 */
final class Bits {
  private Bits() {}

  static int words(int count) {
    return (count + 63) >>> 6;
  }

  /** Clears the bits past {@code count} in the last word. */
  static void clearTail(long[] words, int count) {
    if ((count & 63) != 0 && words.length > 0) {
      words[words.length - 1] &= (1L << count) - 1;
    }
  }

  /** Whether every bit past {@code count} is zero. */
  static boolean tailIsClear(long[] words, int count) {
    return (count & 63) == 0 || words.length == 0 || (words[words.length - 1] >>> (count & 63)) == 0;
  }

  /** ORs {@code length} bits of {@code src} from bit {@code srcPos} into {@code dst} from bit {@code dstPos}. */
  static void copyBits(long[] src, int srcPos, long[] dst, int dstPos, int length) {
    while (length > 0) {
      int srcWord = srcPos >>> 6;
      int srcShift = srcPos & 63;
      long window = src[srcWord] >>> srcShift;
      if (srcShift != 0 && srcWord + 1 < src.length) {
        window |= src[srcWord + 1] << (64 - srcShift);
      }
      int dstShift = dstPos & 63;
      int n = Math.min(length, 64 - dstShift);
      if (n < 64) {
        window &= (1L << n) - 1;
      }
      dst[dstPos >>> 6] |= window << dstShift;
      srcPos += n;
      dstPos += n;
      length -= n;
    }
  }

  /** Bit {@code bit} of every value, packed: plane of {@code values.length} bits. */
  static long[] plane(long[] values, int bit) {
    return plane(values, 0, values.length, bit);
  }

  /** Bit {@code bit} of {@code count} values from {@code from}, packed. */
  static long[] plane(long[] values, int from, int count, int bit) {
    long[] out = new long[words(count)];
    for (int w = 0; w < out.length; w++) {
      long word = 0;
      int base = from + (w << 6);
      int n = Math.min(64, count - (w << 6));
      for (int j = 0; j < n; j++) {
        word |= ((values[base + j] >>> bit) & 1) << j;
      }
      out[w] = word;
    }
    return out;
  }

  /** Each packed bit as a {@code long} 0 or 1. */
  static long[] unpack(long[] words, int count) {
    long[] out = new long[count];
    for (int j = 0; j < count; j++) {
      out[j] = (words[j >>> 6] >>> j) & 1;
    }
    return out;
  }

  /** Writes the low {@code width} bits of {@code value} (width ≤ 64, higher bits zero) at bit {@code position}. */
  static void putField(long[] words, long position, int width, long value) {
    int word = (int) (position >>> 6);
    int shift = (int) (position & 63);
    words[word] |= value << shift;
    if (shift + width > 64) {
      words[word + 1] |= value >>> (64 - shift);
    }
  }

  /** The {@code width} bits (width ≤ 64) at bit {@code position}. */
  static long getField(long[] words, long position, int width) {
    int word = (int) (position >>> 6);
    int shift = (int) (position & 63);
    long value = words[word] >>> shift;
    if (shift + width > 64) {
      value |= words[word + 1] << (64 - shift);
    }
    return width == 64 ? value : value & ((1L << width) - 1);
  }

  static long[] xor(long[] x, long[] y) {
    long[] out = new long[x.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] ^ y[i];
    }
    return out;
  }
}
