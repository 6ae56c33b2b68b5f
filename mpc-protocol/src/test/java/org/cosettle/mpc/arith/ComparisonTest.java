package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.SharePair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComparisonTest {
  private final Prg prg = Prg.create();

  /** One batch: x and y in [min, min + 2^bits), with both ends and equal operands among them. */
  private record Batch(long[] x, long[] y, SharePair xs, SharePair ys) {}

  private Batch batch(int n, long min, int bits) {
    long[] x = Vectors.inRange(n, min, bits, 0, prg);
    long[] y = Vectors.inRange(n, min, bits, 1, prg);
    for (int i = 6; i < Math.min(n, 9); i++) {
      y[i] = x[i];
    }
    return new Batch(x, y, Vectors.share(x, prg), Vectors.share(y, prg));
  }

  @ParameterizedTest(name = "{0} bits from {1}")
  @CsvSource({
      "1, 0",
      "2, -2",
      "7, -100",
      "38, -137438953472",
      "38, 1000000",
      "62, -4611686018427387904",
      "63, -9223372036854775808",
      "63, -4611686018427387904",
  })
  void comparisonsSelectionsMinAndMaxMatchPlaintext(int bits, long min) {
    int[] sizes = bits == 38 || bits == 63 ? Vectors.SIZES : new int[] {0, 1, 63, 64, 65};
    List<Batch> batches = new ArrayList<>();
    int total = 0;
    for (int n : sizes) {
      batches.add(batch(n, min, bits));
      total += n;
    }
    // three comparisons and an equality; a select, a min and a max take one more each way
    int ots = TwoParties.otsEachWay(total, p -> 3 * ArithmeticSession.randomOtsForLessThan(bits, p)
        + ArithmeticSession.randomOtsForEqual(bits, p) + 3);
    TwoParties.Outcome<List<long[]>, List<long[]>> outcome = TwoParties.symmetric(0, 0, 0, ots, s -> {
      List<long[]> results = new ArrayList<>();
      for (Batch b : batches) {
        long[] x = Vectors.of(b.xs, s);
        long[] y = Vectors.of(b.ys, s);
        long[] less = s.lessThan(x, y, bits);
        results.add(less);
        results.add(s.equal(x, y, bits));
        results.add(s.select(less, x, y));
        results.add(s.min(x, y, bits));
        results.add(s.max(x, y, bits));
      }
      return results;
    });
    for (int k = 0; k < batches.size(); k++) {
      Batch b = batches.get(k);
      int n = b.x.length;
      boolean[] less = new boolean[n];
      boolean[] equal = new boolean[n];
      long[] min2 = new long[n];
      long[] max2 = new long[n];
      for (int i = 0; i < n; i++) {
        // the plaintext order of the shifted values, which lie in [0, 2^bits)
        less[i] = b.x[i] - min < b.y[i] - min;
        equal[i] = b.x[i] == b.y[i];
        min2[i] = less[i] ? b.x[i] : b.y[i];
        max2[i] = less[i] ? b.y[i] : b.x[i];
      }
      List<long[]> p0 = outcome.p0().subList(5 * k, 5 * k + 5);
      List<long[]> p1 = outcome.p1().subList(5 * k, 5 * k + 5);
      assertArrayEquals(less, Vectors.reconstructBits(p0.get(0), p1.get(0), n), "lessThan, n = " + n);
      assertArrayEquals(equal, Vectors.reconstructBits(p0.get(1), p1.get(1), n), "equal, n = " + n);
      assertArrayEquals(min2, Vectors.reconstruct(p0.get(2), p1.get(2)), "select, n = " + n);
      assertArrayEquals(min2, Vectors.reconstruct(p0.get(3), p1.get(3)), "min, n = " + n);
      assertArrayEquals(max2, Vectors.reconstruct(p0.get(4), p1.get(4)), "max, n = " + n);
    }
  }

  /** Pairs at the edges of a range of 2^bits values from {@code min}, as offsets: equal, ± 1, ends, one digit apart. */
  private static List<long[]> edgePairs(int bits, Prg prg) {
    long mask = (1L << bits) - 1;
    List<long[]> pairs = new ArrayList<>();
    long[] anchors = {0, 1, mask, mask - 1, mask >>> 1, (mask >>> 1) + 1, prg.nextLong() & mask};
    for (long a : anchors) {
      for (long delta : new long[] {0, 1, -1, 2, -2}) {
        pairs.add(new long[] {a & mask, (a + delta) & mask});
      }
      // one digit apart: the same value but for digit j (4 bits) or bit j
      for (int j = 0; j < bits; j++) {
        pairs.add(new long[] {a & mask, (a ^ (1L << j)) & mask});
        if (j % 4 == 0) {
          pairs.add(new long[] {a & mask, (a ^ (0xFL << j)) & mask});
        }
      }
    }
    pairs.add(new long[] {0, mask});
    pairs.add(new long[] {mask, 0});
    return pairs;
  }

  /**
   * lessThan and equal at every width from 1 to 63 (one digit, a short top digit, whole digits) on
   * ranges of negative, zero and extreme minimums: equal operands, neighbours, both ends, and values
   * that differ in a single bit or digit — against the plaintext order.
   */
  @org.junit.jupiter.api.Test
  void comparisonsAtTheEdgesOfEveryWidthMatchPlaintext() {
    int[] widths = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 16, 17, 20, 23, 24, 25, 38, 45, 58, 61, 62, 63};
    long[] mins = {0, -1, -(1L << 37), Long.MIN_VALUE};
    List<long[][]> cases = new ArrayList<>(); // {x, y} per (width, min)
    int[] otsFrom = new int[2];
    for (int bits : widths) {
      for (long min : mins) {
        if (min + ((1L << bits) - 1) < min) {
          continue;
        }
        List<long[]> pairs = edgePairs(bits, prg);
        long[] x = new long[pairs.size()];
        long[] y = new long[pairs.size()];
        for (int i = 0; i < x.length; i++) {
          x[i] = min + pairs.get(i)[0];
          y[i] = min + pairs.get(i)[1];
        }
        cases.add(new long[][] {x, y, {bits, min}});
        int n = x.length;
        for (org.cosettle.crypto.sharing.Party p : org.cosettle.crypto.sharing.Party.values()) {
          otsFrom[p.ordinal()] += n * (ArithmeticSession.randomOtsForLessThan(bits, p)
              + ArithmeticSession.randomOtsForEqual(bits, p));
        }
      }
    }
    List<SharePair[]> shares = new ArrayList<>();
    for (long[][] c : cases) {
      shares.add(new SharePair[] {Vectors.share(c[0], prg), Vectors.share(c[1], prg)});
    }
    TwoParties.Outcome<List<long[]>, List<long[]>> outcome = TwoParties.symmetric(0, 0, 0,
        Math.max(otsFrom[0], otsFrom[1]), s -> {
          List<long[]> results = new ArrayList<>();
          for (int k = 0; k < cases.size(); k++) {
            int bits = (int) cases.get(k)[2][0];
            long[] x = Vectors.of(shares.get(k)[0], s);
            long[] y = Vectors.of(shares.get(k)[1], s);
            results.add(s.lessThan(x, y, bits));
            results.add(s.equal(x, y, bits));
          }
          return results;
        });
    for (int k = 0; k < cases.size(); k++) {
      long[] x = cases.get(k)[0];
      long[] y = cases.get(k)[1];
      long min = cases.get(k)[2][1];
      int n = x.length;
      boolean[] less = new boolean[n];
      boolean[] equal = new boolean[n];
      for (int i = 0; i < n; i++) {
        less[i] = x[i] - min < y[i] - min; // the offsets lie in [0, 2^bits), bits <= 63
        equal[i] = x[i] == y[i];
      }
      String what = cases.get(k)[2][0] + " bits from " + min;
      assertArrayEquals(less, Vectors.reconstructBits(outcome.p0().get(2 * k), outcome.p1().get(2 * k), n), "lessThan, " + what);
      assertArrayEquals(equal, Vectors.reconstructBits(outcome.p0().get(2 * k + 1), outcome.p1().get(2 * k + 1), n),
          "equal, " + what);
    }
  }
}
