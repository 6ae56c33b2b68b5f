package org.cosettle.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

class BitMatrixTest {
  @Test
  void transpose64MovesEveryBitToItsMirrorPosition() {
    long[] a = Prg.fromSeed(new byte[16]).nextLongs(64);
    long[] t = a.clone();
    BitMatrix.transpose64(t);
    for (int row = 0; row < 64; row++) {
      for (int col = 0; col < 64; col++) {
        assertEquals((a[row] >>> col) & 1, (t[col] >>> row) & 1, "bit " + row + "," + col);
      }
    }
  }

  @Test
  void columnsBecomeRowBlocksIncludingAPartialLastWord() {
    int words = 3;
    int rows = 150; // the third word is only partly used
    long[] columns = Prg.fromSeed(new byte[16]).nextLongs(BitMatrix.ROWS * words);
    long[] blocks = new long[2 * (rows + 5)];
    BitMatrix.transposeColumns(columns, words, blocks, 5, rows);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < BitMatrix.ROWS; j++) {
        long expected = (columns[j * words + (i >>> 6)] >>> i) & 1;
        long actual = (blocks[2 * (5 + i) + (j >>> 6)] >>> j) & 1;
        assertEquals(expected, actual, "row " + i + " column " + j);
      }
    }
    for (int k = 0; k < 10; k++) {
      assertEquals(0, blocks[k], "blocks before the first are left alone");
    }
  }
}
