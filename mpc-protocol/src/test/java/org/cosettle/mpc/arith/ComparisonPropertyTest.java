package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.SharePair;

/** lessThan and equal against plaintext on generated ranges (any minimum, wrapping allowed) and values. */
class ComparisonPropertyTest {
  private final Prg prg = Prg.create();

  @Property(tries = 60)
  void lessThanAndEqualAgreeWithPlaintext(@ForAll @IntRange(min = 1, max = 63) int bits, @ForAll long min,
      @ForAll @Size(max = 70) List<Long> first, @ForAll @Size(max = 70) List<Long> second) {
    int n = Math.min(first.size(), second.size());
    long mask = (1L << bits) - 1;
    long[] x = new long[n];
    long[] y = new long[n];
    boolean[] less = new boolean[n];
    boolean[] equal = new boolean[n];
    for (int i = 0; i < n; i++) {
      long dx = first.get(i) & mask;
      long dy = i % 5 == 0 ? dx : second.get(i) & mask;
      x[i] = min + dx;
      y[i] = min + dy;
      less[i] = dx < dy;
      equal[i] = dx == dy;
    }
    SharePair xs = Vectors.share(x, prg);
    SharePair ys = Vectors.share(y, prg);
    int ots = TwoParties.otsEachWay(n, p -> ArithmeticSession.randomOtsForLessThan(bits, p)
        + ArithmeticSession.randomOtsForEqual(bits, p));
    TwoParties.Outcome<List<long[]>, List<long[]>> outcome = TwoParties.symmetric(0, 0, 0, ots, s -> List.of(
        s.lessThan(Vectors.of(xs, s), Vectors.of(ys, s), bits),
        s.equal(Vectors.of(xs, s), Vectors.of(ys, s), bits)));
    assertArrayEquals(less, Vectors.reconstructBits(outcome.p0().get(0), outcome.p1().get(0), n));
    assertArrayEquals(equal, Vectors.reconstructBits(outcome.p0().get(1), outcome.p1().get(1), n));
  }
}
