package org.cosettle.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.PrimeField;
import org.cosettle.crypto.sharing.Ring64;
import org.junit.jupiter.api.Test;

/**
 * Arithmetic OTs with chosen choices on silent COTs (the receiver sends c ⊕ x): the contracts of
 * the IKNP versions, over calls that cross iterations, and the bytes (one bit per OT up, the
 * corrections down).
 */
class SilentArithmeticOtTest {
  /** Three chunks, the last ending in a partial word, spread over several test iterations. */
  private static final int COUNT = 2 * (1 << 14) + 100;
  private static final long PRIME = 1152921504606830593L;

  private static SilentOtSender sender(Channel channel) {
    return SilentOtSender.forTests(IknpSender.setUp(channel, Prg.create()), channel, Prg.create(),
        SilentOtTest.TEST_BOOTSTRAP, SilentOtTest.TEST_MAIN);
  }

  private static <A, B> TwoParty.Results<A, B> afterWarmUp(Function<SilentOtSender, A> first,
      Function<SilentOtReceiver, B> second) {
    // a call first, so the chosen-choice OTs do not start at an iteration boundary
    return TwoParty.run(channel -> {
      SilentOtSender s = sender(channel);
      s.correlatedOts(333);
      return first.apply(s);
    }, channel -> {
      SilentOtReceiver r = SilentOtTest.receiverFor(channel);
      r.correlatedOts(333);
      return second.apply(r);
    });
  }

  @Test
  void arithmeticOtsOverZ2To64AddTheCorrelationWhereTheChoiceIsOne() {
    Prg prg = Prg.create();
    long[] correlations = prg.nextLongs(COUNT);
    long[] choices = prg.nextBits(COUNT);
    choices[0] |= 3;
    var run = afterWarmUp(s -> s.arithmeticOts(Ring64.INSTANCE, correlations),
        r -> r.arithmeticOts(Ring64.INSTANCE, choices, COUNT));
    for (int i = 0; i < COUNT; i++) {
      long bit = (choices[i >>> 6] >>> i) & 1;
      assertEquals(run.first()[i] + bit * correlations[i], run.second()[i], "OT " + i);
    }
  }

  @Test
  void arithmeticOtsOverAPrimeFieldStayInTheField() {
    PrimeField field = PrimeField.of(PRIME);
    Prg prg = Prg.create();
    long[] correlations = new long[1000];
    field.random(prg, correlations);
    correlations[0] = PRIME - 1;
    long[] choices = prg.nextBits(1000);
    choices[0] = -1L;
    var run = afterWarmUp(s -> s.arithmeticOts(field, correlations), r -> r.arithmeticOts(field, choices, 1000));
    IknpOtExtensionTest.assertFieldOts(field, choices, correlations, run.first(), run.second());
  }

  @Test
  void truncatedArithmeticOtsAgreeModuloEachWidthAndSendOnlyTheirBitsAndTheChoiceFlips() {
    Prg prg = Prg.create();
    long[] correlations = prg.nextLongs(COUNT);
    int[] widths = new int[COUNT];
    for (int i = 0; i < COUNT; i++) {
      widths[i] = i < 3 ? new int[] {1, 64, 63}[i] : 1 + (int) prg.nextLongBelow(64);
    }
    long[] choices = prg.nextBits(COUNT);
    choices[0] |= 7;
    long[] iterationBytes = new long[1];
    var run = afterWarmUp(s -> {
      long before = s.bytesTransferred();
      int[] iterationsBefore = s.iterations();
      long[] zeroMessages = s.truncatedArithmeticOts(correlations, widths);
      int[] iterations = s.iterations();
      long treeBytes = 8L * SilentOtTest.TEST_MAIN.t() * Ferret.longsPerTree(SilentOtTest.TEST_MAIN.log2BlockSize());
      long bootstrapBytes = 8L * SilentOtTest.TEST_BOOTSTRAP.t()
          * Ferret.longsPerTree(SilentOtTest.TEST_BOOTSTRAP.log2BlockSize());
      iterationBytes[0] = s.bytesTransferred() - before - (iterations[0] - iterationsBefore[0]) * treeBytes
          - (iterations[1] - iterationsBefore[1]) * bootstrapBytes;
      return zeroMessages;
    }, r -> r.truncatedArithmeticOts(choices, widths));
    long packedBytes = 0;
    for (int start = 0; start < COUNT; start += 1 << 14) {
      int n = Math.min(1 << 14, COUNT - start);
      packedBytes += 8L * (PackedBits.words(widths, start, n) + IknpOtExtension.words(n));
    }
    for (int i = 0; i < COUNT; i++) {
      long bit = (choices[i >>> 6] >>> i) & 1;
      long mask = widths[i] == 64 ? -1L : (1L << widths[i]) - 1;
      assertEquals(run.first()[i] & mask, run.first()[i], "m0 has " + widths[i] + " bits");
      assertEquals((run.first()[i] + bit * correlations[i]) & mask, run.second()[i], "OT " + i);
    }
    assertEquals(packedBytes, iterationBytes[0]);
  }
}
