package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.function.Function;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.SharePair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The product of a shared value and one plaintext factor for the whole batch
 * ({@link ArithmeticSession#multiplyConstant}): exact mod 2<sup>64</sup> for either owner, the
 * factor at both ends of its range (negative lower ends included) and widths from 0 to 64 bits;
 * 2·b random OTs per call whatever the batch, the owner sending 2 bits per bit of the factor and
 * the other party 64 − ℓ bits per value for bit ℓ; the other party's output share is uniform.
 */
class ConstantProductTest {
  private final Prg prg = Prg.create();

  @ParameterizedTest(name = "owner {0}, factor {3} of [{1}, {1} + 2^{2})")
  @CsvSource({"P1, -100000, 18, 100000", "P1, -100000, 18, -100000", "P1, -100000, 18, 162143",
      "P0, -100000, 18, 0", "P0, 4000, 13, 12191", "P1, 0, 1, 1", "P1, 0, 1, 0", "P1, 7, 0, 7",
      "P0, -9223372036854775808, 64, -1", "P1, -9223372036854775808, 64, 9223372036854775807",
      "P0, 0, 62, 4611686018427387903"})
  void theProductIsExactForEitherOwnerAndEveryWidth(Party owner, long rMin, int bits, long r) {
    for (int n : new int[] {0, 1, 65, 3000}) {
      long[] x = prg.nextLongs(n);
      if (n > 2) {
        x[0] = 0;
        x[1] = -1;
        x[2] = Long.MIN_VALUE;
      }
      SharePair xs = Vectors.share(x, prg);
      int ots = n == 0 ? 0 : ArithmeticSession.randomOtsForMultiplyConstant(bits);
      TwoParties.Outcome<long[], long[]> outcome = TwoParties.run(0, 0, 0, ots, Function.identity(),
          Function.identity(),
          (s, c) -> s.multiplyConstant(Vectors.of(xs, s), owner == Party.P0 ? r : 0, owner, rMin, bits),
          (s, c) -> s.multiplyConstant(Vectors.of(xs, s), owner == Party.P1 ? r : 0, owner, rMin, bits));
      long[] want = new long[n];
      for (int i = 0; i < n; i++) {
        want[i] = x[i] * r;
      }
      assertArrayEquals(want, Vectors.reconstruct(outcome.p0(), outcome.p1()), "n = " + n);
      TwoParties.Cost ownerCost = owner == Party.P0 ? outcome.cost0() : outcome.cost1();
      TwoParties.Cost otherCost = owner == Party.P0 ? outcome.cost1() : outcome.cost0();
      long corrections = 0;
      for (int l = 0; l < bits; l++) {
        corrections += 8L * ((n * (64L - l) + 63) / 64);
      }
      boolean interactive = n > 0 && bits > 0;
      assertEquals(interactive ? 8L * ((2 * bits + 63) / 64) : 0, ownerCost.bytesSent(), "two choice bits per bit");
      assertEquals(interactive ? corrections : 0, otherCost.bytesSent(), "64 − ℓ bits per value for bit ℓ");
      assertEquals(interactive ? 1 : 0, ownerCost.rounds(), "the choice bits");
      assertEquals(interactive ? 1 : 0, otherCost.rounds(), "then the corrections");
    }
  }

  @Test
  void theOtherPartysShareIsUniformWhateverTheProduct() {
    // x = 0 everywhere and the other party holding all of it in plaintext (the owner's share 0): its
    // output share is −Σ 2^ℓ·P0 — uniform low bits, never the product's structure
    int n = 4096;
    long[] zeros = new long[n];
    TwoParties.Outcome<long[], long[]> outcome = TwoParties.run(0, 0, 0,
        ArithmeticSession.randomOtsForMultiplyConstant(18), Function.identity(), Function.identity(),
        (s, c) -> s.multiplyConstant(zeros, 0, Party.P1, -100000, 18),
        (s, c) -> s.multiplyConstant(zeros, -6500, Party.P1, -100000, 18));
    long[] other = outcome.p0();
    long ones = 0;
    for (long v : other) {
      ones += v & 1;
    }
    assertEquals(n / 2.0, ones, 4 * Math.sqrt(n / 4.0), "low bits of the other party's share");
    assertArrayEquals(new long[n], Vectors.reconstruct(outcome.p0(), outcome.p1()));
    assertFalse(Arrays.equals(other, new long[n]));
  }
}
