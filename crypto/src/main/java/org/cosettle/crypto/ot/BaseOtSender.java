package org.cosettle.crypto.ot;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.Prg;

/**
 * The sender of a batch of base OTs ({@link BaseOt}). One object runs one batch; a peer fault
 * ends it with a {@link ProtocolAbortException}.
 *
 * <pre>{@code
 * OtSenderOutput keys = new BaseOtSender(channel, prg).sendRandom(128); // random pairs
 * new BaseOtSender(channel, prg).send(message0, message1);             // chosen pairs
 * }</pre>
 *
 * <p>A party that runs a batch in each direction calls {@link #sendPoint()} first, then answers
 * the peer's batch as its receiver, then {@link #sendRandom}: the two batches overlap instead of
 * waiting for each other (IKNP's two sessions, {@code TripleGenerator}).
 */
public final class BaseOtSender {
  /** At most this many OTs in one batch (4.2 MB of points from the receiver). */
  public static final int MAX_COUNT = 1 << 17;

  private final Channel channel;
  private final Prg prg;
  private boolean used;
  private byte[] transcriptDigest;
  private BigInteger a;
  private ECPoint bigA;
  private byte[] senderPoint;

  public BaseOtSender(Channel channel, Prg prg) {
    this.channel = channel;
    this.prg = prg;
  }

  /**
   * {@code count} random OTs: returns both 128-bit keys of each; the receiver learns the one it
   * chose.
   */
  public OtSenderOutput sendRandom(int count) {
    start(count);
    if (senderPoint == null) {
      sendPoint();
    }
    byte[] receiverPoints = Messages.receiveBytes(channel, BaseOt.Step.RECEIVER_POINTS,
        (long) count * BaseOt.POINT_BYTES);
    ECPoint t = bigA.multiply(a).normalize();
    long[] key0 = new long[2 * count];
    long[] key1 = new long[2 * count];
    ECPoint[] shared = new ECPoint[2 * count];
    for (int i = 0; i < count; i++) {
      ECPoint b = BaseOt.decodePoint(receiverPoints, i * BaseOt.POINT_BYTES, BaseOt.Step.RECEIVER_POINTS,
          "receiver point " + i);
      shared[2 * i] = b.multiply(a);
      shared[2 * i + 1] = shared[2 * i].subtract(t);
    }
    // one field inversion for the whole batch (Montgomery's trick) instead of one per point
    BaseOt.curve().normalizeAll(shared);
    for (int i = 0; i < count; i++) {
      int offset = i * BaseOt.POINT_BYTES;
      BaseOt.deriveKey(i, senderPoint, receiverPoints, offset, shared[2 * i], key0, i);
      BaseOt.deriveKey(i, senderPoint, receiverPoints, offset, shared[2 * i + 1], key1, i);
    }
    transcriptDigest = BaseOt.transcriptDigest(senderPoint, receiverPoints);
    return new OtSenderOutput(count, key0, key1);
  }

  /**
   * Transfers chosen 128-bit messages: block i of {@code message0} / {@code message1} (two longs
   * each); the receiver gets the one it chose, encrypted under the keys of {@link #sendRandom}.
   */
  public void send(long[] message0, long[] message1) {
    if (message0.length != message1.length || (message0.length & 1) != 0) {
      throw new IllegalArgumentException("message arrays must hold the same whole number of blocks: "
          + message0.length + " and " + message1.length + " longs");
    }
    OtSenderOutput keys = sendRandom(message0.length / 2);
    long[] ciphertexts = new long[2 * message0.length];
    for (int i = 0; i < keys.count(); i++) {
      for (int w = 0; w < 2; w++) {
        ciphertexts[4 * i + w] = message0[2 * i + w] ^ keys.message0()[2 * i + w];
        ciphertexts[4 * i + 2 + w] = message1[2 * i + w] ^ keys.message1()[2 * i + w];
      }
    }
    Messages.sendLongs(channel, BaseOt.Step.CIPHERTEXTS, ciphertexts, 0, ciphertexts.length);
  }

  /** Public: a digest of the transcript, equal on both sides, available after a batch. */
  byte[] transcriptDigest() {
    if (transcriptDigest == null) {
      throw new IllegalStateException("no batch has completed");
    }
    return transcriptDigest.clone();
  }

  /**
   * The batch's first message alone: draws a and sends A = aG. {@link #sendRandom} (or {@link
   * #send}) then only waits for the receiver's points.
   *
   * @throws IllegalStateException when this batch has sent its point already
   */
  public void sendPoint() {
    if (senderPoint != null) {
      throw new IllegalStateException("a BaseOtSender sends its point once");
    }
    a = BaseOt.randomScalar(prg);
    bigA = new FixedPointCombMultiplier().multiply(BaseOt.generator(), a).normalize();
    senderPoint = bigA.getEncoded(true);
    Messages.sendBytes(channel, BaseOt.Step.SENDER_POINT, senderPoint);
  }

  private void start(int count) {
    if (used) {
      throw new IllegalStateException("a BaseOtSender runs one batch; create another");
    }
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("OT count must lie in [1, " + MAX_COUNT + "]: " + count);
    }
    used = true;
  }

  @Override
  public String toString() {
    return "BaseOtSender[Chou-Orlandi P-256" + (used ? ", used" : "") + "]";
  }
}
