package org.cosettle.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.random.Prg;
import org.junit.jupiter.api.Test;

class BaseOtTest {
  private static final int COUNT = 128;

  @Test
  void receiverGetsExactlyTheChosenMessages() {
    Prg prg = Prg.create();
    long[] message0 = prg.nextLongs(2 * COUNT);
    long[] message1 = prg.nextLongs(2 * COUNT);
    long[] choices = prg.nextBits(COUNT);
    var run = TwoParty.run(
        channel -> {
          new BaseOtSender(channel, Prg.create()).send(message0, message1);
          return null;
        },
        channel -> new BaseOtReceiver(channel, Prg.create()).receive(choices, COUNT));
    OtReceiverOutput received = run.second();
    for (int i = 0; i < COUNT; i++) {
      long[] expected = received.choice(i) ? message1 : message0;
      assertEquals(expected[2 * i], received.chosen()[2 * i], "OT " + i);
      assertEquals(expected[2 * i + 1], received.chosen()[2 * i + 1], "OT " + i);
    }
    assertEquals(BaseOt.POINT_BYTES + 4L * 8 * COUNT, run.firstChannel().bytesSent());
    assertEquals((long) COUNT * BaseOt.POINT_BYTES, run.secondChannel().bytesSent());
  }

  @Test
  void randomOtKeysMatchTheChoiceAndDifferFromTheOtherKey() {
    long[] choices = {0xF0F0_1234_5678_9ABCL, -1L};
    var run = TwoParty.run(
        channel -> {
          BaseOtSender sender = new BaseOtSender(channel, Prg.create());
          return new Object[] {sender.sendRandom(COUNT), sender.transcriptDigest()};
        },
        channel -> {
          BaseOtReceiver receiver = new BaseOtReceiver(channel, Prg.create());
          return new Object[] {receiver.receiveRandom(choices, COUNT), receiver.transcriptDigest()};
        });
    OtSenderOutput keys = (OtSenderOutput) run.first()[0];
    OtReceiverOutput chosen = (OtReceiverOutput) run.second()[0];
    for (int i = 0; i < COUNT; i++) {
      long[] expected = chosen.choice(i) ? keys.message1() : keys.message0();
      long[] other = chosen.choice(i) ? keys.message0() : keys.message1();
      assertEquals(expected[2 * i], chosen.chosen()[2 * i]);
      assertEquals(expected[2 * i + 1], chosen.chosen()[2 * i + 1]);
      assertFalse(other[2 * i] == chosen.chosen()[2 * i] && other[2 * i + 1] == chosen.chosen()[2 * i + 1]);
    }
    assertArrayEquals((byte[]) run.first()[1], (byte[]) run.second()[1], "both derive the same transcript digest");
  }

  @Test
  void senderViewLooksTheSameForAllZeroAndAllOneChoices() {
    int count = 512;
    long[][] histograms = new long[2][];
    for (int variant = 0; variant < 2; variant++) {
      long[] choices = new long[count / 64];
      Arrays.fill(choices, variant == 0 ? 0L : -1L);
      byte[] points = TwoParty.run(
          channel -> {
            RecordingChannel recording = new RecordingChannel(channel);
            recording.startRecording();
            new BaseOtSender(recording, Prg.create()).sendRandom(count);
            return recording.received();
          },
          channel -> new BaseOtReceiver(channel, Prg.create()).receiveRandom(choices, count)).first();
      long[] xBytes = new long[256];
      long evenY = 0;
      for (int i = 0; i < count; i++) {
        int offset = i * BaseOt.POINT_BYTES;
        evenY += points[offset] == 2 ? 1 : 0;
        for (int k = 1; k < BaseOt.POINT_BYTES; k++) {
          xBytes[points[offset + k] & 0xFF]++;
        }
      }
      // 512 parities: standard deviation 11.3
      assertTrue(Math.abs(evenY - count / 2) < 70, "y parity balanced: " + evenY);
      assertTrue(Math.abs(org.cosettle.crypto.ChiSquare.zScore(xBytes)) < 6, "x coordinates uniform");
      histograms[variant] = xBytes;
    }
    double statistic = 0;
    for (int k = 0; k < 256; k++) {
      double d = histograms[0][k] - histograms[1][k];
      statistic += d * d / (histograms[0][k] + histograms[1][k]);
    }
    // two-sample chi-square with 255 degrees of freedom: mean 255, standard deviation 22.6
    assertTrue(statistic < 255 + 6 * 22.6, "the two views have the same distribution: " + statistic);
  }

  @Test
  void senderAbortsOnAReceiverPointOffTheCurve() {
    byte[] points = new byte[COUNT * BaseOt.POINT_BYTES];
    for (int i = 0; i < COUNT; i++) {
      points[i * BaseOt.POINT_BYTES] = 2;
      // x = 2^256 - 1 is not a field element of P-256
      Arrays.fill(points, i * BaseOt.POINT_BYTES + 1, (i + 1) * BaseOt.POINT_BYTES, (byte) 0xFF);
    }
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
        channel -> new BaseOtSender(channel, Prg.create()).sendRandom(COUNT),
        channel -> {
          channel.receive();
          channel.send(points);
          return null;
        }));
    assertEquals(BaseOt.Step.RECEIVER_POINTS, abort.step());
    assertTrue(abort.getMessage().contains("receiver point 0"), abort.getMessage());
  }

  @Test
  void senderAbortsOnTooFewBytes() {
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
        channel -> new BaseOtSender(channel, Prg.create()).sendRandom(COUNT),
        channel -> {
          channel.receive();
          channel.send(new byte[COUNT * BaseOt.POINT_BYTES - 1]);
          return null;
        }));
    assertEquals(BaseOt.Step.RECEIVER_POINTS, abort.step());
    assertTrue(abort.getMessage().contains("4223 bytes where 4224"), abort.getMessage());
  }

  @Test
  void receiverAbortsOnAGarbageSenderPoint() {
    byte[] garbage = new byte[BaseOt.POINT_BYTES];
    Arrays.fill(garbage, (byte) 0x7E);
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
        channel -> {
          channel.send(garbage);
          return null;
        },
        channel -> new BaseOtReceiver(channel, Prg.create()).receiveRandom(new long[2], COUNT)));
    assertEquals(BaseOt.Step.SENDER_POINT, abort.step());
  }

  @Test
  void receiverAbortsOnShortCiphertexts() {
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
        channel -> {
          new BaseOtSender(channel, Prg.create()).sendRandom(COUNT);
          channel.send(new byte[5]);
          return null;
        },
        channel -> new BaseOtReceiver(channel, Prg.create()).receive(new long[2], COUNT)));
    assertEquals(BaseOt.Step.CIPHERTEXTS, abort.step());
  }

  @Test
  void silentPeerAbortsAfterTheTimeout() {
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofMillis(100));
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class,
        () -> new BaseOtReceiver(pair.second(), Prg.create()).receiveRandom(new long[2], COUNT));
    assertEquals(BaseOt.Step.SENDER_POINT, abort.step());
    assertTrue(abort.getMessage().contains("no message"), abort.getMessage());
  }

  @Test
  void aSenderRunsOneBatchOnly() {
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofMillis(100));
    BaseOtSender sender = new BaseOtSender(pair.first(), Prg.create());
    assertThrows(ProtocolAbortException.class, () -> sender.sendRandom(COUNT));
    assertThrows(IllegalStateException.class, () -> sender.sendRandom(COUNT));
  }

  @Test
  void aBatchInEachDirectionOverlapsWhenBothSendTheirPointFirst() {
    long[] firstChoices = {0x0123_4567_89AB_CDEFL, 0x5555_0000_FFFF_3333L};
    long[] secondChoices = {-1L, 0x8000_0000_0000_0001L};
    // each party: its point as a sender, its prepared half as a receiver, its answer, its keys
    var run = TwoParty.run(
        channel -> overlapping(channel, secondChoices),
        channel -> overlapping(channel, firstChoices));
    for (Object[][] pair : new Object[][][] {{run.first(), run.second()}, {run.second(), run.first()}}) {
      OtSenderOutput keys = (OtSenderOutput) pair[0][0];
      OtReceiverOutput chosen = (OtReceiverOutput) pair[1][1];
      for (int i = 0; i < COUNT; i++) {
        long[] expected = chosen.choice(i) ? keys.message1() : keys.message0();
        assertEquals(expected[2 * i], chosen.chosen()[2 * i], "OT " + i);
        assertEquals(expected[2 * i + 1], chosen.chosen()[2 * i + 1], "OT " + i);
      }
    }
    assertEquals(2, run.firstChannel().messagesSent(), "a point and the answer to the peer's point");
  }

  private static Object[] overlapping(org.cosettle.crypto.channel.Channel channel, long[] choices) {
    BaseOtSender sender = new BaseOtSender(channel, Prg.create());
    BaseOtReceiver receiver = new BaseOtReceiver(channel, Prg.create());
    sender.sendPoint();
    receiver.prepare(choices, COUNT);
    OtReceiverOutput chosen = receiver.receiveRandom(choices, COUNT);
    return new Object[] {sender.sendRandom(COUNT), chosen};
  }

  @Test
  void aPreparedBatchRunsOnlyWithItsChoicesAndAPointIsSentOnce() {
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofMillis(100));
    BaseOtReceiver receiver = new BaseOtReceiver(pair.second(), Prg.create());
    receiver.prepare(new long[] {1L, 2L}, COUNT);
    assertThrows(IllegalArgumentException.class, () -> receiver.receiveRandom(new long[] {1L, 3L}, COUNT));
    assertThrows(IllegalArgumentException.class, () -> receiver.receiveRandom(new long[] {1L}, 64));
    assertThrows(IllegalStateException.class, () -> receiver.prepare(new long[] {1L, 2L}, COUNT));
    BaseOtSender sender = new BaseOtSender(pair.first(), Prg.create());
    sender.sendPoint();
    assertThrows(IllegalStateException.class, sender::sendPoint);
  }
}
