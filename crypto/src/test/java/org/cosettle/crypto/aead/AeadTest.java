package org.cosettle.crypto.aead;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.cosettle.crypto.SecretAccess;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AeadTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String MV_P = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
      + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
  private static final String MV_A = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

  /**
   * McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", revised 2005, test cases 2, 4,
   * 13 and 16 (the AES-128 and AES-256 cases with a 96-bit IV); RFC 8998 Appendix A.1 for SM4-GCM.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "AES_128_GCM, 00000000000000000000000000000000, 000000000000000000000000, 00000000000000000000000000000000, '',"
          + " 0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf",
      "AES_128_GCM, feffe9928665731c6d6a8f9467308308, cafebabefacedbaddecaf888, " + MV_P + ", " + MV_A + ","
          + " 42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa05"
          + "1ba30b396a0aac973d58e0915bc94fbc3221a5db94fae95ae7121a47",
      "AES_256_GCM, 0000000000000000000000000000000000000000000000000000000000000000, 000000000000000000000000,"
          + " '', '', 530f8afbc74536b9a963b4f1c4cb738b",
      "AES_256_GCM, feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308, cafebabefacedbaddecaf888, "
          + MV_P + ", " + MV_A + ","
          + " 522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
          + "c5f61e6393ba7a0abcc9f66276fc6ece0f4e1768cddf8853bb2d551b",
      "SM4_GCM, 0123456789abcdeffedcba9876543210, 00001234567800000000abcd,"
          + " aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccddddddddddddddddeeeeeeeeeeeeeeeeffffffffffffffff"
          + "eeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa, " + MV_A + ","
          + " 17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735d82710ca5c22f0ccfa7cbf93d496ac15"
          + "a56834cbcf98c397b4024a2691233b8d83de3541e4c2b58177e065a9bf7b62ec",
  })
  void publishedVectors(AeadAlgorithm algorithm, String key, String nonce, String plaintext, String aad,
      String ciphertextAndTag) throws Exception {
    Aead aead = Aead.create(AeadKey.fromBytes(algorithm, HEX.parseHex(key)));
    byte[] sealed = aead.encryptWithNonce(HEX.parseHex(nonce), HEX.parseHex(plaintext), HEX.parseHex(aad));
    assertEquals(nonce + ciphertextAndTag, HEX.formatHex(sealed));
    assertArrayEquals(HEX.parseHex(plaintext), aead.decrypt(sealed, HEX.parseHex(aad)));
  }

  @Test
  void sm4BlockExamplesOfGbT32907() {
    // GB/T 32907-2016 Appendix A: example 1 (one block) and example 2 (the same block encrypted
    // 1,000,000 times under the same key).
    byte[] key = HEX.parseHex("0123456789abcdeffedcba9876543210");
    SM4Engine sm4 = Sm4Gcm.blockCipher(true, key);
    byte[] block = key.clone();
    sm4.processBlock(block, 0, block, 0);
    assertEquals("681edf34d206965e86b3e94f536e4246", HEX.formatHex(block));
    for (int i = 1; i < 1_000_000; i++) {
      sm4.processBlock(block, 0, block, 0);
    }
    assertEquals("595298c7c6fd271f0402f804c33d3f66", HEX.formatHex(block));
    SM4Engine inverse = Sm4Gcm.blockCipher(false, key);
    byte[] back = HEX.parseHex("681edf34d206965e86b3e94f536e4246");
    inverse.processBlock(back, 0, back, 0);
    assertArrayEquals(key, back);
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void roundTripsWithFreshNoncesEachTime(AeadAlgorithm algorithm) throws Exception {
    Prg prg = Prg.fromSeed(new byte[16]);
    Aead aead = Aead.create(AeadKey.generate(algorithm, prg));
    for (int length : new int[] {0, 1, 15, 16, 17, 1000}) {
      byte[] plaintext = prg.nextBytes(length);
      byte[] aad = prg.nextBytes(length % 7);
      byte[] first = aead.encrypt(plaintext, aad);
      byte[] second = aead.encrypt(plaintext, aad);
      assertEquals(Aead.NONCE_BYTES + length + Aead.TAG_BYTES, first.length);
      assertFalse(Arrays.equals(Arrays.copyOf(first, 12), Arrays.copyOf(second, 12)), "nonce repeated");
      assertArrayEquals(plaintext, aead.decrypt(first, aad));
      assertArrayEquals(plaintext, aead.decrypt(second, aad));
    }
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void everyModificationTruncationAndWrongContextIsRejected(AeadAlgorithm algorithm) throws Exception {
    Prg prg = Prg.fromSeed(new byte[32]);
    Aead aead = Aead.create(AeadKey.generate(algorithm, prg));
    byte[] plaintext = "claim 42: 1234.56 yuan".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] aad = {1, 2, 3};
    byte[] sealed = aead.encrypt(plaintext, aad);
    for (int i = 0; i < sealed.length; i++) {
      for (int bit = 0; bit < 8; bit += 3) {
        byte[] modified = sealed.clone();
        modified[i] ^= (byte) (1 << bit);
        assertRejected(aead, modified, aad);
      }
    }
    for (int length = 0; length < sealed.length; length++) {
      assertRejected(aead, Arrays.copyOf(sealed, length), aad);
    }
    assertRejected(aead, Arrays.copyOf(sealed, sealed.length + 1), aad);
    assertRejected(aead, sealed, new byte[] {1, 2});
    assertRejected(aead, sealed, new byte[0]);
    assertRejected(Aead.create(AeadKey.generate(algorithm, prg)), sealed, aad);
    for (int trial = 0; trial < 300; trial++) {
      assertRejected(aead, prg.nextBytes((int) prg.nextLongBelow(100)), aad);
    }
  }

  private static void assertRejected(Aead aead, byte[] ciphertext, byte[] aad) {
    AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
        () -> aead.decrypt(ciphertext, aad));
    assertFalse(e.getMessage().contains("claim"), e.getMessage());
  }

  @Test
  void keysCheckTheirLengthAndPrintOnlyAFingerprint() {
    assertThrows(IllegalArgumentException.class, () -> AeadKey.fromBytes(AeadAlgorithm.AES_256_GCM, new byte[16]));
    assertThrows(IllegalArgumentException.class, () -> AeadKey.fromBytes(AeadAlgorithm.SM4_GCM, new byte[32]));
    byte[] raw = HEX.parseHex("0123456789abcdeffedcba9876543210");
    AeadKey key = AeadKey.fromBytes(AeadAlgorithm.SM4_GCM, raw);
    assertTrue(key.toString().matches("AeadKey\\[SM4_GCM, [0-9a-f]{8}]"), key.toString());
    assertFalse(Aead.create(key).toString().contains("0123456789"));
    assertArrayEquals(raw, key.toBytes(SecretAccess.grant()));
    assertThrows(SecurityException.class, () -> key.toBytes(null));
    assertThrows(NullPointerException.class, () -> Aead.create(key).encrypt(new byte[1], null));
  }
}
