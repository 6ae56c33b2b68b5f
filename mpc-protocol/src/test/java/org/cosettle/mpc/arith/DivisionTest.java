package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.SharePair;
import org.cosettle.policy.ir.Arith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ArithmeticSession#divideRounded} agrees to the unit with the plaintext evaluator's rounding
 * division (and with {@link RoundingMode#HALF_UP}, which is half away from zero) on every value:
 * the range's ends, zero, exact halves and multiples of d and their neighbours, and uniform values.
 */
class DivisionTest {
  private final Prg prg = Prg.create();

  /** Range values plus, when inside the range, 0 and k·d, k·d ± 1, k·d + d/2 (± 1) for small k of both signs. */
  private long[] values(int n, long d, long min, int bits) {
    long max = min + ((1L << bits) - 1);
    List<Long> special = new ArrayList<>();
    long absD = Math.abs(d);
    for (long k = -3; k <= 3; k++) {
      long base = k * absD;
      for (long delta : new long[] {0, 1, -1, absD / 2, absD / 2 + 1, absD / 2 - 1, -absD / 2, -absD / 2 - 1, -absD / 2 + 1}) {
        special.add(base + delta);
      }
    }
    long[] out = Vectors.inRange(n, min, bits, 0, prg);
    int next = 6;
    for (long v : special) {
      if (next < n && v >= min && v <= max) {
        out[next++] = v;
      }
    }
    return out;
  }

  @ParameterizedTest(name = "d = {0} on [{1}, {1} + 2^{2})")
  @CsvSource({
      "10000, -137438953472, 38",
      "10000, 0, 50",
      "3, -100, 8",
      "2, -576460752303423488, 60",
      "-7, -1000, 11",
      "1, -5, 4",
      "-1, 0, 3",
      "1099511627776, -576460752303423488, 60",
      "-1099511627776, 12345, 45",
      "7919, -9223372036854775808, 20",
      "10000, 9223372035781033984, 30",
      "5, -20, 5",
      "10000, -1000000000000000000, 61",
      "10000, -2305843009213693952, 62",
      "1099511627776, -2305843009213693952, 62",
      "-1, -1152921504606846976, 61",
      "1099511627776, -1152921504606846976, 61",
      "-1099511627776, 0, 61",
      "3, 0, 62",
      "-10000, -4611686018427387904, 62",
      "1, -9223372036854775808, 60",
      "-1, -9223372036854775807, 62",
      "2, -9223372036854775808, 61",
  })
  void roundsLikeThePlaintextEvaluator(long d, long min, int bits) {
    int[] sizes = d == 10000 && min < 0 ? Vectors.SIZES : new int[] {0, 1, 63, 64, 65, 300};
    List<long[]> xs = new ArrayList<>();
    List<SharePair> shares = new ArrayList<>();
    int total = 0;
    for (int n : sizes) {
      xs.add(values(n, d, min, bits));
      shares.add(Vectors.share(xs.get(xs.size() - 1), prg));
      total += n;
    }
    TwoParties.Outcome<List<long[]>, List<long[]>> outcome = TwoParties.symmetric(
        0, 0,
        total * ArithmeticSession.daBitsForDivideRounded(d, min, bits),
        TwoParties.otsEachWay(total, p -> ArithmeticSession.randomOtsForDivideRounded(d, min, bits, p)), s -> {
          List<long[]> results = new ArrayList<>();
          for (SharePair share : shares) {
            results.add(s.divideRounded(Vectors.of(share, s), d, min, bits));
          }
          return results;
        });
    for (int k = 0; k < xs.size(); k++) {
      long[] x = xs.get(k);
      long[] expected = new long[x.length];
      long[] halfUp = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        expected[i] = Arith.divRound(x[i], d);
        halfUp[i] = BigDecimal.valueOf(x[i]).divide(BigDecimal.valueOf(d), 0, RoundingMode.HALF_UP).longValueExact();
      }
      assertArrayEquals(halfUp, expected, "the two oracles agree");
      assertArrayEquals(expected, Vectors.reconstruct(outcome.p0().get(k), outcome.p1().get(k)), "n = " + x.length);
    }
  }

  @Test
  void theCostOfAMoneyRoundingIsWhatThePlanSays() {
    // ROUND4 of a 38-bit signed money value: sign test on 38 bits (10 digits: P0 sends digits 0, 2,
    // ..., 8, 20 random OTs, P1 the other 18; the tree over 10 digits has 4 single gates and 5 pairs,
    // a random OT each way for each), the wrap bit from the shares' top bits (one random OT from P0:
    // the value to divide is below 2^63), two 16-bit tests as one carry pair (4 digits, whose 16
    // random OTs P0 sends; two trees of 2 single gates and a pair, 6 random OTs from each party)
    long min = -(1L << 37);
    assertEquals(20 + 9, ArithmeticSession.randomOtsForLessThan(38, Party.P0));
    assertEquals(18 + 9, ArithmeticSession.randomOtsForLessThan(38, Party.P1));
    assertEquals(8 + 3, ArithmeticSession.randomOtsForLessThan(16, Party.P0));
    assertEquals(8 + 3, ArithmeticSession.randomOtsForLessThan(16, Party.P1));
    assertEquals(16 + 6, Millionaires.randomOtsForCarryPair(16, Party.P0));
    assertEquals(6, Millionaires.randomOtsForCarryPair(16, Party.P1));
    assertEquals(29 + 1 + 16 + 6, ArithmeticSession.randomOtsForDivideRounded(10000, min, 38, Party.P0));
    assertEquals(27 + 6, ArithmeticSession.randomOtsForDivideRounded(10000, min, 38, Party.P1));
    // a 62-bit range leaves the value to divide possibly above 2^63: the 64-bit wrap carry (16 digits,
    // 32 random OTs from each party; 4 single gates and 11 pairs)
    assertEquals(ArithmeticSession.randomOtsForLessThan(62, Party.P1) + 32 + 15 + 6,
        ArithmeticSession.randomOtsForDivideRounded(10000, -(1L << 61), 62, Party.P1));
    assertEquals(4, ArithmeticSession.daBitsForDivideRounded(10000, -(1L << 37), 38));
    assertEquals(3, ArithmeticSession.daBitsForDivideRounded(10000, 0, 38));
  }

  @Test
  void argumentsOutsideTheSupportedRangesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ArithmeticSession.randomOtsForDivideRounded(0, 0, 10, Party.P0));
    assertThrows(IllegalArgumentException.class,
        () -> ArithmeticSession.randomOtsForDivideRounded((1L << 40) + 1, 0, 10, Party.P0));
    assertThrows(IllegalArgumentException.class, () -> ArithmeticSession.randomOtsForDivideRounded(3, 0, 63, Party.P0));
    assertThrows(IllegalArgumentException.class,
        () -> ArithmeticSession.randomOtsForDivideRounded(3, Long.MAX_VALUE - 5, 10, Party.P0));
  }
}
