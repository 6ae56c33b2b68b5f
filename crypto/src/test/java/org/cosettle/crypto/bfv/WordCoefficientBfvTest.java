package org.cosettle.crypto.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

class WordCoefficientBfvTest {
  private static final BfvFixture F = BfvFixture.n8192();
  private static final WordCoefficientBfv WORDS = WordCoefficientBfv.over(F.bfv);
  private static final int N = 8192;
  private static final long[] VALUES = edgeWords(BfvFixture.seeded(5));
  private static final BfvCiphertext CT = WORDS.encrypt(VALUES, F.secret, F.random);

  /** Random words with the extremes planted at the first and last coefficients. */
  private static long[] edgeWords(Prg source) {
    long[] words = source.nextLongs(N);
    words[0] = -1L;
    words[1] = 0;
    words[2] = Long.MIN_VALUE;
    words[3] = Long.MAX_VALUE;
    words[N - 1] = -1L;
    return words;
  }

  @Test
  void encryptsAndDecryptsEveryWordExactly() {
    assertArrayEquals(VALUES, WORDS.decrypt(CT, F.secret));
    assertTrue(CT.isSeeded());
    assertArrayEquals(VALUES, WORDS.decrypt(BfvCiphertext.fromBytes(F.bfv, CT.toBytes()), F.secret));
    // fresh noise is the error sample alone: the scaling round(Q·m/2^64) is exact
    assertTrue(WORDS.noiseBits(CT, F.secret, VALUES, java.util.stream.IntStream.range(0, N).toArray())
        <= Math.log(WordCoefficientBfv.freshNoiseBound()) / Math.log(2));
  }

  @Test
  void shortTablesArePaddedWithZeros() {
    long[] decrypted = WORDS.decrypt(WORDS.encrypt(new long[] {-1L, 7}, F.secret, F.random), F.secret);
    assertEquals(-1L, decrypted[0]);
    assertEquals(7, decrypted[1]);
    assertEquals(0, decrypted[N - 1]);
    assertThrows(IllegalArgumentException.class, () -> WORDS.encrypt(new long[N + 1], F.secret, F.random));
  }

  @Test
  void monomialsShiftNegacyclically() {
    long[] shifted = WORDS.decrypt(WORDS.multiplyByMonomial(CT, -(N - 1)), F.secret);
    assertEquals(VALUES[N - 1], shifted[0]);
    // X^-(N-1) moves coefficient 0 to 1 - N ≡ 1 with X^N = -1: negated
    assertEquals(-VALUES[0], shifted[1]);
    long[] wrapped = WORDS.decrypt(WORDS.multiplyByMonomial(CT, N), F.secret);
    for (int c = 0; c < N; c++) {
      assertEquals(-VALUES[c], wrapped[c], "coefficient " + c);
    }
  }

  @Test
  void addedWordsWrapModulo2To64() {
    long[] decrypted = WORDS.decrypt(WORDS.addWord(CT, 0, 1), F.secret);
    assertEquals(0, decrypted[0]);
    assertEquals(VALUES[1], decrypted[1]);
    assertEquals(VALUES[N - 1] + Long.MIN_VALUE, WORDS.decrypt(WORDS.addWord(CT, N - 1, Long.MIN_VALUE), F.secret)[N - 1]);
    assertThrows(IllegalArgumentException.class, () -> WORDS.addWord(CT, N, 1));
  }

  @Test
  void divisionByPowersOfTwoIsUndoneByDoubling() {
    BfvEvaluator eval = F.bfv.evaluator();
    BfvCiphertext x = WORDS.divideByPowerOfTwo(CT, 3);
    for (int i = 0; i < 3; i++) {
      x = eval.add(x, x);
    }
    assertArrayEquals(VALUES, WORDS.decrypt(x, F.secret));
  }

  @Test
  void automorphismsPermuteCoefficientsWithinTheKeySwitchBound() {
    int element = 5;
    BfvGaloisKeys keys = F.bfv.keyGenerator().galoisKeysForElements(F.secret, new int[] {element}, F.random);
    BfvCiphertext mapped = WORDS.applyGalois(CT, element, keys);
    long[] expected = new long[N];
    for (int i = 0; i < N; i++) {
      int j = (int) ((long) i * element % (2 * N));
      if (j < N) {
        expected[j] = VALUES[i];
      } else {
        expected[j - N] = -VALUES[i];
      }
    }
    assertArrayEquals(expected, WORDS.decrypt(mapped, F.secret));
    double bound = Math.log(WordCoefficientBfv.freshNoiseBound() + WORDS.keySwitchNoiseBound(4)) / Math.log(2);
    double noise = WORDS.noiseBits(mapped, F.secret, expected, java.util.stream.IntStream.range(0, N).toArray());
    assertTrue(noise <= bound, noise + " > " + bound);
    assertThrows(IllegalArgumentException.class, () -> WORDS.applyGalois(CT, 9, keys));
    assertThrows(IllegalArgumentException.class,
        () -> F.bfv.keyGenerator().galoisKeysForElements(F.secret, new int[] {4}, F.random));
  }

  @Test
  void compressedCiphertextsDecryptAtTheirCoefficients() {
    BfvCiphertext rerandomised = F.bfv.evaluator().add(CT, WORDS.encryptZero(F.publicKey, F.random));
    int[] coefficients = {0, 2, 3, N - 1};
    CompactWordCiphertext compact = WORDS.compress(rerandomised, coefficients, 66, 80);
    byte[] bytes = compact.toBytes();
    assertEquals((4 * 66 + N * 80) / 8, bytes.length);
    CompactWordCiphertext parsed = CompactWordCiphertext.fromBytes(bytes, N, coefficients, 66, 80);
    assertArrayEquals(new long[] {VALUES[0], VALUES[2], VALUES[3], VALUES[N - 1]}, WORDS.decrypt(parsed, F.secret));
    assertThrows(BfvFormatException.class,
        () -> CompactWordCiphertext.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 1), N, coefficients, 66, 80));
    assertThrows(IllegalArgumentException.class, () -> WORDS.compress(CT, coefficients, 64, 80));
  }
}
