package org.cosettle.crypto.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** Checks the batched JDK-AES hashes against the formulas evaluated block by block with BC's AES. */
class FixedKeyAesHashTest {
  private static final byte[] KEY = Prg.fromSeed(new byte[16]).nextBytes(16);

  /** π on one block (low, high) by an independent AES implementation. */
  private static long[] pi(long low, long high) {
    BlockCipher aes = AESEngine.newInstance();
    aes.init(true, new KeyParameter(KEY));
    byte[] in = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(low).putLong(high).array();
    byte[] out = new byte[16];
    aes.processBlock(in, 0, out, 0);
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    return new long[] {b.getLong(), b.getLong()};
  }

  @Test
  void tccrIsPiOfPiXorTweakXorPiAcrossChunkBoundaries() {
    int blocks = 2500;
    long[] in = Prg.fromSeed(new byte[32]).nextLongs(2 * blocks);
    long[] out = new long[2 * blocks];
    long firstTweak = 1L << 40;
    FixedKeyAesHash.withKey(KEY).tccr(in, firstTweak, out);
    for (int j = 0; j < blocks; j += 7) {
      long[] y = pi(in[2 * j], in[2 * j + 1]);
      long[] z = pi(y[0] ^ (firstTweak + j), y[1]);
      assertEquals(z[0] ^ y[0], out[2 * j], "block " + j);
      assertEquals(z[1] ^ y[1], out[2 * j + 1], "block " + j);
    }
  }

  @Test
  void tccrLowWordsAreTheLowWordsOfTccrAtAnyOffset() {
    int blocks = 2100; // across two chunks of the hash
    long[] in = Prg.fromSeed(new byte[32]).nextLongs(2 * blocks + 6);
    long[] out = new long[2 * blocks];
    FixedKeyAesHash hash = FixedKeyAesHash.withKey(KEY);
    hash.tccr(in, 3, 99, out, 0, blocks);
    long[] words = new long[blocks + 5];
    hash.tccrLowWords(in, 3, 99, words, 5, blocks);
    for (int j = 0; j < blocks; j++) {
      assertEquals(out[2 * j], words[5 + j], "block " + j);
    }
    assertEquals(0, words[4], "nothing written before the offset");
    assertThrows(IndexOutOfBoundsException.class, () -> hash.tccrLowWords(in, 3, 99, words, 6, blocks));
  }

  @Test
  void tccrLowBitsAreTheLowBitsOfTccrAtAnyBitOffset() {
    int blocks = 2100; // across two chunks of the hash
    long[] in = Prg.fromSeed(new byte[32]).nextLongs(2 * blocks);
    long[] out = new long[2 * blocks];
    FixedKeyAesHash hash = FixedKeyAesHash.withKey(KEY);
    hash.tccr(in, 99, out);
    int bitAt = 37;
    long[] bits = new long[(bitAt + blocks + 63) / 64];
    hash.tccrLowBits(in, 0, 99, bits, bitAt, blocks);
    int ones = 0;
    for (int j = 0; j < blocks; j++) {
      int b = bitAt + j;
      assertEquals(out[2 * j] & 1, (bits[b >>> 6] >>> b) & 1, "block " + j);
      ones += (int) (out[2 * j] & 1);
    }
    assertNotEquals(0, ones); // the comparison saw both values
    assertNotEquals(blocks, ones);
    assertEquals(0, bits[0] & ((1L << bitAt) - 1), "nothing written before bitAt");
  }

  @Test
  void crIsPiXorIdentity() {
    long[] in = Prg.fromSeed(new byte[32]).nextLongs(2 * 1100);
    long[] out = new long[in.length];
    FixedKeyAesHash.withKey(KEY).cr(in, out);
    for (int j = 0; j < 1100; j += 5) {
      long[] y = pi(in[2 * j], in[2 * j + 1]);
      assertEquals(y[0] ^ in[2 * j], out[2 * j]);
      assertEquals(y[1] ^ in[2 * j + 1], out[2 * j + 1]);
    }
  }

  @Test
  void inPlaceAndOffsetCallsAgreeWithWholeArrayCalls() {
    FixedKeyAesHash hash = FixedKeyAesHash.withKey(KEY);
    long[] in = Prg.fromSeed(new byte[32]).nextLongs(2 * 1500);
    long[] expected = new long[in.length];
    hash.tccr(in, 5, expected);
    long[] sameArray = in.clone();
    hash.tccr(sameArray, 5, sameArray);
    assertArrayEquals(expected, sameArray);
    long[] tail = new long[2 * 500];
    hash.tccr(in, 1000, 5 + 1000, tail, 0, 500);
    for (int i = 0; i < tail.length; i++) {
      assertEquals(expected[2000 + i], tail[i]);
    }
  }

  @Test
  void theSameBlockUnderDifferentTweaksGivesDifferentPads() {
    long[] in = new long[2 * 1000]; // one block, all zero, repeated
    long[] out = new long[in.length];
    FixedKeyAesHash.withKey(KEY).tccr(in, 0, out);
    Set<String> pads = new HashSet<>();
    for (int j = 0; j < 1000; j++) {
      pads.add(out[2 * j] + ":" + out[2 * j + 1]);
    }
    assertEquals(1000, pads.size());
    long[] other = new long[in.length];
    FixedKeyAesHash.withKey(new byte[16]).tccr(in, 0, other);
    assertNotEquals(out[0], other[0]);
  }

  @Test
  void malformedArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> FixedKeyAesHash.withKey(new byte[32]));
    FixedKeyAesHash hash = FixedKeyAesHash.withKey(KEY);
    assertThrows(IllegalArgumentException.class, () -> hash.cr(new long[3], new long[3]));
    assertThrows(IllegalArgumentException.class, () -> hash.tccr(new long[4], 0, new long[2]));
    assertThrows(IndexOutOfBoundsException.class, () -> hash.tccr(new long[4], 1, 0, new long[4], 0, 2));
  }
}
