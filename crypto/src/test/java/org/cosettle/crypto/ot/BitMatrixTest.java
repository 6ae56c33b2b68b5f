package org.cosettle.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

class BitMatrixTest {
  @Test
  void columnsBecomeRowBlocksIncludingAPartialLastWord() {
    int words = 11; // one group of eight squares and a partial second group
    int rows = 64 * 10 + 22; // the eleventh word is unused, the tenth only partly
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
