package org.cosettle.crypto.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class BfvParametersTest {

  @Test
  void defaultsFollowSealsChainsAndStayWithinTheStandard() {
    for (int n : new int[] {4096, 8192, 16384}) {
      BfvParameters params = BfvParameters.defaults(n);
      assertTrue(params.coefficientBits() <= BfvParameters.maxCoefficientBits(n), params.toString());
      long[] moduli = params.coefficientModuli();
      assertEquals(BfvParameters.defaultChainBits(n).length, moduli.length);
      for (int i = 0; i < moduli.length; i++) {
        assertEquals(BfvParameters.defaultChainBits(n)[i], 64 - Long.numberOfLeadingZeros(moduli[i]));
        assertEquals(1, moduli[i] % (2L * n));
        assertTrue(BigInteger.valueOf(moduli[i]).isProbablePrime(64));
      }
      long t = params.plainModulus();
      assertEquals(20, 64 - Long.numberOfLeadingZeros(t));
      assertEquals(1, t % (2L * n));
    }
    assertEquals(109, BfvParameters.defaults(4096).coefficientBits());
    assertEquals(218, BfvParameters.defaults(8192).coefficientBits());
    assertEquals(438, BfvParameters.defaults(16384).coefficientBits());
  }

  @Test
  void insecureOrMalformedCombinationsCannotBeBuilt() {
    // one bit over the 128-bit bound at each degree
    assertThrows(IllegalArgumentException.class, () -> BfvParameters.of(4096, new int[] {36, 36, 38}, 20));
    assertThrows(IllegalArgumentException.class, () -> BfvParameters.of(8192, new int[] {43, 43, 44, 44, 45}, 20));
    assertThrows(IllegalArgumentException.class,
        () -> BfvParameters.of(16384, new int[] {48, 48, 48, 49, 49, 49, 49, 49, 50}, 20));
    assertThrows(IllegalArgumentException.class, () -> BfvParameters.defaults(2048));
    assertThrows(IllegalArgumentException.class, () -> BfvParameters.defaults(32768));
    assertThrows(IllegalArgumentException.class, () -> BfvParameters.of(4096, new int[] {60}, 20));
    long[] good = BfvParameters.defaults(4096).coefficientModuli();
    long t = BfvParameters.defaults(4096).plainModulus();
    assertThrows(IllegalArgumentException.class, () -> BfvParameters.of(4096, new long[] {good[0], good[0], good[2]}, t));
    assertThrows(IllegalArgumentException.class, () -> BfvParameters.of(4096, new long[] {good[0] + 8192 * 2, good[1], good[2]}, t));
    assertThrows(IllegalArgumentException.class, () -> BfvParameters.of(4096, new long[] {good[0] + 2, good[1], good[2]}, t));
    assertThrows(IllegalArgumentException.class, () -> BfvParameters.of(4096, good, 8193L * 8193L));
    assertEquals(65537, BfvParameters.of(4096, good, 65537).plainModulus(), "F4 is a batching prime for n = 4096");
    assertThrows(IllegalArgumentException.class, () -> BfvParameters.of(4096, good, good[1]));
    assertThrows(IllegalArgumentException.class, () -> BfvParameters.of(4096, null, t));
  }

  @Test
  void largePlaintextModuliNeedTheLargerRings() {
    assertThrows(IllegalArgumentException.class, () -> BfvParameters.defaults(4096, 21));
    assertThrows(IllegalArgumentException.class, () -> BfvParameters.defaults(4096, 40));
    assertEquals(60, 64 - Long.numberOfLeadingZeros(BfvParameters.defaults(8192, 60).plainModulus()));
    assertEquals(60, 64 - Long.numberOfLeadingZeros(BfvParameters.defaults(16384, 60).plainModulus()));
    assertThrows(IllegalArgumentException.class, () -> BfvParameters.defaults(8192, 61));
    // a short chain at n = 8192 is secure but leaves room only for a small t
    assertThrows(IllegalArgumentException.class, () -> BfvParameters.of(8192, new int[] {50, 50}, 20));
  }

  @Test
  void valueSemanticsAndFingerprint() {
    BfvParameters a = BfvParameters.defaults(4096);
    BfvParameters b = BfvParameters.of(4096, a.coefficientModuli(), a.plainModulus());
    assertEquals(a, b);
    assertEquals(a.fingerprint(), b.fingerprint());
    assertNotEquals(a.fingerprint(), BfvParameters.defaults(4096, 18).fingerprint());
    long[] moduli = a.coefficientModuli();
    moduli[0] = 7;
    assertArrayEquals(b.coefficientModuli(), a.coefficientModuli());
    assertEquals(2, a.maxLevel());
    assertEquals(4096, a.slotCount());
  }
}
