package org.cosettle.crypto.ot;

import java.math.BigInteger;
import java.util.Arrays;
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
  /** Set by {@link #prepare}: the choices (masked to the count), the scalars b_i and the points b_iG. */
  private long[] choiceCopy;
  private BigInteger[] scalars;
  private ECPoint[] bases;

  public BaseOtReceiver(Channel channel, Prg prg) {
    this.channel = channel;
    this.prg = prg;
  }

  /**
   * The half of a batch that does not need the sender's point, done ahead (while the point is on
   * its way, or while this party answers another batch): draws each b<sub>i</sub> and computes
   * b<sub>i</sub>G. {@link #receiveRandom} with the same choices and count then finishes it.
   *
   * @throws IllegalStateException when this batch was prepared or run already
   */
  public void prepare(long[] choices, int count) {
    if (used || scalars != null) {
      throw new IllegalStateException("a BaseOtReceiver runs one batch; create another");
    }
    choiceCopy = checkedChoices(choices, count);
    FixedPointCombMultiplier fixedBase = new FixedPointCombMultiplier();
    scalars = new BigInteger[count];
    bases = new ECPoint[count];
    for (int i = 0; i < count; i++) {
      scalars[i] = BaseOt.randomScalar(prg);
      bases[i] = fixedBase.multiply(BaseOt.generator(), scalars[i]);
    }
  }

  /**
   * {@code count} random OTs with the given choice bits (bit i at {@code choices[i >>> 6] >>> i}):
   * the key the sender holds for each choice.
   */
  public OtReceiverOutput receiveRandom(long[] choices, int count) {
    if (used) {
      throw new IllegalStateException("a BaseOtReceiver runs one batch; create another");
    }
    if (scalars == null) {
      prepare(choices, count);
    } else if (count != scalars.length || !Arrays.equals(checkedChoices(choices, count), choiceCopy)) {
      throw new IllegalArgumentException("the batch was prepared for other choices or another count");
    }
    used = true;

    byte[] senderPoint = Messages.receiveBytes(channel, BaseOt.Step.SENDER_POINT, BaseOt.POINT_BYTES);
    ECPoint bigA = BaseOt.decodePoint(senderPoint, 0, BaseOt.Step.SENDER_POINT, "the sender point");
    byte[] receiverPoints = new byte[count * BaseOt.POINT_BYTES];
    ECPoint[] chosen = new ECPoint[count];
    for (int i = 0; i < count; i++) {
      // Both branches are computed so the work does not depend on the choice.
      ECPoint shifted = bases[i].add(bigA);
      chosen[i] = ((choiceCopy[i >>> 6] >>> i) & 1) != 0 ? shifted : bases[i];
    }
    // one field inversion for the whole batch (Montgomery's trick) instead of one per point
    BaseOt.curve().normalizeAll(chosen);
    for (int i = 0; i < count; i++) {
      System.arraycopy(chosen[i].getEncoded(true), 0, receiverPoints, i * BaseOt.POINT_BYTES, BaseOt.POINT_BYTES);
    }
    Messages.sendBytes(channel, BaseOt.Step.RECEIVER_POINTS, receiverPoints);

    // every b_i multiplies the same point A: a comb table for A, made once, serves them all
    FixedPointCombMultiplier onA = new FixedPointCombMultiplier();
    ECPoint[] shared = new ECPoint[count];
    for (int i = 0; i < count; i++) {
      shared[i] = onA.multiply(bigA, scalars[i]);
    }
    BaseOt.curve().normalizeAll(shared);
    long[] keys = new long[2 * count];
    for (int i = 0; i < count; i++) {
      BaseOt.deriveKey(i, senderPoint, receiverPoints, i * BaseOt.POINT_BYTES, shared[i], keys, i);
    }
    transcriptDigest = BaseOt.transcriptDigest(senderPoint, receiverPoints);
    scalars = null;
    bases = null;
    return new OtReceiverOutput(count, choiceCopy, keys);
  }

  /** A copy of {@code choices} with the bits beyond {@code count} cleared, after checking both. */
  private static long[] checkedChoices(long[] choices, int count) {
    if (count < 1 || count > BaseOtSender.MAX_COUNT) {
      throw new IllegalArgumentException("OT count must lie in [1, " + BaseOtSender.MAX_COUNT + "]: " + count);
    }
    if (choices.length != (count + 63) >>> 6) {
      throw new IllegalArgumentException(count + " OTs need " + ((count + 63) >>> 6) + " choice words, not "
          + choices.length);
    }
    long[] copy = choices.clone();
    if ((count & 63) != 0) {
      copy[copy.length - 1] &= (1L << count) - 1;
    }
    return copy;
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
