package org.cosettle.crypto.sharing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.cosettle.crypto.ChiSquare;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

class XorSharingTest {
  private static Prg prg(int label) {
    byte[] seed = new byte[16];
    seed[3] = (byte) label;
    return Prg.fromSeed(seed);
  }

  @Property(tries = 300)
  void sharesReconstructAndComputeNotAndMask(@ForAll @Size(max = 300) boolean[] bits,
      @ForAll @Size(max = 300) boolean[] maskBits) {
    int n = bits.length;
    boolean[] mask = Arrays.copyOf(maskBits, n);
    long[] packed = XorSharing.pack(bits);
    SharePair s = XorSharing.share(packed, n, prg(n));
    assertArrayEquals(bits, XorSharing.unpack(XorSharing.reconstruct(s.p0(), s.p1()), n));
    long[] m = XorSharing.pack(mask);
    long[] r0 = XorSharing.not(XorSharing.andPublic(s.p0(), m), n, Party.P0);
    long[] r1 = XorSharing.not(XorSharing.andPublic(s.p1(), m), n, Party.P1);
    boolean[] result = XorSharing.unpack(XorSharing.reconstruct(r0, r1), n);
    for (int i = 0; i < n; i++) {
      assertEquals(!(bits[i] && mask[i]), result[i], "bit " + i);
    }
  }

  @Test
  void shareBitsAreBalancedForAnAllOnesSecretAndTheTailStaysZero() {
    int n = 64 * 2000 + 13;
    long[] ones = XorSharing.not(new long[XorSharing.words(n)], n, Party.P0);
    SharePair s = XorSharing.share(ones, n, prg(1));
    assertEquals(0, s.p0()[s.p0().length - 1] >>> 13);
    assertEquals(0, s.p1()[s.p1().length - 1] >>> 13);
    long[] byteCounts = new long[256];
    for (int w = 0; w < 2000; w++) {
      for (int b = 0; b < 8; b++) {
        byteCounts[(int) (s.p1()[w] >>> (8 * b)) & 0xff]++;
      }
    }
    assertTrue(ChiSquare.zScore(byteCounts) < 6);
  }

  @Test
  void badlyPackedVectorsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> XorSharing.share(new long[] {1L << 5}, 5, prg(2)));
    assertThrows(IllegalArgumentException.class, () -> XorSharing.share(new long[2], 64, prg(2)));
    assertThrows(IllegalArgumentException.class, () -> XorSharing.xor(new long[1], new long[2]));
    assertThrows(IllegalArgumentException.class, () -> XorSharing.words(-1));
  }
}
