package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.SharePair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The online cost of each interactive operation from the channel counters (bytes each party sends,
 * rounds it starts), against the formulas of {@link ArithmeticSession}'s class comment, and printed
 * as the table of {@code docs/protocol.md}. Counts only; nothing here is timed.
 */
class CostTest {
  private static final int N = 1024;
  private final Prg prg = Prg.create();
  private final SharePair xs = Vectors.share(Vectors.inRange(N, -7, 38, 0, prg), prg);
  private final SharePair ys = Vectors.share(Vectors.inRange(N, -7, 38, 1, prg), prg);

  private TwoParties.Cost measure(String name, int bits, int multiplications, int ands, int daBits,
      Function<ArithmeticSession, Object> op) {
    return measure(name, bits, multiplications, ands, daBits, 0, op);
  }

  private TwoParties.Cost measure(String name, int bits, int multiplications, int ands, int daBits, int randomOts,
      Function<ArithmeticSession, Object> op) {
    TwoParties.Outcome<Object, Object> outcome = measureBoth(name, bits, multiplications, ands, daBits, randomOts, op);
    assertEquals(outcome.cost0(), outcome.cost1(), name + ": both parties send the same");
    return outcome.cost0();
  }

  private TwoParties.Outcome<Object, Object> measureBoth(String name, int bits, int multiplications, int ands,
      int daBits, int randomOts, Function<ArithmeticSession, Object> op) {
    TwoParties.Outcome<Object, Object> outcome = TwoParties.symmetric(multiplications, ands, daBits, randomOts, op);
    for (TwoParties.Cost cost : new TwoParties.Cost[] {outcome.cost0(), outcome.cost1()}) {
      System.out.printf("COST %-14s %2d bits, %s: %7.3f bytes sent per value, %2d rounds, per value %3d AND"
          + " + %d mult. triples + %d daBits + at most %d random OTs each way%n",
          name, bits, cost == outcome.cost0() ? "P0" : "P1", (double) cost.bytesSent() / N, cost.rounds(), ands / N,
          multiplications / N, daBits / N, randomOts / N);
    }
    return outcome;
  }

  /**
   * What one party sends in the millionaires' protocol on {@code bits} bits cut into digits of
   * {@code digitBits} (P0 sends the even digits, P1 the odd): its digit choices against its random
   * ones (a bit per random OT of the digits it receives), its tables (2^w entries of {@code
   * entryBits} per digit it sends), then the tree: for the carry ({@code entryBits} 2) each level
   * merges pairs of groups, the lowest pair with one gate (2 bits), the others with two gates that
   * share an operand (3 bits); for equality 2 bits per gate of an AND tree. And the rounds it starts.
   */
  private static long[] millionairesCost(Party party, int bits, int digitBits, int entryBits) {
    long choiceBits = 0;
    long tableBits = 0;
    int digits = (bits + digitBits - 1) / digitBits;
    long treeBits = 0;
    for (int groups = digits; groups > 1; groups -= groups / 2) {
      int merges = groups / 2;
      treeBits += entryBits == 2 ? 2 + 3 * (merges - 1) : 2 * merges;
    }
    for (int j = 0; j < digits; j++) {
      int width = Math.min(digitBits, bits - j * digitBits);
      if ((j % 2 == 0) == (party == Party.P0)) {
        tableBits += (long) entryBits << width;
      } else {
        choiceBits += width;
      }
    }
    long bytes = (choiceBits + tableBits + treeBits) * N / 8;
    long rounds = (choiceBits > 0 ? 1 : 0) + (tableBits > 0 ? 1 : 0) + BooleanCircuits.ceilLog2(digits);
    return new long[] {bytes, rounds};
  }

  /**
   * Bytes and rounds of a carry pair on {@code bits} bits: 4-bit digits whose OTs P0 sends all
   * (tables of 16 four-bit entries; P1 its choices), then two carry trees in one batch (more than
   * one digit).
   */
  private static long[] carryPairCost(Party party, int bits) {
    int digits = (bits + 3) / 4;
    long treeBits = 0;
    for (int groups = digits; groups > 1; groups -= groups / 2) {
      treeBits += 2 + 3 * (groups / 2 - 1);
    }
    long own = 0;
    for (int j = 0; j < digits; j++) {
      int width = Math.min(4, bits - j * 4);
      own += party == Party.P0 ? 4L << width : width;
    }
    // P0's tables need only P1's choices, and its own leaves are its own random shares: the tree's
    // first gates go out with the tables
    int rounds = (party == Party.P0 ? 0 : 1) + BooleanCircuits.ceilLog2(digits);
    return new long[] {(own + 2 * treeBits) * N / 8, rounds};
  }

  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {1, 4, 5, 20, 38, 45, 63})
  void comparisonCostsWhatTheClassCommentSays(int bits) {
    int lessThanOts = TwoParties.otsEachWay(N, p -> ArithmeticSession.randomOtsForLessThan(bits, p));
    TwoParties.Outcome<Object, Object> less = measureBoth("lessThan", bits, 0, 0, 0, lessThanOts,
        s -> s.lessThan(Vectors.of(xs, s), Vectors.of(ys, s), bits));
    TwoParties.Outcome<Object, Object> equal = measureBoth("equal", bits, 0, 0, 0,
        TwoParties.otsEachWay(N, p -> ArithmeticSession.randomOtsForEqual(bits, p)),
        s -> s.equal(Vectors.of(xs, s), Vectors.of(ys, s), bits));
    TwoParties.Outcome<Object, Object> min = measureBoth("min", bits, 0, 0, 0, lessThanOts + N,
        s -> s.min(Vectors.of(xs, s), Vectors.of(ys, s), bits));
    for (Party party : Party.values()) {
      TwoParties.Cost lessCost = party == Party.P0 ? less.cost0() : less.cost1();
      long[] lessWant = millionairesCost(party, bits, 4, 2);
      assertEquals(lessWant[0], lessCost.bytesSent(), "lessThan bytes of " + party);
      assertEquals(lessWant[1], lessCost.rounds(), "lessThan rounds of " + party);
      TwoParties.Cost equalCost = party == Party.P0 ? equal.cost0() : equal.cost1();
      long[] equalWant = millionairesCost(party, bits + 1, 6, 1);
      assertEquals(equalWant[0], equalCost.bytesSent(), "equal bytes of " + party);
      assertEquals(equalWant[1], equalCost.rounds(), "equal rounds of " + party);
      // select: a bit per value to derandomise the random OT, then two masked 8-byte messages
      TwoParties.Cost minCost = party == Party.P0 ? min.cost0() : min.cost1();
      assertEquals(lessCost.bytesSent() + N / 8 + 16L * N, minCost.bytesSent(), "min bytes of " + party);
      // (with one digit P0's comparison ends with its send of the tables, and its select's first send joins it)
      int joined = party == Party.P0 && bits <= 4 ? 1 : 0;
      assertEquals(lessCost.rounds() + 2 - joined, minCost.rounds(), "min rounds of " + party);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"multiply", "and", "bitToArithmetic", "select"})
  void oneStepOperationsCostWhatTheClassCommentSays(String op) {
    long[] bits = prg.nextBits(N);
    TwoParties.Cost cost = switch (op) {
      case "multiply" -> measure(op, 64, N, 0, 0, s -> s.multiply(Vectors.of(xs, s), Vectors.of(ys, s)));
      case "and" -> measure(op, 1, 0, N, 0, s -> s.and(bits, bits, N));
      case "bitToArithmetic" -> measure(op, 1, 0, 0, N, s -> s.bitToArithmetic(bits, N));
      default -> measure(op, 64, 0, 0, 0, N, s -> s.select(bits, Vectors.of(xs, s), Vectors.of(ys, s)));
    };
    long bytes = switch (op) {
      case "multiply" -> 16L * N;
      case "and" -> 2 * N / 8;
      case "bitToArithmetic" -> N / 8;
      default -> N / 8 + 16L * N;
    };
    assertEquals(bytes, cost.bytesSent());
    assertEquals(op.equals("select") ? 2 : 1, cost.rounds());
  }

  @org.junit.jupiter.api.Test
  void aMoneyRoundingCostsWhatThePlanSays() {
    // ROUND4 of a signed 38-bit money value: sign test, B2A, the wrap bit (one product of the shares'
    // top bits), B2A, two 16-bit tests (one carry pair), B2A
    long min = -(1L << 37);
    int daBits = ArithmeticSession.daBitsForDivideRounded(10000, min, 38);
    TwoParties.Outcome<Object, Object> outcome = measureBoth("divideRounded", 38, 0, 0, N * daBits,
        TwoParties.otsEachWay(N, p -> ArithmeticSession.randomOtsForDivideRounded(10000, min, 38, p)),
        s -> s.divideRounded(Vectors.of(xs, s), 10000, min, 38));
    for (Party party : Party.values()) {
      TwoParties.Cost cost = party == Party.P0 ? outcome.cost0() : outcome.cost1();
      long[] sign = millionairesCost(party, 38, 4, 2);
      // the two 16-bit remainder tests as one carry pair
      long[] remainders = carryPairCost(party, 16);
      // the wrap bit: one masked bit each way; each B2A: one masked bit each way
      assertEquals(sign[0] + N / 8 + remainders[0] + (long) daBits * N / 8, cost.bytesSent(), "bytes of " + party);
      assertEquals(sign[1] + 1 + 1 + 1 + remainders[1] + 1, cost.rounds(), "rounds of " + party);
    }
  }
}
