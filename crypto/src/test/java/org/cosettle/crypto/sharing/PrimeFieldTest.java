package org.cosettle.crypto.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

/** Field arithmetic against BigInteger, for primes from 2 to just below 2^62. */
class PrimeFieldTest {
  static final long[] PRIMES = {2, 3, 65537, 1032193, (1L << 61) - 1, 1152921504606830593L, 4611686018427387847L};

  record Case(long p, long a, long b) {}

  @Provide
  Arbitrary<Case> operands() {
    Arbitrary<Long> primes = Arbitraries.of(2L, 3L, 65537L, 1032193L, (1L << 61) - 1, 1152921504606830593L,
        4611686018427387847L);
    return primes.flatMap(p -> {
      Arbitrary<Long> element = Arbitraries.longs().between(0, p - 1).edgeCases(e -> e.add(0L, 1L, p - 1));
      return Combinators.combine(element, element).as((a, b) -> new Case(p, a, b));
    });
  }

  @Property(tries = 300)
  void arithmeticMatchesBigInteger(@ForAll("operands") Case c) {
    PrimeField f = PrimeField.of(c.p());
    BigInteger p = BigInteger.valueOf(c.p());
    BigInteger a = BigInteger.valueOf(c.a());
    BigInteger b = BigInteger.valueOf(c.b());
    assertEquals(a.multiply(b).mod(p).longValueExact(), f.multiply(c.a(), c.b()));
    assertEquals(a.add(b).mod(p).longValueExact(), f.add(c.a(), c.b()));
    assertEquals(a.subtract(b).mod(p).longValueExact(), f.subtract(c.a(), c.b()));
    assertEquals(a.negate().mod(p).longValueExact(), f.negate(c.a()));
  }

  @Test
  void productsOfManyRandomElementsMatchBigInteger() {
    Prg prg = Prg.fromSeed(new byte[16]);
    for (long p : PRIMES) {
      PrimeField f = PrimeField.of(p);
      long[] a = new long[20_000];
      long[] b = new long[a.length];
      f.random(prg, a);
      f.random(prg, b);
      long[] product = new long[a.length];
      f.multiply(a, b[0], product);
      for (int i = 0; i < a.length; i++) {
        BigInteger expected = BigInteger.valueOf(a[i]).multiply(BigInteger.valueOf(b[i])).mod(BigInteger.valueOf(p));
        assertEquals(expected.longValueExact(), f.multiply(a[i], b[i]), () -> "a product mod " + p);
        assertEquals(f.multiply(a[i], b[0]), product[i]);
      }
    }
  }

  @Test
  void largestOperandsOfEveryPrime() {
    for (long p : PRIMES) {
      PrimeField f = PrimeField.of(p);
      assertEquals(1, f.multiply(p - 1, p - 1), "(-1)^2 mod " + p);
      assertEquals(p - 2, f.add(p - 1, p - 1));
      assertEquals(1, f.subtract(0, p - 1));
      assertEquals(0, f.negate(0));
    }
  }

  @Test
  void signedValuesMapBothWays() {
    PrimeField f = PrimeField.of(1032193);
    assertEquals(1032193 - 5, f.reduce(-5));
    assertEquals(-5, f.toSigned(f.reduce(-5)));
    assertEquals(516096, f.toSigned(516096));
    assertEquals(-516096, f.toSigned(516097));
    assertEquals(BigInteger.valueOf(Long.MIN_VALUE).mod(BigInteger.valueOf(1032193)).longValueExact(),
        f.reduce(Long.MIN_VALUE));
  }

  @Test
  void onlyPrimesBelowTwoToThe62AreFields() {
    assertThrows(IllegalArgumentException.class, () -> PrimeField.of(1));
    assertThrows(IllegalArgumentException.class, () -> PrimeField.of(-7));
    assertThrows(IllegalArgumentException.class, () -> PrimeField.of(1032195));
    assertThrows(IllegalArgumentException.class, () -> PrimeField.of((1L << 61) + 1));
    assertThrows(IllegalArgumentException.class, () -> PrimeField.of(Long.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> PrimeField.of(4611686018427388039L)); // prime above 2^62
    assertEquals(PrimeField.of(65537), PrimeField.of(65537));
  }
}
