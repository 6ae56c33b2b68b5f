package org.cosettle.mpc.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Function;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * P0's view (every byte P1 sends it) must not depend on P1's private input. P1 enters its
 * plaintext y as the share pair (0, y) — no input masking — so only the protocol's own masking
 * (the triples) hides it: sending y, or a bit plane of it, in the clear makes the byte histogram
 * far from uniform. Two runs with the same outputs but different y must both look uniform and
 * alike. Threshold: χ² with 255 degrees of freedom above 400 has probability below 10<sup>−8</sup>.
 */
class ViewTest {
  private static final int N = 4096;
  private static final int BITS = 38;
  private static final double THRESHOLD = 400;
  private final Prg prg = Prg.create();

  private static long[] histogram(byte[] bytes) {
    long[] counts = new long[256];
    for (byte b : bytes) {
      counts[b & 0xff]++;
    }
    return counts;
  }

  private static double chiSquareUniform(byte[] bytes) {
    double expected = bytes.length / 256.0;
    double chi = 0;
    for (long count : histogram(bytes)) {
      chi += (count - expected) * (count - expected) / expected;
    }
    return chi;
  }

  private static double chiSquareTwoSamples(byte[] first, byte[] second) {
    long[] a = histogram(first);
    long[] b = histogram(second);
    double chi = 0;
    for (int i = 0; i < 256; i++) {
      if (a[i] + b[i] > 0) {
        chi += (double) (a[i] - b[i]) * (a[i] - b[i]) / (a[i] + b[i]);
      }
    }
    return chi;
  }

  /** P0's received bytes when P0 holds x and P1 holds y, both in plaintext, and both run {@code op}. */
  private byte[] viewOfP0(long[] x, long[] y, int multiplications, int ands, int daBits, Op op, Object[] outputs) {
    return viewOfP0(x, y, multiplications, ands, daBits, 0, op, outputs);
  }

  private byte[] viewOfP0(long[] x, long[] y, int multiplications, int ands, int daBits, int randomOts, Op op,
      Object[] outputs) {
    return view(Party.P0, x, y, multiplications, ands, daBits, randomOts, op, outputs, false);
  }

  /**
   * The bytes {@code observer} receives when P0 holds x and P1 holds y, both in plaintext, and both
   * run {@code op}; with {@code plantedPeer}, the observer's peer sends its millionaires' tables
   * without their OT masks (the positive control).
   */
  private byte[] view(Party observer, long[] x, long[] y, int multiplications, int ands, int daBits, int randomOts,
      Op op, Object[] outputs, boolean plantedPeer) {
    Function<Channel, Channel> record = TappedChannel::recording;
    long[] zeros = new long[N];
    Object[] views = new Object[2];
    TwoParties.Body<Object> p0 = (s, c) -> {
      if (plantedPeer && observer == Party.P1) {
        s.plantUnmaskedDigitTables();
      }
      outputs[0] = op.run(s, x, zeros);
      views[0] = observer == Party.P0 ? ((TappedChannel) c).received() : null;
      return null;
    };
    TwoParties.Body<Object> p1 = (s, c) -> {
      if (plantedPeer && observer == Party.P0) {
        s.plantUnmaskedDigitTables();
      }
      outputs[1] = op.run(s, zeros, y);
      views[1] = observer == Party.P1 ? ((TappedChannel) c).received() : null;
      return null;
    };
    TwoParties.run(multiplications, ands, daBits, randomOts, observer == Party.P0 ? record : Function.identity(),
        observer == Party.P1 ? record : Function.identity(), p0, p1);
    return (byte[]) views[observer == Party.P0 ? 0 : 1];
  }

  private interface Op {
    long[] run(ArithmeticSession session, long[] x, long[] y);
  }

  private void assertViewsAlike(byte[] first, byte[] second) {
    assertTrue(first.length >= 65_536, "view of " + first.length + " bytes");
    double a = chiSquareUniform(first);
    double b = chiSquareUniform(second);
    double ab = chiSquareTwoSamples(first, second);
    assertTrue(a < THRESHOLD && b < THRESHOLD && ab < THRESHOLD,
        "chi-square: first run " + a + ", second run " + b + ", between runs " + ab);
  }

  /**
   * The millionaires' protocol seen from either side: the observer's plaintext fixed, the peer's
   * just above it or far above it (x &lt; y both times), so the outputs agree and only the peer's
   * input differs. Each party receives its peer's choices against random ones, its peer's tables
   * masked by the random OTs it did not choose, and the openings of the AND gates; all uniform and
   * alike. The positive control: the peer sends its tables without the OT masks (which gives away its
   * digits), and the same check fails.
   */
  @ParameterizedTest(name = "seen by {0}")
  @EnumSource(Party.class)
  void aComparisonViewDoesNotDependOnThePeersInput(Party observer) {
    long mask = (1L << BITS) - 1;
    long[] mine = new long[N];
    long[] close = new long[N];
    long[] far = new long[N];
    for (int i = 0; i < N; i++) {
      mine[i] = prg.nextLong() & (mask >>> 1);
      close[i] = mine[i] + 1;
      far[i] = mine[i] + 1 + (prg.nextLong() & (mask >>> 2));
    }
    boolean[] allTrue = new boolean[N];
    Arrays.fill(allTrue, true);
    // P0's x below P1's y: [x < y] is all true; P1's x below P0's y: [y < x] is all true
    assertMillionairesViewIgnoresThePeer(observer, mine, new long[][] {close, far},
        TwoParties.otsEachWay(N, p -> ArithmeticSession.randomOtsForLessThan(BITS, p)),
        (s, a, b) -> observer == Party.P0 ? s.lessThan(a, b, BITS) : s.lessThan(b, a, BITS), allTrue);
  }

  /** Equality seen from either side: the peer's unequal values one bit off or far off give the same bytes. */
  @ParameterizedTest(name = "seen by {0}")
  @EnumSource(Party.class)
  void anEqualityViewDoesNotDependOnThePeersInput(Party observer) {
    long mask = (1L << BITS) - 1;
    long[] mine = new long[N];
    long[] near = new long[N];
    long[] far = new long[N];
    boolean[] equal = new boolean[N];
    for (int i = 0; i < N; i++) {
      mine[i] = prg.nextLong() & mask;
      equal[i] = i % 2 == 0;
      near[i] = equal[i] ? mine[i] : mine[i] ^ 1;
      far[i] = equal[i] ? mine[i] : mine[i] ^ (1 + (prg.nextLong() & (mask >>> 1)));
    }
    assertMillionairesViewIgnoresThePeer(observer, mine, new long[][] {near, far},
        TwoParties.otsEachWay(N, p -> ArithmeticSession.randomOtsForEqual(BITS, p)), (s, a, b) -> s.equal(a, b, BITS),
        equal);
  }

  /**
   * Runs {@code op} with the observer's plaintext {@code mine} against each of the peer's two inputs
   * (both giving {@code expected}): the observer's two views are uniform and alike, and with the
   * peer's tables planted unmasked they are not.
   */
  private void assertMillionairesViewIgnoresThePeer(Party observer, long[] mine, long[][] peers, int ots, Op op,
      boolean[] expected) {
    byte[][] views = new byte[2][];
    byte[][] planted = new byte[2][];
    for (int run = 0; run < 2; run++) {
      long[] x = observer == Party.P0 ? mine : peers[run];
      long[] y = observer == Party.P0 ? peers[run] : mine;
      Object[] out = new Object[2];
      views[run] = view(observer, x, y, 0, 0, 0, ots, op, out, false);
      assertArrayEquals(expected, Vectors.reconstructBits((long[]) out[0], (long[]) out[1], N));
      planted[run] = view(observer, x, y, 0, 0, 0, ots, op, new Object[2], true);
    }
    assertViewsAlike(views[0], views[1]);
    assertThrows(AssertionError.class, () -> assertViewsAlike(planted[0], planted[1]));
  }

  @Test
  void aMultiplicationViewDoesNotDependOnThePeersInput() {
    // x = 0, so the product is 0 whatever y is: same outputs, y all zero or uniform
    long[] x = new long[N];
    Op multiply = (s, a, b) -> s.multiply(a, b);
    Object[] zeroOut = new Object[2];
    Object[] randomOut = new Object[2];
    byte[] zero = viewOfP0(x, new long[N], N, 0, 0, multiply, zeroOut);
    byte[] random = viewOfP0(x, prg.nextLongs(N), N, 0, 0, multiply, randomOut);
    assertArrayEquals(new long[N], Vectors.reconstruct((long[]) zeroOut[0], (long[]) zeroOut[1]));
    assertArrayEquals(new long[N], Vectors.reconstruct((long[]) randomOut[0], (long[]) randomOut[1]));
    assertViewsAlike(zero, random);
  }

  /**
   * P1 holds the bit shares (P0 all zero) and both operands a = b (so the result is b whatever the
   * bit): P0's view of the OT-based select — P1's choices against its random ones, then P1's two
   * masked messages per value — looks the same for P1's bits all zero and uniform, and values zero
   * and uniform.
   */
  @Test
  void aSelectViewDoesNotDependOnThePeersBitOrValues() {
    long[] zeroBits = new long[N / 64];
    long[] randomBits = prg.nextBits(N);
    Op selectZero = (s, a, b) -> s.select(s.party() == Party.P0 ? new long[N / 64] : zeroBits, a, a);
    Op selectRandom = (s, a, b) -> s.select(s.party() == Party.P0 ? new long[N / 64] : randomBits, b, b);
    Object[] zeroOut = new Object[2];
    Object[] randomOut = new Object[2];
    byte[] zero = viewOfP0(new long[N], new long[N], 0, 0, 0, N, selectZero, zeroOut);
    long[] values = prg.nextLongs(N);
    byte[] random = viewOfP0(new long[N], values, 0, 0, 0, N, selectRandom, randomOut);
    assertArrayEquals(new long[N], Vectors.reconstruct((long[]) zeroOut[0], (long[]) zeroOut[1]));
    assertArrayEquals(values, Vectors.reconstruct((long[]) randomOut[0], (long[]) randomOut[1]));
    assertViewsAlike(zero, random);
    // the positive control: had P1 sent its bits without the random OT's choice (a leak of c₁),
    // the same check would tell the two runs apart
    byte[] leakZero = concat(bytes(zeroBits), zero);
    byte[] leakRandom = concat(bytes(randomBits), random);
    assertThrows(AssertionError.class, () -> assertViewsAlike(leakZero, leakRandom));
  }

  /**
   * P0 owns a plaintext factor of 0 (so the product is 0 whatever the shared value), P1's share of
   * the value is zero or uniform: P0's view of the plaintext product — P1's corrections, each
   * masked by a random OT message — looks the same; the positive control adds P1's share in the
   * clear and is caught.
   */
  @Test
  void aPlaintextProductViewDoesNotDependOnThePeersShare() {
    int bits = 2;
    Op product = (s, a, b) -> s.multiplyPlaintext(s.party() == Party.P0 ? a : b,
        s.party() == Party.P0 ? new long[N] : null, Party.P0, 0, bits);
    Object[] zeroOut = new Object[2];
    Object[] randomOut = new Object[2];
    long[] y = prg.nextLongs(N);
    byte[] zero = viewOfP0(new long[N], new long[N], 0, 0, 0, N * bits, product, zeroOut);
    byte[] random = viewOfP0(new long[N], y, 0, 0, 0, N * bits, product, randomOut);
    assertArrayEquals(new long[N], Vectors.reconstruct((long[]) zeroOut[0], (long[]) zeroOut[1]));
    assertArrayEquals(new long[N], Vectors.reconstruct((long[]) randomOut[0], (long[]) randomOut[1]));
    assertViewsAlike(zero, random);
    byte[] leakZero = concat(bytes(new long[N]), zero);
    byte[] leakRandom = concat(bytes(y), random);
    assertThrows(AssertionError.class, () -> assertViewsAlike(leakZero, leakRandom));
  }

  private static byte[] bytes(long[] words) {
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(8 * words.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (long w : words) {
      buffer.putLong(w);
    }
    return buffer.array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void anExactRoundingViewDoesNotDependOnThePeersInput() {
    // P1 holds v = 10000·q or 10000·q + 1234 (and P0 holds 0): the same rounded quotient q
    long min = -(1L << 37);
    long[] exact = new long[N];
    long[] offset = new long[N];
    long[] quotients = new long[N];
    for (int i = 0; i < N; i++) {
      quotients[i] = prg.nextLongBelow(2 * 13_000_000L) - 13_000_000L;
      exact[i] = quotients[i] * 10000;
      offset[i] = exact[i] + 1234;
    }
    int daBits = N * ArithmeticSession.daBitsForDivideRounded(10000, min, BITS);
    int ots = TwoParties.otsEachWay(N, p -> ArithmeticSession.randomOtsForDivideRounded(10000, min, BITS, p));
    Op round = (s, a, b) -> s.divideRounded(s.add(a, b), 10000, min, BITS);
    Object[] exactOut = new Object[2];
    Object[] offsetOut = new Object[2];
    byte[] first = viewOfP0(new long[N], exact, 0, 0, daBits, ots, round, exactOut);
    byte[] second = viewOfP0(new long[N], offset, 0, 0, daBits, ots, round, offsetOut);
    assertArrayEquals(quotients, Vectors.reconstruct((long[]) exactOut[0], (long[]) exactOut[1]));
    assertArrayEquals(quotients, Vectors.reconstruct((long[]) offsetOut[0], (long[]) offsetOut[1]));
    assertViewsAlike(first, second);
  }

  /**
   * A rounding on a non-negative range seen by P1, which receives every digit table of the
   * remainder tests' carry pair: P0 holds v = 10000·q or 10000·q + 1234 (P1 holds 0), the same
   * quotients, and P1's two views are uniform and alike; with P0's tables planted unmasked they are
   * not (the positive control).
   */
  @Test
  void anExactRoundingViewSeenByTheReceiverOfTheTablesDoesNotDependOnThePeersInput() {
    long min = 0; // no sign test: the carry pair is the only millionaires' protocol in the rounding
    long[] exact = new long[N];
    long[] offset = new long[N];
    long[] quotients = new long[N];
    for (int i = 0; i < N; i++) {
      quotients[i] = prg.nextLongBelow(26_000_000L);
      exact[i] = quotients[i] * 10000;
      offset[i] = exact[i] + 1234;
    }
    int daBits = N * ArithmeticSession.daBitsForDivideRounded(10000, min, BITS);
    int ots = TwoParties.otsEachWay(N, p -> ArithmeticSession.randomOtsForDivideRounded(10000, min, BITS, p));
    Op round = (s, a, b) -> s.divideRounded(s.add(a, b), 10000, min, BITS);
    byte[][] views = new byte[2][];
    byte[][] planted = new byte[2][];
    for (int run = 0; run < 2; run++) {
      long[] x = run == 0 ? exact : offset;
      Object[] out = new Object[2];
      views[run] = view(Party.P1, x, new long[N], 0, 0, daBits, ots, round, out, false);
      assertArrayEquals(quotients, Vectors.reconstruct((long[]) out[0], (long[]) out[1]));
      planted[run] = view(Party.P1, x, new long[N], 0, 0, daBits, ots, round, new Object[2], true);
    }
    assertViewsAlike(views[0], views[1]);
    assertThrows(AssertionError.class, () -> assertViewsAlike(planted[0], planted[1]));
  }

  /**
   * A product with one factor for the batch seen by the factor's owner, which receives the
   * corrections: the other party's values small or uniform give uniform and alike views; with the
   * corrections planted without their pads they are not (the positive control).
   */
  @Test
  void aConstantProductViewDoesNotDependOnThePeersShare() {
    long[] small = new long[N];
    long[] large = prg.nextLongs(N);
    for (int i = 0; i < N; i++) {
      small[i] = prg.nextLong() & 0xffff;
    }
    assertViewsAlike(constantProductOwnerView(small, false), constantProductOwnerView(large, false));
    byte[] plantedSmall = constantProductOwnerView(small, true);
    byte[] plantedLarge = constantProductOwnerView(large, true);
    assertThrows(AssertionError.class, () -> assertViewsAlike(plantedSmall, plantedLarge));
  }

  /** The bytes P1, owner of the factor −0.6500, receives in a constant product with P0 holding x (P1's share 0). */
  private byte[] constantProductOwnerView(long[] x, boolean planted) {
    Object[] view = new Object[1];
    int bits = 18;
    TwoParties.run(0, 0, 0, ArithmeticSession.randomOtsForMultiplyConstant(bits), Function.identity(),
        TappedChannel::recording, (s, c) -> {
          if (planted) {
            s.plantUnmaskedConstantProduct();
          }
          return s.multiplyConstant(x, 0, Party.P1, -100_000, bits);
        }, (s, c) -> {
          long[] out = s.multiplyConstant(new long[x.length], -6500, Party.P1, -100_000, bits);
          view[0] = ((TappedChannel) c).received();
          return out;
        });
    return (byte[]) view[0];
  }

  @Test
  void theRecipientOfAnOpeningIsTheOnlyOneWhoReceives() {
    long[] y = prg.nextLongs(N);
    Object[] out = new Object[2];
    byte[] view = viewOfP0(new long[N], y, 0, 0, 0,
        (s, a, b) -> s.open(s.party() == Party.P0 ? a : b, Party.P1).orElse(new long[0]), out);
    assertArrayEquals(new byte[0], view);
    assertArrayEquals(y, (long[]) out[1]);
  }
}
