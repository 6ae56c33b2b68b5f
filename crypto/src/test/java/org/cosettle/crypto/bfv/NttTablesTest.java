package org.cosettle.crypto.bfv;

import org.cosettle.crypto.random.Prg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class NttTablesTest {

  private static long[] randomPoly(Prg random, Modulus q, int n) {
    return Sampler.uniform(random, new Modulus[] {q}, 1, n);
  }

  private static long[] schoolbookNegacyclic(long[] a, long[] b, Modulus q) {
    int n = a.length;
    long[] result = new long[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        long product = q.multiply(a[i], b[j]);
        int k = i + j;
        if (k < n) {
          result[k] = q.add(result[k], product);
        } else {
          result[k - n] = q.subtract(result[k - n], product);
        }
      }
    }
    return result;
  }

  @Property(tries = 30)
  void forwardThenInverseIsIdentity(@ForAll @IntRange(min = 2, max = 7) int logN,
      @ForAll @IntRange(min = 20, max = 61) int bits, @ForAll long seed) {
    int n = 1 << logN;
    Modulus q = new Modulus(Primes.nttPrimes(bits, n, 1, Set.of()).get(0));
    NttTables ntt = new NttTables(q, n);
    long[] a = randomPoly(seeded(seed), q, n);
    long[] copy = a.clone();
    ntt.forward(copy, 0);
    ntt.inverse(copy, 0);
    assertArrayEquals(a, copy);
  }

  @Property(tries = 30)
  void pointwiseProductIsNegacyclicConvolution(@ForAll @IntRange(min = 2, max = 7) int logN,
      @ForAll @IntRange(min = 20, max = 61) int bits, @ForAll long seed) {
    int n = 1 << logN;
    Modulus q = new Modulus(Primes.nttPrimes(bits, n, 1, Set.of()).get(0));
    NttTables ntt = new NttTables(q, n);
    Prg random = seeded(seed);
    long[] a = randomPoly(random, q, n);
    long[] b = randomPoly(random, q, n);
    long[] expected = schoolbookNegacyclic(a, b, q);
    long[] fa = a.clone();
    long[] fb = b.clone();
    ntt.forward(fa, 0);
    ntt.forward(fb, 0);
    for (int i = 0; i < n; i++) {
      fa[i] = q.multiply(fa[i], fb[i]);
    }
    ntt.inverse(fa, 0);
    assertArrayEquals(expected, fa);
  }

  @Test
  void forwardEvaluatesAtOddPowersInBitReversedOrder() {
    int n = 16;
    Modulus q = new Modulus(Primes.nttPrimes(40, n, 1, Set.of()).get(0));
    NttTables ntt = new NttTables(q, n);
    long[] a = randomPoly(seeded(7), q, n);
    long[] transformed = a.clone();
    ntt.forward(transformed, 0);
    for (int i = 0; i < n; i++) {
      long point = q.pow(ntt.psi, 2L * NttTables.reverseBits(i, 4) + 1);
      long value = 0;
      for (int c = n - 1; c >= 0; c--) {
        value = q.add(q.multiply(value, point), a[c]);
      }
      assertEquals(value, transformed[i], "evaluation " + i);
    }
  }

  @Test
  void transformOfOneLimbAtFullSizeRoundTrips() {
    int n = 4096;
    Modulus q = new Modulus(Primes.nttPrimes(60, n, 1, Set.of()).get(0));
    NttTables ntt = new NttTables(q, n);
    long[] a = randomPoly(seeded(3), q, n);
    long[] copy = a.clone();
    ntt.forward(copy, 0);
    ntt.inverse(copy, 0);
    assertArrayEquals(a, copy);
  }

  @Property(tries = 2000)
  void barrettAndShoupAgreeWithBigInteger(@ForAll @IntRange(min = 2, max = 61) int bits,
      @ForAll long x, @ForAll long y, @ForAll @LongRange(min = 0) long w) {
    long value = bits == 61 ? (1L << 61) - 1 : (1L << bits) - 1 | 1;
    Modulus q = new Modulus(Math.max(3, value));
    long a = Math.floorMod(x, q.value);
    long b = Math.floorMod(y, q.value);
    long expected = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(q.big()).longValue();
    assertEquals(expected, q.multiply(a, b));
    long c = Math.floorMod(w, q.value);
    assertEquals(BigInteger.valueOf(c).multiply(BigInteger.valueOf(a)).mod(q.big()).longValue(),
        q.multiplyShoup(a, c, q.shoup(c)));
    long high = Math.floorMod(x, 1L << 62);
    BigInteger wide = BigInteger.valueOf(high).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(y)));
    assertEquals(wide.mod(q.big()).longValue(), q.reduce128(high, y));
  }

  @Property(tries = 2000)
  void narrowReductionOfProductSums(@ForAll @IntRange(min = 3, max = 58) int bits,
      @ForAll @IntRange(min = 1, max = 8) int terms, @ForAll long seed) {
    Modulus q = new Modulus((1L << bits) - 1 - Math.floorMod(seed, 1L << (bits - 2)));
    if (!q.reducesSumsOf(terms)) {
      return;
    }
    Prg random = seeded(seed);
    BigInteger expected = BigInteger.ZERO;
    long high = 0;
    long low = 0;
    for (int i = 0; i < terms; i++) {
      long a = random.nextLongBelow(q.value);
      long b = i == 0 ? q.value - 1 : random.nextLongBelow(q.value);
      expected = expected.add(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)));
      long sum = low + a * b;
      high += Math.multiplyHigh(a, b) + (Long.compareUnsigned(sum, low) < 0 ? 1 : 0);
      low = sum;
    }
    assertEquals(expected.mod(q.big()).longValue(), q.reduceNarrow(high, low));
  }

  private static Prg seeded(long seed) {
    return BfvFixture.seeded(seed);
  }
}
