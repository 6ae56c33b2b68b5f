package org.cosettle.crypto.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

/**
 * The seeded prefix ciphertext (kind 7): the first k coefficients of c0 and the seed of c1; read
 * back, the phase at those coefficients is the original's (the words decrypt), its size is the
 * header and k coefficients' residues, and a different k, a cut or extended input, a residue out of
 * range or a ciphertext without a seed are refused.
 */
class PrefixCiphertextTest {
  private static final BfvContext CONTEXT = BfvContext.create(BfvParameters.of(8192, new int[] {50, 50, 50, 60}, 20));
  private static final WordCoefficientBfv WORDS = WordCoefficientBfv.over(CONTEXT);
  private static final BfvSecretKey KEY = CONTEXT.keyGenerator().secretKey(Prg.create());

  @Test
  void theFirstCoefficientsDecryptAsSent() {
    long[] words = Prg.create().nextLongs(2000);
    words[0] = -1;
    words[1999] = Long.MIN_VALUE;
    BfvCiphertext ct = WORDS.encrypt(words, KEY, Prg.create());
    for (int k : new int[] {1, 2000, 8192}) {
      byte[] bytes = ct.toPrefixBytes(k);
      assertEquals(52 + (k * 150 + 7) / 8, bytes.length, "k = " + k);
      BfvCiphertext read = BfvCiphertext.fromPrefixBytes(CONTEXT, bytes, k);
      long[] got = Arrays.copyOf(WORDS.decrypt(read, KEY), Math.min(k, words.length));
      assertArrayEquals(Arrays.copyOf(words, got.length), got, "k = " + k);
    }
  }

  @Test
  void malformedPrefixesAreRefused() {
    BfvCiphertext ct = WORDS.encrypt(new long[] {1, 2, 3}, KEY, Prg.create());
    byte[] bytes = ct.toPrefixBytes(3);
    assertThrows(BfvFormatException.class, () -> BfvCiphertext.fromPrefixBytes(CONTEXT, bytes, 4));
    assertThrows(BfvFormatException.class, () -> BfvCiphertext.fromPrefixBytes(CONTEXT,
        Arrays.copyOf(bytes, bytes.length - 1), 3));
    assertThrows(BfvFormatException.class, () -> BfvCiphertext.fromPrefixBytes(CONTEXT,
        Arrays.copyOf(bytes, bytes.length + 1), 3));
    assertThrows(BfvFormatException.class, () -> BfvCiphertext.fromPrefixBytes(CONTEXT, ct.toBytes(), 3));
    byte[] outOfRange = bytes.clone();
    Arrays.fill(outOfRange, 20, 27, (byte) 0xFF); // the first residue of limb 0 set to 2^50 − 1 ≥ q_0
    assertThrows(BfvFormatException.class, () -> BfvCiphertext.fromPrefixBytes(CONTEXT, outOfRange, 3));
    assertThrows(IllegalArgumentException.class, () -> ct.toPrefixBytes(0));
    assertThrows(IllegalArgumentException.class, () -> ct.toPrefixBytes(8193));
    BfvCiphertext unseeded = WORDS.encryptZero(CONTEXT.keyGenerator().publicKey(KEY, Prg.create()), Prg.create());
    assertThrows(IllegalArgumentException.class, () -> unseeded.toPrefixBytes(3));
  }
}
