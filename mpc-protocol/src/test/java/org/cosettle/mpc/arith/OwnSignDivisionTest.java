package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.SharePair;
import org.cosettle.policy.ir.Arith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ArithmeticSession#divideRoundedOwnSign} on products y·r with y ≥ 0 and r one party's
 * plaintext, the sign given as [r &lt; 0]: equal to the plaintext evaluator's rounding on the
 * factors' ends, zero on either side, ties (k·d ± d/2) and their neighbours, and uniform values;
 * a wrong sign on a non-zero value changes the result (the positive control).
 */
class OwnSignDivisionTest {
  private final Prg prg = Prg.create();

  /** Products of y in [0, yMax] and r in [−rMax, rMax]: the ends, zero, ties and uniform pairs. */
  private long[][] factors(int n, long yMax, long rMax, long d) {
    List<long[]> pairs = new ArrayList<>();
    for (long y : new long[] {0, 1, yMax, yMax - 1, Math.abs(d) / 2, Math.abs(d) / 2 + 1, Math.abs(d)}) {
      for (long r : new long[] {0, 1, -1, rMax, -rMax, rMax - 1, -rMax + 1}) {
        if (y >= 0 && y <= yMax) {
          pairs.add(new long[] {y, r});
        }
      }
    }
    // exact halves: y·r = k·|d| ± |d|/2 for r = ±1 (and ±2 where |d| is divisible by 4)
    for (long k = 0; k <= 5; k++) {
      long tie = k * Math.abs(d) + Math.abs(d) / 2;
      for (long r : new long[] {1, -1}) {
        for (long delta : new long[] {-1, 0, 1}) {
          if (tie + delta >= 0 && tie + delta <= yMax) {
            pairs.add(new long[] {tie + delta, r});
          }
        }
      }
    }
    long[][] out = new long[2][n];
    for (int i = 0; i < n; i++) {
      if (i < pairs.size()) {
        out[0][i] = pairs.get(i)[0];
        out[1][i] = pairs.get(i)[1];
      } else {
        out[0][i] = Math.floorMod(prg.nextLong(), yMax + 1);
        out[1][i] = Math.floorMod(prg.nextLong(), 2 * rMax + 1) - rMax;
      }
    }
    return out;
  }

  @ParameterizedTest(name = "d = {0}, y in [0, {1}], r in [-{2}, {2}], sign at {3}")
  @CsvSource({
      "10000, 100000000000, 100000, P1",
      "10000, 100000000000, 100000, P0",
      "3, 1000, 7, P0",
      "-7, 5000, 40, P1",
      "1, 1000, 1000, P1",
      "1099511627776, 1000000000, 1000000, P0",
  })
  void roundsLikeThePlaintextEvaluator(long d, long yMax, long rMax, Party owner) {
    int n = 400;
    long[][] f = factors(n, yMax, rMax, d);
    long[] x = new long[n];
    long[] negative = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.multiplyExact(f[0][i], f[1][i]);
      negative[i] = f[1][i] < 0 ? 1 : 0;
    }
    long min = -Math.multiplyExact(yMax, rMax);
    int bits = 64 - Long.numberOfLeadingZeros(2 * Math.multiplyExact(yMax, rMax));
    long[] expected = new long[n];
    for (int i = 0; i < n; i++) {
      expected[i] = Arith.divRound(x[i], d);
    }
    assertArrayEquals(expected, divide(x, negative, d, min, bits, owner));
  }

  @Test
  void aWrongSignOnANonZeroValueChangesTheResult() {
    // the positive control: −15000 / 10000 is −2 (half away from zero) with the right sign, −1 without
    long[] x = {-15_000, 15_000, 0, 0};
    long[] right = divide(x, new long[] {1, 0, 0, 1}, 10000, -(1L << 40), 41, Party.P1);
    assertArrayEquals(new long[] {-2, 2, 0, 0}, right);
    long[] wrong = divide(x, new long[] {0, 1, 1, 0}, 10000, -(1L << 40), 41, Party.P1);
    assertFalse(Arrays.equals(right, wrong), "the sign must matter where the value is not zero");
    assertArrayEquals(new long[] {-1, 1, 0, 0}, wrong);
  }

  @Test
  void itTakesNoSignTest() {
    long min = -(1L << 54);
    for (Party p : Party.values()) {
      assertEquals(ArithmeticSession.randomOtsForDivideRounded(10000, min, 55, p)
              - ArithmeticSession.randomOtsForLessThan(55, p),
          ArithmeticSession.randomOtsForDivideRoundedOwnSign(10000, min, 55, p));
    }
    assertEquals(3, ArithmeticSession.daBitsForDivideRoundedOwnSign(10000, min, 55));
    assertEquals(4, ArithmeticSession.daBitsForDivideRounded(10000, min, 55));
  }

  private long[] divide(long[] x, long[] negative, long d, long min, int bits, Party owner) {
    int n = x.length;
    SharePair shares = Vectors.share(x, prg);
    TwoParties.Outcome<long[], long[]> outcome = TwoParties.symmetric(0, 0,
        n * ArithmeticSession.daBitsForDivideRoundedOwnSign(d, min, bits),
        TwoParties.otsEachWay(n, p -> ArithmeticSession.randomOtsForDivideRoundedOwnSign(d, min, bits, p)),
        s -> s.divideRoundedOwnSign(Vectors.of(shares, s), d, min, bits,
            s.party() == owner ? negative : null, owner));
    return Vectors.reconstruct(outcome.p0(), outcome.p1());
  }
}
