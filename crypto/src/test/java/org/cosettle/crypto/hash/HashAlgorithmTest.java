package org.cosettle.crypto.hash;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

class HashAlgorithmTest {
  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Test
  void sm3ExamplesOfGbT32905() {
    // GB/T 32905-2016, Appendix A, examples 1 and 2.
    assertEquals("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
        hex(HashAlgorithm.SM3.hash("abc".getBytes(US_ASCII))));
    assertEquals("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
        hex(HashAlgorithm.SM3.hash("abcd".repeat(16).getBytes(US_ASCII))));
  }

  @Test
  void sha256ExamplesOfFips180() {
    // FIPS 180-4 examples (NIST CSRC "SHA256.pdf"): one block, two blocks, and one million 'a'.
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        hex(HashAlgorithm.SHA_256.hash("abc".getBytes(US_ASCII))));
    assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        hex(HashAlgorithm.SHA_256.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(US_ASCII))));
    byte[] million = new byte[1_000_000];
    Arrays.fill(million, (byte) 'a');
    assertEquals("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
        hex(HashAlgorithm.SHA_256.hash(million)));
  }

  @Test
  void incrementalHashingEqualsOneShotAndResetsAfterDigest() {
    byte[] data = Prg.fromSeed(new byte[16]).nextBytes(1000);
    for (HashAlgorithm algorithm : HashAlgorithm.values()) {
      Hasher hasher = algorithm.newHasher();
      hasher.update(data, 0, 1);
      hasher.update(data, 1, 600);
      hasher.update(data, 601, 399);
      assertArrayEquals(algorithm.hash(data), hasher.digest());
      assertArrayEquals(algorithm.hash(new byte[0]), hasher.digest());
      assertEquals(algorithm.digestLength(), algorithm.hash(data).length);
      assertThrows(IndexOutOfBoundsException.class, () -> hasher.update(data, 990, 11));
    }
  }
}
