package org.cosettle.crypto.ot;

/**
 * Transposition of a 128 × (64·w) bit matrix held as 128 columns of {@code w} words into rows of
 * 128 bits (one block, two {@code long}s, per row), 64 × 64 bits at a time with the recursive
 * block-swap of Warren, <i>Hacker's Delight</i> §7-3: six rounds of masked swaps, no per-bit work.
 */
final class BitMatrix {
  static final int ROWS = 128;

  private BitMatrix() {}

  /**
   * Bit {@code i} of column {@code j} ({@code columns[j * wordsPerColumn + (i >>> 6)] >>> i}) goes
   * to bit {@code j} of block {@code firstBlock + i} ({@code blocks[2(firstBlock + i) + (j >>> 6)]
   * >>> j}), for i below {@code blockCount} (at most 64 · wordsPerColumn).
   */
  static void transposeColumns(long[] columns, int wordsPerColumn, long[] blocks, int firstBlock,
      int blockCount) {
    long[] square = new long[64];
    for (int word = 0; word < wordsPerColumn && word * 64 < blockCount; word++) {
      int rowsHere = Math.min(64, blockCount - word * 64);
      for (int half = 0; half < 2; half++) {
        int base = half * 64 * wordsPerColumn + word;
        for (int k = 0; k < 64; k++) {
          square[k] = columns[base + k * wordsPerColumn];
        }
        transpose64(square);
        int out = 2 * (firstBlock + word * 64) + half;
        for (int k = 0; k < rowsHere; k++) {
          blocks[out + 2 * k] = square[k];
        }
      }
    }
  }

  /** In place: bit b of a[k] becomes bit k of a[b]. */
  static void transpose64(long[] a) {
    long mask = 0x00000000FFFFFFFFL;
    for (int j = 32; j != 0; j >>>= 1, mask ^= mask << j) {
      for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
        long t = ((a[k] >>> j) ^ a[k | j]) & mask;
        a[k] ^= t << j;
        a[k | j] ^= t;
      }
    }
  }
}
