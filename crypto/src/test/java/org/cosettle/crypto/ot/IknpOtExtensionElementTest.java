package org.cosettle.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.PrimeField;
import org.cosettle.crypto.sharing.Ring64;
import org.junit.jupiter.api.Test;

class IknpOtExtensionElementTest {
  @Test
  void primeFieldElementIsTheHighWordOfTheHashTimesP() {
    long p = 1152921504606830593L;
    PrimeField field = PrimeField.of(p);
    Prg prg = Prg.create();
    long[][] edges = {{0, 0}, {-1, -1}, {-1, 0}, {0, -1}, {prg.nextLong(), prg.nextLong()}};
    for (int i = 0; i < 2000; i++) {
      long[] hash = i < edges.length ? edges[i] : new long[] {prg.nextLong(), prg.nextLong()};
      BigInteger h = new BigInteger(Long.toUnsignedString(hash[1])).shiftLeft(64)
          .add(new BigInteger(Long.toUnsignedString(hash[0])));
      long expected = h.multiply(BigInteger.valueOf(p)).shiftRight(128).longValueExact();
      assertEquals(expected, IknpOtExtension.elementOf(field, hash[0], hash[1]), "hash " + i);
    }
    assertEquals(p - 1, IknpOtExtension.elementOf(field, -1, -1));
    assertEquals(12345L, IknpOtExtension.elementOf(Ring64.INSTANCE, 12345L, 99L));
  }
}
