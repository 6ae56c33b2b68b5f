package org.cosettle.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

class PackedBitsTest {
  @Test
  void valuesOfEveryWidthComeBackTruncatedToTheirWidth() {
    Prg prg = Prg.create();
    int n = 1000;
    int[] widths = new int[n + 3];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = 1 + (i * 37) % 64;
    }
    long[] values = prg.nextLongs(n);
    long[] packed = PackedBits.pack(values, widths, 3, n);
    long bits = 0;
    for (int i = 3; i < n + 3; i++) {
      bits += widths[i];
    }
    assertEquals((bits + 63) / 64, packed.length);
    long[] out = new long[n];
    PackedBits.unpack(packed, widths, 3, n, out);
    long[] expected = new long[n];
    for (int i = 0; i < n; i++) {
      expected[i] = values[i] & PackedBits.mask(widths[3 + i]);
    }
    assertArrayEquals(expected, out);
  }

  @Test
  void widthsOutsideOneToSixtyFourAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> PackedBits.requireWidths(new int[] {5, 0}));
    assertThrows(IllegalArgumentException.class, () -> PackedBits.requireWidths(new int[] {65}));
  }
}
