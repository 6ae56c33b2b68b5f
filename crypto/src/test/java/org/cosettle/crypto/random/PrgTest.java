package org.cosettle.crypto.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.cosettle.crypto.ChiSquare;
import org.junit.jupiter.api.Test;

class PrgTest {
  private static final HexFormat HEX = HexFormat.of();

  private static Prg seeded(int label) {
    byte[] seed = new byte[16];
    seed[0] = (byte) label;
    return Prg.fromSeed(seed);
  }

  @Test
  void zeroSeedGivesTheAesKeystreamOfCounterZeroOneTwo() {
    // AES-128 under the all-zero key: E(0) from FIPS-197 tables, E(1) and E(2) are the tag of
    // McGrew-Viega GCM test case 1 and the ciphertext of test case 2.
    byte[] out = Prg.fromSeed(new byte[16]).nextBytes(48);
    assertEquals("66e94bd4ef8a2c3b884cfa59ca342b2e"
        + "58e2fccefa7e3061367f1d57a4e7455a"
        + "0388dace60b6a392f328c2b971b2fe78", HEX.formatHex(out));
  }

  @Test
  void thirtyTwoByteSeedsAreAes256Keys() {
    // AES-256 under the all-zero key on counter 1: the tag of McGrew-Viega GCM test case 13.
    byte[] out = Prg.fromSeed(new byte[32]).nextBytes(32);
    assertEquals("530f8afbc74536b9a963b4f1c4cb738b", HEX.formatHex(out, 16, 32));
  }

  @Test
  void streamsStartAtTheCounterBlockOfTheirNumber() throws Exception {
    // stream s starts at AES(key, s as 8 big-endian bytes ‖ 0^64); stream 0 is the plain keystream
    byte[] seed = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/ECB/NoPadding");
    aes.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(seed, "AES"));
    byte[] counters = HEX.parseHex("0123456789abcdef0000000000000000" + "0123456789abcdef0000000000000001");
    assertArrayEquals(aes.doFinal(counters), Prg.fromSeed(seed, 0x0123456789abcdefL).nextBytes(32));
    assertArrayEquals(Prg.fromSeed(seed).nextBytes(100), Prg.fromSeed(seed, 0).nextBytes(100));
    assertFalse(Arrays.equals(Prg.fromSeed(seed, 1).nextBytes(16), Prg.fromSeed(seed, 2).nextBytes(16)));
  }

  @Test
  void restartDropsWhatWasBufferedAndGivesTheStreamFromItsStart() {
    byte[] seed = new byte[16];
    Prg prg = Prg.fromSeed(seed);
    prg.nextBytes(7); // leaves most of a buffer unread
    prg.restart(5);
    assertArrayEquals(Prg.fromSeed(seed, 5).nextBytes(5000), prg.nextBytes(5000));
    prg.restart(0);
    assertArrayEquals(Prg.fromSeed(seed).nextBytes(64), prg.nextBytes(64));
  }

  @Property(tries = 200)
  void outputDependsOnlyOnTheSeedNotOnHowItIsRequested(@ForAll @Size(max = 8) int[] splits) {
    int total = 0;
    for (int i = 0; i < splits.length; i++) {
      splits[i] = Math.floorMod(splits[i], 9000);
      total += splits[i];
    }
    byte[] whole = seeded(1).nextBytes(total);
    Prg pieces = seeded(1);
    byte[] joined = new byte[total];
    int at = 0;
    for (int n : splits) {
      pieces.nextBytes(joined, at, n);
      at += n;
    }
    assertArrayEquals(whole, joined);
  }

  @Test
  void longsAreLittleEndianKeystreamEvenAcrossTheBufferEdge() {
    byte[] bytes = seeded(2).nextBytes(3 + 8 * 1000);
    Prg prg = seeded(2);
    prg.nextBytes(3);
    long[] expected = new long[1000];
    ByteBuffer.wrap(bytes, 3, 8 * 1000).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(expected);
    long[] actual = new long[1000];
    for (int i = 0; i < 500; i++) {
      actual[i] = prg.nextLong();
    }
    prg.fillLongs(actual, 500, 500);
    assertArrayEquals(expected, actual);
  }

  @Property(tries = 100)
  void bulkBoundedValuesEqualOneAtATime(@ForAll @LongRange(min = 1) long bound,
      @ForAll @IntRange(min = 0, max = 3000) int count) {
    long[] bulk = new long[count];
    Prg bulkPrg = seeded(3);
    bulkPrg.fillBelow(bulk, bound);
    Prg single = seeded(3);
    for (int i = 0; i < count; i++) {
      long v = single.nextLongBelow(bound);
      assertEquals(v, bulk[i]);
      assertTrue(v >= 0 && v < bound);
    }
    assertEquals(single.nextLong(), bulkPrg.nextLong(), "both consumed the same keystream");
  }

  @Test
  void boundedValuesAreUniformWhereNaiveModuloIsNot() {
    long bound = 3L << 61; // 2^64 mod bound = 2^62: plain "x mod bound" favours [0, 2^62)
    int buckets = 96;
    int samples = 400_000;
    long[] values = new long[samples];
    seeded(4).fillBelow(values, bound);
    long[] lemire = new long[buckets];
    for (long v : values) {
      lemire[ChiSquare.bucket(v, bound, buckets)]++;
    }
    long[] raw = seeded(5).nextLongs(samples);
    long[] naive = new long[buckets];
    for (long x : raw) {
      naive[ChiSquare.bucket(Long.remainderUnsigned(x, bound), bound, buckets)]++;
    }
    assertTrue(ChiSquare.zScore(lemire) < 6, "unbiased sampler looks biased");
    assertTrue(ChiSquare.zScore(naive) > 6, "the test cannot see a known bias");
  }

  @Test
  void edgeBounds() {
    Prg prg = seeded(6);
    long[] ones = new long[100];
    prg.fillBelow(ones, 1);
    assertArrayEquals(new long[100], ones);
    for (int i = 0; i < 1000; i++) {
      long v = prg.nextLongBelow(Long.MAX_VALUE);
      assertTrue(v >= 0 && v < Long.MAX_VALUE);
    }
    assertThrows(IllegalArgumentException.class, () -> prg.nextLongBelow(0));
    assertThrows(IllegalArgumentException.class, () -> prg.fillBelow(new long[1], -5));
  }

  @Test
  void bitsBeyondTheCountAreZeroAndTheRestAreBalanced() {
    long[] bits = seeded(7).nextBits(64 * 1000 + 5);
    assertEquals(1001, bits.length);
    assertEquals(0, bits[1000] >>> 5);
    long ones = Arrays.stream(bits, 0, 1000).map(Long::bitCount).sum();
    assertTrue(Math.abs(ones - 32_000) < 6 * Math.sqrt(16_000), "bits are not balanced: " + ones);
    assertEquals(0, seeded(7).nextBits(0).length);
  }

  @Test
  void seedsOfWrongLengthAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Prg.fromSeed(new byte[15]));
    assertThrows(IllegalArgumentException.class, () -> Prg.fromSeed(new byte[24]));
    assertEquals(64, Prg.fromSeed(new byte[32]).nextBytes(64).length);
    assertFalse(Arrays.equals(Prg.fromSeed(new byte[32]).nextBytes(16), Prg.fromSeed(new byte[16]).nextBytes(16)));
  }

  @Test
  void toStringShowsAFingerprintNotTheSeed() {
    byte[] seed = HEX.parseHex("00112233445566778899aabbccddeeff");
    String text = Prg.fromSeed(seed).toString();
    assertFalse(text.contains("00112233"), text);
    assertTrue(text.matches("Prg\\[AES-128-CTR, seed [0-9a-f]{8}]"), text);
  }

  @Test
  void forksAndSecureRandomSeedingGiveDifferentStreams() {
    Prg parent = seeded(8);
    Prg a = parent.fork();
    Prg b = parent.fork();
    assertNotEquals(a.nextLong(), b.nextLong());
    assertNotEquals(Prg.create().nextLong(), Prg.create(new SecureRandom()).nextLong());
  }

  @Test
  void secureRandomViewReadsTheSameStreamAndRefusesReseeding() {
    SecureRandom view = seeded(9).asSecureRandom();
    byte[] viaView = new byte[40];
    view.nextBytes(viaView);
    assertArrayEquals(seeded(9).nextBytes(40), viaView);
    assertThrows(UnsupportedOperationException.class, () -> view.setSeed(new byte[] {1}));
  }
}
