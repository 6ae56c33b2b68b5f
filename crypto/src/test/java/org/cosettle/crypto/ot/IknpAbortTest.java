package org.cosettle.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.PrimeField;
import org.junit.jupiter.api.Test;

class IknpAbortTest {
  private static final int COUNT = 1000;

  @Test
  void senderAbortsOnColumnsOfTheWrongLengthAndIsDeadAfterwards() {
    IknpSender[] kept = new IknpSender[1];
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
        channel -> {
          kept[0] = IknpSender.setUp(channel, Prg.create());
          return kept[0].randomOts(COUNT);
        },
        channel -> {
          IknpReceiver.setUp(channel, Prg.create());
          channel.send(new byte[16 * COUNT - 8]);
          return null;
        }));
    assertEquals(IknpOtExtension.Step.COLUMNS, abort.step());
    assertTrue(abort.getMessage().contains("IknpOtExtension.Step.COLUMNS") || abort.getMessage().contains("Step.COLUMNS"),
        abort.getMessage());
    assertThrows(IllegalStateException.class, () -> kept[0].randomOts(COUNT));
  }

  @Test
  void receiverAbortsOnTooFewCorrectionBytes() {
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
        channel -> {
          IknpSender.setUp(channel, Prg.create());
          channel.receive();
          channel.send(new byte[3]);
          return null;
        },
        channel -> IknpReceiver.setUp(channel, Prg.create()).chosenMessageOts(new long[16], COUNT)));
    assertEquals(IknpOtExtension.Step.CORRECTIONS, abort.step());
  }

  @Test
  void receiverAbortsOnACorrectionOutsideThePrimeField() {
    PrimeField field = PrimeField.of(65537);
    long[] garbage = new long[COUNT];
    java.util.Arrays.fill(garbage, -1L);
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
        channel -> {
          IknpSender.setUp(channel, Prg.create());
          channel.receive();
          Messages.sendLongs(channel, IknpOtExtension.Step.CORRECTIONS, garbage, 0, COUNT);
          return null;
        },
        channel -> IknpReceiver.setUp(channel, Prg.create()).arithmeticOts(field, new long[16], COUNT)));
    assertEquals(IknpOtExtension.Step.CORRECTIONS, abort.step());
    assertTrue(abort.getMessage().contains("correction 0 is not an element"), abort.getMessage());
  }

  @Test
  void aPeerThatClosesMidwayAbortsTheSession() {
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
        channel -> {
          IknpReceiver.setUp(channel, Prg.create());
          channel.close();
          return null;
        },
        channel -> IknpSender.setUp(channel, Prg.create()).correlatedOts(COUNT)));
    assertEquals(IknpOtExtension.Step.COLUMNS, abort.step());
    assertTrue(abort.getMessage().contains("no message"), abort.getMessage());
  }

  @Test
  void baseOtFaultsDuringSetUpNameTheBaseOtStep() {
    ProtocolAbortException abort = assertThrows(ProtocolAbortException.class, () -> TwoParty.run(
        channel -> {
          channel.send(new byte[33]);
          return null;
        },
        channel -> IknpSender.setUp(channel, Prg.create())));
    assertEquals(BaseOt.Step.SENDER_POINT, abort.step());
  }
}
