package org.cosettle.crypto.sharing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.cosettle.crypto.ChiSquare;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

class AdditiveSharingTest {
  private static final AdditiveSharing RING64 = AdditiveSharing.over(Ring64.INSTANCE);
  private static final long BFV_T = 1152921504606830593L;
  private static final PrimeField FIELD = PrimeField.of(BFV_T);
  private static final AdditiveSharing FIELD_SHARING = AdditiveSharing.over(FIELD);

  private static Prg prg(int label) {
    byte[] seed = new byte[16];
    seed[15] = (byte) label;
    return Prg.fromSeed(seed);
  }

  private static long[] reduced(long[] values) {
    return Arrays.stream(values).map(FIELD::reduce).toArray();
  }

  @Property(tries = 300)
  void ring64SharesReconstructAndComputeLinearFunctions(@ForAll @Size(max = 200) long[] x,
      @ForAll long scalar, @ForAll long seed) {
    Prg prg = Prg.fromSeed(java.nio.ByteBuffer.allocate(16).putLong(seed).array());
    long[] y = prg.nextLongs(x.length);
    SharePair sx = RING64.share(x, prg);
    SharePair sy = RING64.share(y, prg);
    assertArrayEquals(x, RING64.reconstruct(sx.p0(), sx.p1()));
    long[] expected = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      expected[i] = scalar * (x[i] - y[i]) + 7;
    }
    long[] seven = new long[x.length];
    Arrays.fill(seven, 7);
    long[] z0 = RING64.addPublic(RING64.multiplyPublic(RING64.subtract(sx.p0(), sy.p0()), scalar), seven, Party.P0);
    long[] z1 = RING64.addPublic(RING64.multiplyPublic(RING64.subtract(sx.p1(), sy.p1()), scalar), seven, Party.P1);
    assertArrayEquals(expected, RING64.reconstruct(z0, z1));
  }

  @Property(tries = 300)
  void fieldSharesOfTheBfvPlainPrimeComputeLinearFunctions(@ForAll @Size(max = 200) long[] raw,
      @ForAll long rawScalar) {
    long[] x = reduced(raw);
    long scalar = FIELD.reduce(rawScalar);
    Prg prg = prg(raw.length);
    long[] y = new long[x.length];
    FIELD.random(prg, y);
    SharePair sx = FIELD_SHARING.share(x, prg);
    SharePair sy = FIELD_SHARING.share(y, prg);
    assertArrayEquals(x, FIELD_SHARING.reconstruct(sx.p0(), sx.p1()));
    assertTrue(FIELD.containsAll(sx.p0()) && FIELD.containsAll(sx.p1()));
    long[] z0 = FIELD_SHARING.multiplyPublic(FIELD_SHARING.add(sx.p0(), sy.p0()), scalar);
    long[] z1 = FIELD_SHARING.multiplyPublic(FIELD_SHARING.add(sx.p1(), sy.p1()), scalar);
    BigInteger t = BigInteger.valueOf(BFV_T);
    long[] z = FIELD_SHARING.reconstruct(z0, z1);
    for (int i = 0; i < x.length; i++) {
      long expected = BigInteger.valueOf(x[i]).add(BigInteger.valueOf(y[i])).multiply(BigInteger.valueOf(scalar))
          .mod(t).longValueExact();
      assertEquals(expected, z[i]);
    }
  }

  @Test
  void edgeValuesSurviveSharing() {
    long[] ringEdges = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1};
    SharePair s = RING64.share(ringEdges, prg(1));
    assertArrayEquals(ringEdges, RING64.reconstruct(s.p0(), s.p1()));
    for (long p : PrimeFieldTest.PRIMES) {
      AdditiveSharing sharing = AdditiveSharing.over(PrimeField.of(p));
      long[] edges = {0, p - 1, p / 2, 1};
      SharePair f = sharing.share(edges, prg(2));
      assertArrayEquals(edges, sharing.reconstruct(f.p0(), f.p1()));
      assertArrayEquals(new long[] {p - 1}, sharing.subtract(new long[] {0}, new long[] {1}));
    }
  }

  /**
   * With the secret fixed at 0, p − 1 or −1 mod 2^64, each share on its own falls into 64 equal
   * buckets evenly: a chi-square z-score below 6 (a uniform source exceeds it with probability
   * about 1e-9; the Prg test shows the statistic does detect a real bias).
   */
  @Test
  void eachShareAloneIsUniformWhateverTheSecret() {
    int samples = 64_000;
    int buckets = 64;
    for (long secret : new long[] {0, BFV_T - 1}) {
      long[][] counts = new long[2][buckets];
      long[] secrets = new long[samples];
      Arrays.fill(secrets, secret);
      SharePair s = FIELD_SHARING.share(secrets, prg(3));
      for (int i = 0; i < samples; i++) {
        counts[0][ChiSquare.bucket(s.p0()[i], BFV_T, buckets)]++;
        counts[1][ChiSquare.bucket(s.p1()[i], BFV_T, buckets)]++;
      }
      assertTrue(ChiSquare.zScore(counts[0]) < 6, "P0 share for secret " + secret);
      assertTrue(ChiSquare.zScore(counts[1]) < 6, "P1 share for secret " + secret);
    }
    for (long secret : new long[] {0, -1}) {
      long[][] counts = new long[2][buckets];
      long[] secrets = new long[samples];
      Arrays.fill(secrets, secret);
      SharePair s = RING64.share(secrets, prg(4));
      for (int i = 0; i < samples; i++) {
        counts[0][(int) (s.p0()[i] >>> 58)]++;
        counts[1][(int) (s.p1()[i] >>> 58)]++;
      }
      assertTrue(ChiSquare.zScore(counts[0]) < 6, "P0 share for secret " + secret);
      assertTrue(ChiSquare.zScore(counts[1]) < 6, "P1 share for secret " + secret);
    }
  }

  @Test
  void smallFieldSharesHitEveryElementEvenly() {
    PrimeField small = PrimeField.of(251);
    AdditiveSharing sharing = AdditiveSharing.over(small);
    long[] secrets = new long[251 * 400];
    Arrays.fill(secrets, 250);
    SharePair s = sharing.share(secrets, prg(5));
    long[] counts = new long[251];
    for (long v : s.p1()) {
      counts[(int) v]++;
    }
    assertTrue(ChiSquare.zScore(counts) < 6);
  }

  @Test
  void nonCanonicalInputsAreRefusedWithoutShowingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FIELD_SHARING.share(new long[] {5, 987654321987L + BFV_T}, prg(6)));
    assertEquals("secret at index 1 is not an element of Z_" + BFV_T, e.getMessage());
    assertFalse(e.getMessage().contains("987654321987"));
    assertThrows(IllegalArgumentException.class, () -> FIELD_SHARING.reconstruct(new long[] {-1}, new long[] {0}));
    assertThrows(IllegalArgumentException.class, () -> FIELD_SHARING.multiplyPublic(new long[] {1}, BFV_T));
    assertThrows(IllegalArgumentException.class, () -> RING64.add(new long[2], new long[3]));
    assertEquals("SharePair[2 elements]", RING64.share(new long[] {42, 43}, prg(7)).toString());
  }
}
