package org.cosettle.crypto.ot;

/**
 * Values of varying bit widths packed back to back, least significant bit first, into
 * {@code long} words: value i takes the next {@code widths[start + i]} bits.
 */
final class PackedBits {
  private PackedBits() {}

  /** Words needed for the values of {@code widths[start .. start + n)}. */
  static int words(int[] widths, int start, int n) {
    long bits = 0;
    for (int i = start; i < start + n; i++) {
      bits += widths[i];
    }
    return (int) ((bits + 63) >>> 6);
  }

  static long mask(int width) {
    return width == 64 ? -1L : (1L << width) - 1;
  }

  /** The low {@code widths[start + i]} bits of each {@code values[i]}, i below n, packed. */
  static long[] pack(long[] values, int[] widths, int start, int n) {
    long[] words = new long[words(widths, start, n)];
    long position = 0;
    for (int i = 0; i < n; i++) {
      int width = widths[start + i];
      long value = values[i] & mask(width);
      int word = (int) (position >>> 6);
      int offset = (int) (position & 63);
      words[word] |= value << offset;
      if (offset + width > 64) {
        words[word + 1] |= value >>> (64 - offset);
      }
      position += width;
    }
    return words;
  }

  /** Value {@code i} (below n) of a packing, into {@code out[i]}. */
  static void unpack(long[] words, int[] widths, int start, int n, long[] out) {
    long position = 0;
    for (int i = 0; i < n; i++) {
      int width = widths[start + i];
      int word = (int) (position >>> 6);
      int offset = (int) (position & 63);
      long value = words[word] >>> offset;
      if (offset + width > 64) {
        value |= words[word + 1] << (64 - offset);
      }
      out[i] = value & mask(width);
      position += width;
    }
  }

  /** Fails unless every width lies in [1, 64]. */
  static void requireWidths(int[] widths) {
    for (int i = 0; i < widths.length; i++) {
      if (widths[i] < 1 || widths[i] > 64) {
        throw new IllegalArgumentException("bit width at index " + i + " must lie in [1, 64]: " + widths[i]);
      }
    }
  }
}
