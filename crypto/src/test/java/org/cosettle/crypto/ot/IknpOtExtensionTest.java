package org.cosettle.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.PrimeField;
import org.cosettle.crypto.sharing.Ring64;
import org.junit.jupiter.api.Test;

class IknpOtExtensionTest {
  /** Two chunks, the second ending in a partial word. */
  private static final int COUNT = IknpOtExtension.CHUNK_OTS + 100;
  private static final long PRIME = 1152921504606830593L;

  @Test
  void randomOtsGiveTheReceiverExactlyTheMessageOfItsChoice() {
    var run = TwoParty.run(
        channel -> IknpSender.setUp(channel, Prg.create()).randomOts(COUNT),
        channel -> IknpReceiver.setUp(channel, Prg.create()).randomOts(COUNT));
    OtSenderOutput sender = run.first();
    OtReceiverOutput receiver = run.second();
    int ones = 0;
    for (int i = 0; i < COUNT; i++) {
      boolean c = receiver.choice(i);
      ones += c ? 1 : 0;
      long[] chosen = c ? sender.message1() : sender.message0();
      long[] other = c ? sender.message0() : sender.message1();
      assertEquals(chosen[2 * i], receiver.chosen()[2 * i], "OT " + i);
      assertEquals(chosen[2 * i + 1], receiver.chosen()[2 * i + 1], "OT " + i);
      assertNotEquals(other[2 * i], receiver.chosen()[2 * i], "OT " + i);
    }
    // binomial(COUNT, 1/2): standard deviation below 70
    assertTrue(Math.abs(ones - COUNT / 2) < 1000, "choice bits are balanced: " + ones);
  }

  /**
   * The 64-bit random OTs are the low words of the 128-bit ones, each side's kind interchangeable
   * with the other's: the same seeds give the same words after earlier calls of either kind.
   */
  @Test
  void randomWordOtsAreTheLowWordsOfRandomOtsOnEitherSide() {
    byte[] senderSeed = new byte[16];
    byte[] receiverSeed = new byte[16];
    receiverSeed[0] = 1;
    var blocks = TwoParty.run(
        channel -> {
          IknpSender sender = IknpSender.setUp(channel, Prg.fromSeed(senderSeed));
          sender.randomOts(300);
          return sender.randomOts(COUNT);
        },
        channel -> {
          IknpReceiver receiver = IknpReceiver.setUp(channel, Prg.fromSeed(receiverSeed));
          receiver.randomOts(300);
          return receiver.randomOts(COUNT);
        });
    var run = TwoParty.run(
        channel -> {
          IknpSender sender = IknpSender.setUp(channel, Prg.fromSeed(senderSeed));
          sender.randomWordOts(new long[300], new long[300]);
          long[] m0 = new long[COUNT];
          long[] m1 = new long[COUNT];
          sender.randomWordOts(m0, m1);
          return new long[][] {m0, m1};
        },
        channel -> {
          IknpReceiver receiver = IknpReceiver.setUp(channel, Prg.fromSeed(receiverSeed));
          receiver.randomWordOts(new long[300]);
          long[] chosen = new long[COUNT];
          long[] choices = receiver.randomWordOts(chosen);
          return new long[][] {choices, chosen};
        });
    long[][] words = {run.first()[0], run.first()[1], run.second()[0], run.second()[1]};
    assertArrayEquals(blocks.second().choices(), words[2], "the same choices");
    for (int i = 0; i < COUNT; i++) {
      assertEquals(blocks.first().message0()[2 * i], words[0][i], "OT " + i);
      assertEquals(blocks.first().message1()[2 * i], words[1][i], "OT " + i);
      assertEquals(blocks.second().chosen()[2 * i], words[3][i], "OT " + i);
      long chosen = ((words[2][i >>> 6] >>> i) & 1) == 1 ? words[1][i] : words[0][i];
      assertEquals(chosen, words[3][i], "OT " + i);
    }
  }

  @Test
  void correlatedOtsDifferByTheGlobalDeltaExactlyWhereTheChoiceIsOne() {
    long[] choices = Prg.create().nextBits(COUNT);
    var run = TwoParty.run(
        channel -> IknpSender.setUp(channel, Prg.create()).correlatedOts(COUNT),
        channel -> IknpReceiver.setUp(channel, Prg.create()).correlatedOts(choices, COUNT));
    CorrelatedOtSenderOutput sender = run.first();
    long[] delta = sender.delta();
    assertFalse(delta[0] == 0 && delta[1] == 0);
    for (int i = 0; i < COUNT; i++) {
      long bit = -((choices[i >>> 6] >>> i) & 1);
      assertEquals(sender.message0()[2 * i] ^ (bit & delta[0]), run.second().chosen()[2 * i], "OT " + i);
      assertEquals(sender.message0()[2 * i + 1] ^ (bit & delta[1]), run.second().chosen()[2 * i + 1], "OT " + i);
    }
  }

  @Test
  void arithmeticOtsOverZ2To64AddTheCorrelationWhereTheChoiceIsOne() {
    Prg prg = Prg.create();
    long[] correlations = prg.nextLongs(COUNT);
    correlations[0] = -1;
    correlations[1] = 0;
    long[] choices = prg.nextBits(COUNT);
    choices[0] |= 3;
    long[] extensionBytes = new long[1];
    var run = TwoParty.run(
        channel -> {
          IknpSender sender = IknpSender.setUp(channel, Prg.create());
          long before = sender.bytesTransferred();
          long[] zeroMessages = sender.arithmeticOts(Ring64.INSTANCE, correlations);
          extensionBytes[0] = sender.bytesTransferred() - before;
          return zeroMessages;
        },
        channel -> IknpReceiver.setUp(channel, Prg.create()).arithmeticOts(Ring64.INSTANCE, choices, COUNT));
    for (int i = 0; i < COUNT; i++) {
      long bit = (choices[i >>> 6] >>> i) & 1;
      assertEquals(run.first()[i] + bit * correlations[i], run.second()[i], "OT " + i);
    }
    // columns: 16 bytes per OT, the last chunk's 100 OTs padded to 128; corrections: 8 bytes per OT
    assertEquals(16L * (IknpOtExtension.CHUNK_OTS + 128) + 8L * COUNT, extensionBytes[0]);
  }

  @Test
  void arithmeticOtsOverAPrimeFieldStayInTheField() {
    PrimeField field = PrimeField.of(PRIME);
    Prg prg = Prg.create();
    long[] correlations = new long[1000];
    field.random(prg, correlations);
    correlations[0] = PRIME - 1;
    long[] choices = {-1L, -1L, 0L, prg.nextLong(), prg.nextLong(), prg.nextLong(), prg.nextLong(),
        prg.nextLong(), prg.nextLong(), prg.nextLong(), prg.nextLong(), prg.nextLong(), prg.nextLong(),
        prg.nextLong(), prg.nextLong(), prg.nextLong()};
    var run = TwoParty.run(
        channel -> IknpSender.setUp(channel, Prg.create()).arithmeticOts(field, correlations),
        channel -> IknpReceiver.setUp(channel, Prg.create()).arithmeticOts(field, choices, 1000));
    assertFieldOts(field, choices, correlations, run.first(), run.second());
  }

  /** Each OT's two outputs are in the field and differ by the correlation where the choice is one. */
  static void assertFieldOts(PrimeField field, long[] choices, long[] correlations, long[] zero, long[] chosen) {
    for (int i = 0; i < correlations.length; i++) {
      long bit = (choices[i >>> 6] >>> i) & 1;
      assertTrue(field.contains(zero[i]) && field.contains(chosen[i]));
      assertEquals(bit == 1 ? field.add(zero[i], correlations[i]) : zero[i], chosen[i]);
    }
  }

  @Test
  void truncatedArithmeticOtsAgreeModuloEachWidthAndSendOnlyThoseBits() {
    Prg prg = Prg.create();
    long[] correlations = prg.nextLongs(COUNT);
    int[] widths = new int[COUNT];
    long correctionBits = 0;
    for (int i = 0; i < COUNT; i++) {
      widths[i] = i < 3 ? new int[] {1, 64, 63}[i] : 1 + (int) prg.nextLongBelow(64);
      correctionBits += widths[i];
    }
    long[] choices = prg.nextBits(COUNT);
    choices[0] |= 7;
    long[] extensionBytes = new long[1];
    var run = TwoParty.run(
        channel -> {
          IknpSender sender = IknpSender.setUp(channel, Prg.create());
          long before = sender.bytesTransferred();
          long[] zeroMessages = sender.truncatedArithmeticOts(correlations, widths);
          extensionBytes[0] = sender.bytesTransferred() - before;
          return zeroMessages;
        },
        channel -> IknpReceiver.setUp(channel, Prg.create()).truncatedArithmeticOts(choices, widths));
    for (int i = 0; i < COUNT; i++) {
      long bit = (choices[i >>> 6] >>> i) & 1;
      long mask = widths[i] == 64 ? -1L : (1L << widths[i]) - 1;
      assertEquals(run.first()[i] & mask, run.first()[i], "m0 has " + widths[i] + " bits");
      assertEquals((run.first()[i] + bit * correlations[i]) & mask, run.second()[i], "OT " + i);
    }
    long chunkOneBits = 0;
    for (int i = 0; i < IknpOtExtension.CHUNK_OTS; i++) {
      chunkOneBits += widths[i];
    }
    long packedBytes = 8 * ((chunkOneBits + 63) / 64 + (correctionBits - chunkOneBits + 63) / 64);
    assertEquals(16L * (IknpOtExtension.CHUNK_OTS + 128) + packedBytes, extensionBytes[0]);
  }

  @Test
  void chosenMessageOtsDeliverTheChosenBlocksAcrossSeveralCalls() {
    Prg prg = Prg.create();
    long[] message0 = prg.nextLongs(2 * COUNT);
    long[] message1 = prg.nextLongs(2 * COUNT);
    long[] choices = prg.nextBits(COUNT);
    var run = TwoParty.run(
        channel -> {
          IknpSender sender = IknpSender.setUp(channel, Prg.create());
          sender.randomOts(777);
          sender.chosenMessageOts(message0, message1);
          return sender.randomOts(64);
        },
        channel -> {
          IknpReceiver receiver = IknpReceiver.setUp(channel, Prg.create());
          receiver.randomOts(777);
          OtReceiverOutput chosen = receiver.chosenMessageOts(choices, COUNT);
          OtReceiverOutput after = receiver.randomOts(64);
          return new OtReceiverOutput[] {chosen, after};
        });
    OtReceiverOutput chosen = run.second()[0];
    for (int i = 0; i < COUNT; i++) {
      long[] expected = chosen.choice(i) ? message1 : message0;
      assertEquals(expected[2 * i], chosen.chosen()[2 * i], "OT " + i);
      assertEquals(expected[2 * i + 1], chosen.chosen()[2 * i + 1], "OT " + i);
    }
    OtReceiverOutput after = run.second()[1];
    for (int i = 0; i < 64; i++) {
      long[] expected = after.choice(i) ? run.first().message1() : run.first().message0();
      assertEquals(expected[2 * i], after.chosen()[2 * i], "the sessions stay in step, OT " + i);
    }
  }

  @Test
  void randomOtsCostSixteenBytesEachAfterTheBaseOts() {
    int count = 1 << 16;
    var run = TwoParty.run(
        channel -> {
          IknpSender sender = IknpSender.setUp(channel, Prg.create());
          long before = sender.bytesTransferred();
          sender.randomOts(count);
          return sender.bytesTransferred() - before;
        },
        channel -> IknpReceiver.setUp(channel, Prg.create()).randomOts(count));
    assertEquals(16L * count, run.first());
    // base OTs: 33 bytes from the base sender, 128 points of 33 bytes back
    assertEquals(33L * 129 + 16L * count, run.firstChannel().bytesReceived() + run.firstChannel().bytesSent());
  }

  @Test
  void sameSeedsGiveTheSameOutputsOnBothSides() {
    byte[] senderSeed = new byte[16];
    byte[] receiverSeed = new byte[16];
    receiverSeed[0] = 1;
    long[] first = TwoParty.run(
        channel -> IknpSender.setUp(channel, Prg.fromSeed(senderSeed)).randomOts(300).message0(),
        channel -> IknpReceiver.setUp(channel, Prg.fromSeed(receiverSeed)).randomOts(300)).first();
    long[] second = TwoParty.run(
        channel -> IknpSender.setUp(channel, Prg.fromSeed(senderSeed)).randomOts(300).message0(),
        channel -> IknpReceiver.setUp(channel, Prg.fromSeed(receiverSeed)).randomOts(300)).first();
    assertArrayEquals(first, second, "randomness is passed in, so runs are reproducible");
  }
}
