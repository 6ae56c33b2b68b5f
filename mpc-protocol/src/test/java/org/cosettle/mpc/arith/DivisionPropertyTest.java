package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.SharePair;
import org.cosettle.policy.ir.Arith;

/** divideRounded against the plaintext evaluator on generated divisors, ranges and values. */
class DivisionPropertyTest {
  private final Prg prg = Prg.create();

  @Property(tries = 60)
  void divideRoundedAgreesWithThePlaintextEvaluator(
      @ForAll @LongRange(min = -(1L << 40), max = 1L << 40) long d, @ForAll long min,
      @ForAll @IntRange(min = 1, max = 62) int bits, @ForAll @Size(max = 40) List<Long> offsets) {
    Assume.that(d != 0 && min + ((1L << bits) - 1) >= min);
    long mask = (1L << bits) - 1;
    long[] x = new long[offsets.size()];
    long[] expected = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = min + (offsets.get(i) & mask);
      expected[i] = Arith.divRound(x[i], d);
    }
    SharePair shares = Vectors.share(x, prg);
    int n = Math.max(x.length, 1);
    TwoParties.Outcome<long[], long[]> outcome = TwoParties.symmetric(
        0, 0,
        n * ArithmeticSession.daBitsForDivideRounded(d, min, bits),
        TwoParties.otsEachWay(n, p -> ArithmeticSession.randomOtsForDivideRounded(d, min, bits, p)),
        s -> s.divideRounded(Vectors.of(shares, s), d, min, bits));
    assertArrayEquals(expected, Vectors.reconstruct(outcome.p0(), outcome.p1()));
  }
}
