package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.SharePair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The product of a shared value and one party's plaintext factor: exact mod 2<sup>64</sup> for
 * either owner, factors at both ends of their range (negative lower ends included), widths from
 * 0 (a known constant) to 64 bits; and what it costs: two rounds, the owner sending a bit and the
 * other party 8 bytes per bit of the factor.
 */
class PlaintextProductTest {
  private final Prg prg = Prg.create();

  @ParameterizedTest(name = "owner {0}, factor in [{1}, {1} + 2^{2})")
  @CsvSource({"P1, 4000, 13", "P0, 4000, 13", "P1, 0, 1", "P0, -5000, 20", "P1, 7, 0",
      "P1, -9223372036854775808, 64", "P0, 0, 62"})
  void theProductIsExactForEitherOwnerAndEveryWidth(Party owner, long rMin, int bits) {
    int n = 3000;
    long[] x = prg.nextLongs(n);
    long[] r = new long[n];
    for (int i = 0; i < n; i++) {
      long offset = bits == 64 ? prg.nextLong() : bits == 0 ? 0 : prg.nextLong() >>> (64 - bits);
      r[i] = rMin + (i < 3 ? (i == 0 ? 0 : i == 1 ? (bits == 64 ? -1L : (1L << bits) - 1) : offset) : offset);
    }
    SharePair xs = Vectors.share(x, prg);
    int ots = n * bits;
    TwoParties.Outcome<long[], long[]> outcome = TwoParties.run(0, 0, 0, ots, java.util.function.Function.identity(),
        java.util.function.Function.identity(),
        (s, c) -> s.multiplyPlaintext(Vectors.of(xs, s), owner == Party.P0 ? r : null, owner, rMin, bits),
        (s, c) -> s.multiplyPlaintext(Vectors.of(xs, s), owner == Party.P1 ? r : null, owner, rMin, bits));
    long[] want = new long[n];
    for (int i = 0; i < n; i++) {
      want[i] = x[i] * r[i];
    }
    assertArrayEquals(want, Vectors.reconstruct(outcome.p0(), outcome.p1()));
    TwoParties.Cost ownerCost = owner == Party.P0 ? outcome.cost0() : outcome.cost1();
    TwoParties.Cost otherCost = owner == Party.P0 ? outcome.cost1() : outcome.cost0();
    assertEquals(8L * ((ots + 63) / 64), ownerCost.bytesSent(), "the owner's choice bits, packed");
    assertEquals(8L * ots, otherCost.bytesSent(), "one 64-bit correction per OT");
    assertEquals(bits == 0 ? 0 : 1, ownerCost.rounds(), "the choice bits");
    assertEquals(bits == 0 ? 0 : 1, otherCost.rounds(), "then the corrections");
  }
}
