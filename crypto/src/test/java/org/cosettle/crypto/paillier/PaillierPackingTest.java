package org.cosettle.crypto.paillier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

class PaillierPackingTest {
  private static final PaillierFixture F = PaillierFixture.LEGACY_2048;
  private static final PaillierParameters LEGACY = PaillierParameters.legacy112BitSecurity();

  @Test
  void slotCountsFollowTheRule() {
    PaillierParameters recommended = PaillierParameters.recommended();
    assertEquals(47, PaillierPacking.of(recommended, 48, 65_536).slots());
    assertEquals(64, PaillierPacking.of(recommended, 48, 65_536).slotBits());
    assertEquals(38, PaillierPacking.of(recommended, 64, 65_536).slots());
    assertEquals(47, PaillierPacking.of(recommended, 64, 1).slots());
    assertEquals(31, PaillierPacking.of(LEGACY, 48, 65_536).slots());
    assertEquals(32, PaillierPacking.of(LEGACY, 30, 3).slotBits());
  }

  @Property(tries = 200)
  void packThenUnpackIsIdentity(@ForAll @IntRange(min = 1, max = 64) int valueBits,
      @ForAll @IntRange(min = 0, max = 20) int headroomBits, @ForAll long seed) {
    PaillierPacking packing = PaillierPacking.of(LEGACY, valueBits, 1L << headroomBits);
    Prg prg = PaillierFixture.seeded(seed);
    long[] values = randomValues(prg, valueBits, (int) prg.nextLongBelow(packing.slots() + 1));
    assertArrayEquals(values, packing.unpack(packing.pack(values), values.length));
  }

  @Test
  void extremeValuesSummedUpToTheHeadroomComeBackExactly() {
    PaillierPacking packing = PaillierPacking.of(LEGACY, 40, 4);
    long low = -(1L << 39);
    long high = (1L << 39) - 1;
    long[] values = new long[packing.slots()];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 3 == 0 ? low : i % 3 == 1 ? high : -1;
    }
    PackedCiphertext sum = packing.encrypt(values, F.encryptor, F.prg);
    for (int term = 1; term < 4; term++) {
      sum = packing.add(sum, packing.encrypt(values, F.encryptor, F.prg));
    }
    long[] expected = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      expected[i] = 4 * values[i];
    }
    assertArrayEquals(expected, packing.decrypt(sum, F.privateKey));
    PackedCiphertext full = sum;
    assertThrows(ArithmeticException.class, () -> packing.add(full, packing.encrypt(values, F.encryptor, F.prg)));
  }

  @Test
  void packedAdditionAddsEverySlot() {
    PaillierPacking packing = PaillierPacking.of(LEGACY, 62, 2);
    long[] a = randomValues(F.prg, 62, packing.slots());
    long[] b = randomValues(F.prg, 62, 5);
    long[] sum = packing.decrypt(packing.add(packing.encrypt(a, F.encryptor, F.prg),
        packing.encrypt(b, F.encryptor, F.prg)), F.privateKey);
    assertEquals(a.length, sum.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i] + (i < b.length ? b[i] : 0), sum[i], "slot " + i);
    }
  }

  @Test
  void packedScalarProductsUseHeadroomAndAreRefusedBeyondIt() {
    PaillierPacking packing = PaillierPacking.of(LEGACY, 40, 8);
    long[] values = {-(1L << 39), (1L << 39) - 1, -1, 0, 12_345};
    PackedCiphertext a = packing.encrypt(values, F.encryptor, F.prg);
    PackedCiphertext tripled = packing.multiplyPlain(a, -3);
    assertEquals(3, tripled.terms());
    long[] expected = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      expected[i] = -3 * values[i] + values[i];
    }
    assertArrayEquals(expected, packing.decrypt(packing.add(tripled, a), F.privateKey));
    assertThrows(ArithmeticException.class, () -> packing.multiplyPlain(tripled, 3));
    assertThrows(ArithmeticException.class, () -> packing.multiplyPlain(a, 9));
    assertThrows(ArithmeticException.class, () -> packing.multiplyPlain(a, Long.MIN_VALUE));
    assertArrayEquals(new long[values.length], packing.decrypt(packing.multiplyPlain(tripled, 0), F.privateKey));
  }

  @Test
  void valuesOutOfRangeAndTooManyValuesAreRefused() {
    PaillierPacking packing = PaillierPacking.of(LEGACY, 8, 2);
    assertThrows(IllegalArgumentException.class, () -> packing.pack(new long[] {128}));
    assertThrows(IllegalArgumentException.class, () -> packing.pack(new long[] {0, -129}));
    assertArrayEquals(new long[] {127, -128}, packing.unpack(packing.pack(new long[] {127, -128}), 2));
    assertThrows(IllegalArgumentException.class, () -> packing.pack(new long[packing.slots() + 1]));
    assertThrows(IllegalArgumentException.class, () -> PaillierPacking.of(LEGACY, 65, 1));
    assertThrows(IllegalArgumentException.class, () -> PaillierPacking.of(LEGACY, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> PaillierPacking.of(LEGACY, 8, 0));
    assertThrows(IllegalArgumentException.class,
        () -> PaillierPacking.of(PaillierParameters.recommended(), 8, 1).encrypt(new long[1], F.encryptor, F.prg));
  }

  @Test
  void overflowingPlaintextsAreDetectedOnUnpacking() {
    PaillierPacking packing = PaillierPacking.of(LEGACY, 16, 1);
    BigInteger tooLarge = BigInteger.ONE.shiftLeft(packing.slots() * packing.slotBits());
    assertThrows(ArithmeticException.class, () -> packing.unpack(tooLarge, packing.slots()));
    BigInteger third = packing.pack(new long[] {1, 2, 3});
    assertThrows(ArithmeticException.class, () -> packing.unpack(third, 2), "a non-zero slot past the count");
    PaillierPacking wide = PaillierPacking.of(LEGACY, 64, 1L << 32);
    BigInteger beyondLong = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);
    assertThrows(ArithmeticException.class, () -> wide.unpack(beyondLong, 1));
  }

  private static long[] randomValues(Prg prg, int valueBits, int count) {
    long[] values = prg.nextLongs(count);
    for (int i = 0; i < count; i++) {
      values[i] = values[i] >> (64 - valueBits);
    }
    return values;
  }
}
