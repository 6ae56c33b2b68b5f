package org.cosettle.crypto.ot;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.Prg;

/**
 * The receiver of a batch of base OTs ({@link BaseOt}). One object runs one batch; a peer fault
 * ends it with a {@link ProtocolAbortException}.
 *
 * <pre>{@code
 * OtReceiverOutput keys = new BaseOtReceiver(channel, prg).receiveRandom(choices, 128);
 * OtReceiverOutput messages = new BaseOtReceiver(channel, prg).receive(choices, 128);
 * }</pre>
 */
public final class BaseOtReceiver {
  private final Channel channel;
  private final Prg prg;
  private boolean used;
  private byte[] transcriptDigest;

  public BaseOtReceiver(Channel channel, Prg prg) {
    this.channel = channel;
    this.prg = prg;
  }

  /**
   * {@code count} random OTs with the given choice bits (bit i at {@code choices[i >>> 6] >>> i}):
   * the key the sender holds for each choice.
   */
  public OtReceiverOutput receiveRandom(long[] choices, int count) {
    if (used) {
      throw new IllegalStateException("a BaseOtReceiver runs one batch; create another");
    }
    if (count < 1 || count > BaseOtSender.MAX_COUNT) {
      throw new IllegalArgumentException("OT count must lie in [1, " + BaseOtSender.MAX_COUNT + "]: " + count);
    }
    if (choices.length != (count + 63) >>> 6) {
      throw new IllegalArgumentException(count + " OTs need " + ((count + 63) >>> 6) + " choice words, not "
          + choices.length);
    }
    used = true;
    long[] choiceCopy = choices.clone();
    if ((count & 63) != 0) {
      choiceCopy[choiceCopy.length - 1] &= (1L << count) - 1;
    }

    byte[] senderPoint = Messages.receiveBytes(channel, BaseOt.Step.SENDER_POINT, BaseOt.POINT_BYTES);
    ECPoint bigA = BaseOt.decodePoint(senderPoint, 0, BaseOt.Step.SENDER_POINT, "the sender point");
    FixedPointCombMultiplier fixedBase = new FixedPointCombMultiplier();
    byte[] receiverPoints = new byte[count * BaseOt.POINT_BYTES];
    BigInteger[] scalars = new BigInteger[count];
    for (int i = 0; i < count; i++) {
      scalars[i] = BaseOt.randomScalar(prg);
      ECPoint b = fixedBase.multiply(BaseOt.generator(), scalars[i]);
      // Both branches are computed so the work does not depend on the choice.
      ECPoint shifted = b.add(bigA);
      ECPoint chosen = ((choiceCopy[i >>> 6] >>> i) & 1) != 0 ? shifted : b;
      System.arraycopy(chosen.normalize().getEncoded(true), 0, receiverPoints, i * BaseOt.POINT_BYTES,
          BaseOt.POINT_BYTES);
    }
    Messages.sendBytes(channel, BaseOt.Step.RECEIVER_POINTS, receiverPoints);

    long[] keys = new long[2 * count];
    for (int i = 0; i < count; i++) {
      BaseOt.deriveKey(i, senderPoint, receiverPoints, i * BaseOt.POINT_BYTES, bigA.multiply(scalars[i]),
          keys, i);
    }
    transcriptDigest = BaseOt.transcriptDigest(senderPoint, receiverPoints);
    return new OtReceiverOutput(count, choiceCopy, keys);
  }

  /** Chosen-message OTs: receives, for each i, the message the sender offered for choice i. */
  public OtReceiverOutput receive(long[] choices, int count) {
    OtReceiverOutput keys = receiveRandom(choices, count);
    long[] ciphertexts = Messages.receiveLongs(channel, BaseOt.Step.CIPHERTEXTS, 4 * count);
    long[] messages = new long[2 * count];
    for (int i = 0; i < count; i++) {
      int chosenOffset = keys.choice(i) ? 2 : 0;
      for (int w = 0; w < 2; w++) {
        messages[2 * i + w] = ciphertexts[4 * i + chosenOffset + w] ^ keys.chosen()[2 * i + w];
      }
    }
    return new OtReceiverOutput(count, keys.choices(), messages);
  }

  /** Public: a digest of the transcript, equal on both sides, available after a batch. */
  byte[] transcriptDigest() {
    if (transcriptDigest == null) {
      throw new IllegalStateException("no batch has completed");
    }
    return transcriptDigest.clone();
  }

  @Override
  public String toString() {
    return "BaseOtReceiver[Chou-Orlandi P-256" + (used ? ", used" : "") + "]";
  }
}
