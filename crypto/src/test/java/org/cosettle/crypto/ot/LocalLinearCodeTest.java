package org.cosettle.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.cosettle.crypto.ChiSquare;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

/**
 * The LPN matrix of silent OT: its positions against a plain reading of the definition (stream c
 * of the seed per chunk of rows, Lemire's rejection on 32-bit words), uniformity, and encodings
 * that equal the XOR of the rows' blocks whether the positions are kept or drawn again.
 */
class LocalLinearCodeTest {
  private static final byte[] SEED = Prg.create().nextSeed();

  /** Row {@code row}'s positions as the class comment defines them, one word at a time. */
  private static int[] reference(byte[] seed, int k, int row, boolean reject) {
    int chunk = row / LocalLinearCode.ROWS_PER_CHUNK;
    int skip = (row % LocalLinearCode.ROWS_PER_CHUNK) * FerretParameters.ROW_WEIGHT;
    Prg stream = Prg.fromSeed(seed, chunk);
    long threshold = (1L << 32) % k;
    int[] positions = new int[FerretParameters.ROW_WEIGHT];
    int drawn = 0;
    while (drawn < skip + positions.length) {
      long word = ByteBuffer.wrap(stream.nextBytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
      long product = word * k;
      if (reject && (product & 0xFFFFFFFFL) < threshold) {
        continue;
      }
      if (drawn >= skip) {
        positions[drawn - skip] = (int) (product >>> 32);
      }
      drawn++;
    }
    return positions;
  }

  @Test
  void positionsFollowTheDefinitionInEveryChunk() {
    int n = 3 * LocalLinearCode.ROWS_PER_CHUNK + 17;
    for (int k : new int[] {36_288, 589_760, 7}) {
      LocalLinearCode code = new LocalLinearCode(SEED, n, k);
      for (int row : new int[] {0, 1, 1023, 1024, 2500, n - 1}) {
        assertArrayEquals(reference(SEED, k, row, true), code.positions(row, 1), "k = " + k + ", row " + row);
      }
    }
  }

  @Test
  void rejectedWordsAreSkipped() {
    // 2^32 mod k is a fifth of 2^32 here, so most rows meet a rejection
    int k = 858_993_460;
    LocalLinearCode code = new LocalLinearCode(SEED, 2 * LocalLinearCode.ROWS_PER_CHUNK, k);
    int differFromModulo = 0;
    for (int row = 0; row < 2 * LocalLinearCode.ROWS_PER_CHUNK; row += 97) {
      int[] positions = code.positions(row, 1);
      assertArrayEquals(reference(SEED, k, row, true), positions, "row " + row);
      // positive control: the same words without the rejection give other rows
      differFromModulo += Arrays.equals(reference(SEED, k, row, false), positions) ? 0 : 1;
    }
    assertTrue(differFromModulo > 10, differFromModulo + " rows differ without rejection");
  }

  /** Counts of each of {@code buckets} values among the positions of a code with {@code k} columns. */
  private static long[] histogram(int k, int buckets) {
    int rows = 20_000;
    long[] counts = new long[buckets];
    for (int j : new LocalLinearCode(SEED, rows, k).positions(0, rows)) {
      counts[j]++;
    }
    return counts;
  }

  @Test
  void positionsAreUniform() {
    assertTrue(ChiSquare.zScore(histogram(1_000, 1_000)) < 6, "positions not uniform");
    // positive control: 1% of the values never drawn
    assertFalse(ChiSquare.zScore(histogram(990, 1_000)) < 6);
  }

  @Test
  void encodingIsTheXorOfEachRowsBlocksKeptOrNot() {
    checkEncoding(2 * LocalLinearCode.ROWS_PER_CHUNK + 300);
  }

  @Test
  void anEncodingSplitBetweenThreadsEqualsTheRowByRowDefinition() {
    checkEncoding(LocalLinearCode.MIN_CHUNKS_TO_SPLIT * LocalLinearCode.ROWS_PER_CHUNK + 77);
  }

  /** Encodings of n rows, kept or not, first or second, with and without bits, against the positions. */
  private static void checkEncoding(int n) {
    int k = 5_000;
    int uAt = 77;
    Prg prg = Prg.create();
    long[] blocks = prg.nextLongs(2 * (uAt + k + 5));
    long[] bits = prg.nextLongs(IknpOtExtension.words(uAt + k + 5));
    long[] start = prg.nextLongs(2 * n);
    long[] startBits = prg.nextLongs(IknpOtExtension.words(n));
    long[] expected = start.clone();
    long[] expectedBits = startBits.clone();
    int[] positions = new LocalLinearCode(SEED, n, k).positions(0, n);
    for (int i = 0; i < n; i++) {
      for (int e = 0; e < FerretParameters.ROW_WEIGHT; e++) {
        int b = uAt + positions[FerretParameters.ROW_WEIGHT * i + e];
        expected[2 * i] ^= blocks[2 * b];
        expected[2 * i + 1] ^= blocks[2 * b + 1];
        expectedBits[i >>> 6] ^= ((bits[b >>> 6] >>> b) & 1) << i;
      }
    }
    for (boolean keep : new boolean[] {true, false}) {
      LocalLinearCode code = new LocalLinearCode(SEED, n, k, keep);
      for (int round = 0; round < 2; round++) { // the second encoding reads kept positions
        long[] out = start.clone();
        long[] outBits = startBits.clone();
        code.encode(blocks, bits, uAt, out, outBits);
        assertArrayEquals(expected, out, "keep " + keep + ", round " + round);
        assertArrayEquals(expectedBits, outBits, "keep " + keep + ", round " + round);
        long[] senderOut = start.clone();
        code.encode(blocks, null, uAt, senderOut, null);
        assertArrayEquals(expected, senderOut);
      }
    }
    // positive control: another seed gives another code
    long[] other = start.clone();
    byte[] otherSeed = SEED.clone();
    otherSeed[0] ^= 1;
    new LocalLinearCode(otherSeed, n, k).encode(blocks, null, uAt, other, null);
    assertFalse(Arrays.equals(expected, other));
  }

  @Test
  void aCodeMustHaveRowsAndAtMostTwoToTheThirtyColumns() {
    assertThrows(IllegalArgumentException.class, () -> new LocalLinearCode(SEED, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> new LocalLinearCode(SEED, 10, 0));
    assertThrows(IllegalArgumentException.class, () -> new LocalLinearCode(SEED, 10, (1 << 30) + 1));
  }
}
