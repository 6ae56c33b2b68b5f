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
    int ands = total * (3 * ArithmeticSession.andTriplesForLessThan(bits) + ArithmeticSession.andTriplesForEqual(bits));
    TwoParties.Outcome<List<long[]>, List<long[]>> outcome = TwoParties.symmetric(0, ands, 0, 3 * total, s -> {
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
}
