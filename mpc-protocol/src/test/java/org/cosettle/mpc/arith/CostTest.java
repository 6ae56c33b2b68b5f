package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;
import org.cosettle.crypto.random.Prg;
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
    TwoParties.Outcome<Object, Object> outcome = TwoParties.symmetric(multiplications, ands, daBits, randomOts, op);
    assertEquals(outcome.cost0(), outcome.cost1(), name + ": both parties send the same");
    TwoParties.Cost cost = outcome.cost0();
    System.out.printf("COST %-14s %2d bits: %7.3f bytes sent per value per party, %2d rounds, per value %3d AND"
        + " + %d mult. triples + %d daBits + %d random OTs each way%n",
        name, bits, (double) cost.bytesSent() / N, cost.rounds(), ands / N, multiplications / N, daBits / N,
        randomOts / N);
    return cost;
  }

  @ParameterizedTest(name = "{0} bits")
  @ValueSource(ints = {1, 20, 38, 63})
  void comparisonCostsWhatTheClassCommentSays(int bits) {
    int lessThanAnds = ArithmeticSession.andTriplesForLessThan(bits);
    int rounds = 1 + BooleanCircuits.ceilLog2(bits);
    TwoParties.Cost less = measure("lessThan", bits, 0, N * lessThanAnds, 0,
        s -> s.lessThan(Vectors.of(xs, s), Vectors.of(ys, s), bits));
    // 2 bits per AND gate: N/64 words of d and of e per gate vector
    assertEquals(2L * lessThanAnds * N / 8, less.bytesSent());
    assertEquals(rounds, less.rounds());

    TwoParties.Cost equal = measure("equal", bits, 0, N * ArithmeticSession.andTriplesForEqual(bits), 0,
        s -> s.equal(Vectors.of(xs, s), Vectors.of(ys, s), bits));
    assertEquals(2L * bits * N / 8, equal.bytesSent());
    assertEquals(BooleanCircuits.ceilLog2(bits + 1), equal.rounds());

    TwoParties.Cost min = measure("min", bits, 0, N * lessThanAnds, 0, N,
        s -> s.min(Vectors.of(xs, s), Vectors.of(ys, s), bits));
    // select: a bit per value to derandomise the random OT, then two masked 8-byte messages
    assertEquals(less.bytesSent() + N / 8 + 16L * N, min.bytesSent());
    assertEquals(rounds + 2, min.rounds());
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
    // ROUND4 of a signed 38-bit money value: sign test, B2A, the wrap bit (one AND gate on the shares'
    // top bits), B2A, two 16-bit tests, B2A
    long min = -(1L << 37);
    int ands = ArithmeticSession.andTriplesForDivideRounded(10000, min, 38);
    int daBits = ArithmeticSession.daBitsForDivideRounded(10000, min, 38);
    TwoParties.Cost cost = measure("divideRounded", 38, 0, N * ands, N * daBits,
        s -> s.divideRounded(Vectors.of(xs, s), 10000, min, 38));
    assertEquals(2L * ands * N / 8 + (long) daBits * N / 8, cost.bytesSent());
    assertEquals(7 + 1 + 1 + 1 + 5 + 1, cost.rounds());
  }
}
