package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.SharePair;
import org.junit.jupiter.api.Test;

/**
 * A peer whose message has the wrong length (or stray bits) makes the receiver abort at the step
 * with a {@link ProtocolAbortException}; the receiver closes the channel, so the faulty party's
 * next receive fails at once instead of hanging, and both sessions refuse further work.
 */
class AbortTest {
  private static final int N = 65;
  private final Prg prg = Prg.create();
  private final SharePair xs = Vectors.share(Vectors.inRange(N, -5000, 20, 0, prg), prg);
  private final SharePair ys = Vectors.share(Vectors.inRange(N, -5000, 20, 1, prg), prg);

  /** What one party's online part ended with: its exception, or null, and its follow-up call's exception. */
  private record End(RuntimeException first, RuntimeException after) {}

  private interface Operation {
    void run(ArithmeticSession session);
  }

  /** Runs {@code operation} on both parties, P0's {@code index}-th message replaced by {@code tamper}. */
  private TwoParties.Outcome<End, End> run(int index, UnaryOperator<byte[]> tamper, Operation operation) {
    Function<Channel, Channel> wrap0 = c -> TappedChannel.tampering(c, index, tamper);
    TwoParties.Body<End> body = (s, c) -> {
      RuntimeException first = null;
      try {
        operation.run(s);
        operation.run(s);
      } catch (RuntimeException e) {
        first = e;
      }
      RuntimeException after = null;
      try {
        operation.run(s);
      } catch (RuntimeException e) {
        after = e;
      }
      return new End(first, after);
    };
    return TwoParties.run(4 * N, 2000 * N, 4 * N, 2000 * N, wrap0, Function.identity(), body, body);
  }

  private static ProtocolAbortException abort(End end, ArithmeticSession.Step step) {
    ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, end.first());
    assertEquals(step, e.step());
    assertInstanceOf(IllegalStateException.class, end.after(), "a dead session refuses work");
    return e;
  }

  @Test
  void aShortMultiplicationMessageAbortsTheReceiverAndThenTheSender() {
    TwoParties.Outcome<End, End> outcome = run(0, m -> Arrays.copyOf(m, m.length - 8),
        s -> s.multiply(Vectors.of(xs, s), Vectors.of(ys, s)));
    ProtocolAbortException e = abort(outcome.p1(), ArithmeticSession.Step.MULTIPLY);
    assertEquals("aborted at Step.MULTIPLY: the peer sent " + (16 * N - 8) + " bytes where " + 16 * N
        + " were expected", e.getMessage());
    // P0's first call got P1's message; its second finds the channel closed
    ProtocolAbortException closed = abort(outcome.p0(), ArithmeticSession.Step.MULTIPLY);
    assertEquals(true, closed.getMessage().contains("no message"), closed.getMessage());
  }

  @Test
  void aStrayBitInAChoiceMessageAbortsTheMillionairesOnBothSides() {
    // 20 bits are 5 digits; P0 receives digits 1 and 3, so its first message holds 8 bits for each of
    // the 65 values: 520 bits, and bit 63 of word 8 is past them
    TwoParties.Outcome<End, End> outcome = run(0, m -> {
      byte[] copy = m.clone();
      copy[71] |= (byte) 0x80;
      return copy;
    }, s -> s.lessThan(Vectors.of(xs, s), Vectors.of(ys, s), 20));
    ProtocolAbortException e = abort(outcome.p1(), ArithmeticSession.Step.DIGIT_OT);
    assertEquals("aborted at Step.DIGIT_OT: bits past the 520 of a vector are set", e.getMessage());
    abort(outcome.p0(), ArithmeticSession.Step.DIGIT_OT);
  }

  @Test
  void aShortTableMessageAbortsEquality() {
    // 21 bits are 4 digits of up to 6 bits; message 1 holds P0's tables of digits 0 and 2, 64 bits each
    TwoParties.Outcome<End, End> outcome = run(1, m -> Arrays.copyOf(m, m.length - 8),
        s -> s.equal(Vectors.of(xs, s), Vectors.of(ys, s), 20));
    ProtocolAbortException e = abort(outcome.p1(), ArithmeticSession.Step.DIGIT_OT);
    assertEquals("aborted at Step.DIGIT_OT: the peer sent " + (2 * 8 * N - 8) + " bytes where " + 2 * 8 * N
        + " were expected", e.getMessage());
    // P0 got P1's tables and finds the channel closed at the first AND gates of the tree
    ProtocolAbortException closed = abort(outcome.p0(), ArithmeticSession.Step.AND);
    assertEquals(true, closed.getMessage().contains("no message"), closed.getMessage());
  }

  @Test
  void aStrayBitInAnAndMessageAbortsTheComparisonOnBothSides() {
    // messages 0 and 1 are the digit OTs, message 2 the first level of the carry tree; bit 63 of word 1
    // is past the 65 bits of vector 0
    TwoParties.Outcome<End, End> outcome = run(2, m -> {
      byte[] copy = m.clone();
      copy[15] |= (byte) 0x80;
      return copy;
    }, s -> s.lessThan(Vectors.of(xs, s), Vectors.of(ys, s), 20));
    ProtocolAbortException e = abort(outcome.p1(), ArithmeticSession.Step.AND);
    assertEquals("aborted at Step.AND: bits past the 65 of a vector are set", e.getMessage());
    abort(outcome.p0(), ArithmeticSession.Step.AND);
  }

  @Test
  void aLongAndMessageAbortsEquality() {
    TwoParties.Outcome<End, End> outcome = run(2, m -> Arrays.copyOf(m, m.length + 8),
        s -> s.equal(Vectors.of(xs, s), Vectors.of(ys, s), 20));
    abort(outcome.p1(), ArithmeticSession.Step.AND);
    abort(outcome.p0(), ArithmeticSession.Step.AND);
  }

  @Test
  void aShortSeedAbortsTheInput() {
    long[] values = Vectors.anyLongs(N, 0, prg);
    TwoParties.Outcome<RuntimeException, RuntimeException> outcome = TwoParties.run(0, 0, 0,
        c -> TappedChannel.tampering(c, 0, m -> Arrays.copyOf(m, 15)),
        (s, c) -> {
          s.shareInput(values);
          return null;
        },
        (s, c) -> assertThrows(ProtocolAbortException.class, () -> s.peerInput(N)));
    assertEquals(ArithmeticSession.Step.INPUT, ((ProtocolAbortException) outcome.p1()).step());
  }

  @Test
  void aWrongLengthOpeningAbortsTheRecipient() {
    TwoParties.Outcome<RuntimeException, RuntimeException> outcome = TwoParties.run(0, 0, 0,
        c -> TappedChannel.tampering(c, 0, m -> Arrays.copyOf(m, m.length - 1)),
        (s, c) -> {
          s.open(Vectors.of(xs, s), Party.P1);
          return null;
        },
        (s, c) -> assertThrows(ProtocolAbortException.class, () -> s.open(Vectors.of(xs, s), Party.P1)));
    assertEquals(ArithmeticSession.Step.OPEN, ((ProtocolAbortException) outcome.p1()).step());
  }

  @Test
  void aWrongLengthBitOpeningAbortsBothWaysOpening() {
    long[] bits = prg.nextBits(N);
    TwoParties.Outcome<RuntimeException, RuntimeException> outcome = TwoParties.run(0, 0, 0,
        c -> TappedChannel.tampering(c, 0, m -> Arrays.copyOf(m, 8)),
        (s, c) -> {
          s.openBitsToBoth(bits, N);
          return null;
        },
        (s, c) -> assertThrows(ProtocolAbortException.class, () -> s.openBitsToBoth(bits, N)));
    assertEquals(ArithmeticSession.Step.OPEN_BITS, ((ProtocolAbortException) outcome.p1()).step());
  }

  @Test
  void aShortConversionMessageAbortsTheBitToArithmeticConversion() {
    long[] bits = prg.nextBits(N);
    TwoParties.Outcome<End, End> outcome = run(0, m -> Arrays.copyOf(m, 8), s -> s.bitToArithmetic(bits, N));
    ProtocolAbortException e = abort(outcome.p1(), ArithmeticSession.Step.CONVERT);
    assertEquals("aborted at Step.CONVERT: the peer sent 8 bytes where 16 were expected", e.getMessage());
    abort(outcome.p0(), ArithmeticSession.Step.CONVERT);
  }

  @Test
  void aSilentPeerAbortsTheStepAtTheChannelTimeOut() {
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofMillis(200));
    ArithmeticSession session = new ArithmeticSession(pair.second(), Party.P1, prg, new TriplePool());
    ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> session.open(Vectors.of(xs, session), Party.P1));
    assertEquals(ArithmeticSession.Step.OPEN, e.step());
    assertEquals(true, e.getMessage().contains("no message"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> session.openToBoth(new long[1]));
  }
}
