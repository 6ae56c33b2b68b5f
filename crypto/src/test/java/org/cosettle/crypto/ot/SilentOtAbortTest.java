package org.cosettle.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.ForwardingChannel;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Ring64;
import org.junit.jupiter.api.Test;

/** A faulty peer stops silent OT at the step it broke, and the session refuses later calls. */
class SilentOtAbortTest {
  /** The sender's tree message of one test bootstrap iteration: 16 trees of 26 longs. */
  private static final int TREE_MESSAGE_BYTES = 16 * Ferret.longsPerTree(6) * 8;

  /** Drops the last byte of every message of {@code length} bytes. */
  private static Channel truncating(Channel channel, int length) {
    return new ForwardingChannel(channel) {
      @Override
      public void send(byte[] message) {
        super.send(message.length == length ? Arrays.copyOf(message, length - 1) : message);
      }
    };
  }

  @Test
  void receiverAbortsOnATreeMessageOfTheWrongLengthAndIsDeadAfterwards() {
    SilentOtReceiver[] kept = new SilentOtReceiver[1];
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
        channel -> {
          Channel faulty = truncating(channel, TREE_MESSAGE_BYTES);
          return SilentOtSender.forTests(IknpSender.setUp(faulty, Prg.create()), faulty, Prg.create(),
              SilentOtTest.TEST_BOOTSTRAP, SilentOtTest.TEST_MAIN).correlatedOts(10);
        },
        channel -> {
          kept[0] = SilentOtTest.receiverFor(channel);
          return kept[0].correlatedOts(10);
        }));
    assertEquals(Ferret.Step.TREES, abort.step());
    assertTrue(abort.getMessage().contains("Step.TREES"), abort.getMessage());
    assertThrows(IllegalStateException.class, () -> kept[0].correlatedOts(10));
    assertTrue(kept[0].toString().contains("aborted"), kept[0].toString());
  }

  @Test
  void aPeerThatClosesAfterSetUpAbortsAtTheCoinTossing() {
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
        channel -> {
          IknpSender.setUp(channel, Prg.create());
          channel.close();
          return null;
        },
        channel -> SilentOtTest.receiverFor(channel).correlatedOts(10)));
    assertEquals(Ferret.Step.SEEDS, abort.step());
    assertTrue(abort.getMessage().contains("no message"), abort.getMessage());
  }

  @Test
  void senderAbortsOnChoiceFlipsOfTheWrongLength() {
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
        channel -> {
          SilentOtSender sender = SilentOtSender.forTests(IknpSender.setUp(channel, Prg.create()), channel,
              Prg.create(), SilentOtTest.TEST_BOOTSTRAP, SilentOtTest.TEST_MAIN);
          sender.correlatedOts(1);
          return sender.arithmeticOts(Ring64.INSTANCE, new long[100]);
        },
        channel -> {
          SilentOtTest.receiverFor(channel).correlatedOts(1);
          channel.send(new byte[3]);
          return null;
        }));
    assertEquals(Ferret.Step.CHOICES, abort.step());
  }
}
