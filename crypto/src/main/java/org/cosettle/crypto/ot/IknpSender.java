package org.cosettle.crypto.ot;

import static org.cosettle.crypto.ot.IknpOtExtension.CHUNK_OTS;
import static org.cosettle.crypto.ot.IknpOtExtension.KAPPA;

import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.FixedKeyAesHash;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.AdditiveRing;

/**
 * The sender of IKNP OT extension ({@link IknpOtExtension}): after {@link #setUp} (128 base OTs
 * in which it is the receiver) it produces OTs in bulk. The peer runs an {@link IknpReceiver} and
 * must make the matching calls with the same counts, in the same order. A peer fault raises
 * {@link ProtocolAbortException} and the session is dead afterwards.
 *
 * <pre>{@code
 * IknpSender sender = IknpSender.setUp(channel, prg);
 * OtSenderOutput pairs = sender.randomOts(1 << 20);        // peer: receiver.randomOts(1 << 20)
 * long[] zeroMessages = sender.arithmeticOts(Ring64.INSTANCE, correlations);
 * }</pre>
 */
public final class IknpSender implements ArithmeticOtSender {
  private final Channel channel;
  private final long[] delta;
  private final Prg[] columnPrgs;
  private final FixedKeyAesHash hash;
  private long nextIndex;
  private boolean aborted;

  private IknpSender(Channel channel, long[] delta, Prg[] columnPrgs, FixedKeyAesHash hash) {
    this.channel = channel;
    this.delta = delta;
    this.columnPrgs = columnPrgs;
    this.hash = hash;
  }

  /** Runs the base OTs with the peer's {@link IknpReceiver#setUp}; the global offset Δ comes from {@code prg}. */
  public static IknpSender setUp(Channel channel, Prg prg) {
    return begin(channel, prg).finish();
  }

  /**
   * The part of {@link #setUp} that needs nothing from the peer: draws Δ and prepares the base OTs
   * ({@link BaseOtReceiver#prepare}); {@link Pending#finish()} runs them. A party setting up a
   * session in each direction begins both (the other with {@link IknpReceiver#begin}, which sends
   * its first message) before finishing either, and the two sets of base OTs overlap.
   */
  public static Pending begin(Channel channel, Prg prg) {
    long[] delta = prg.nextLongs(2);
    BaseOtReceiver base = new BaseOtReceiver(channel, prg);
    base.prepare(delta, KAPPA);
    return new Pending(channel, delta, base);
  }

  /** A sender whose base OTs are prepared but not run. */
  public static final class Pending {
    private final Channel channel;
    private final long[] delta;
    private final BaseOtReceiver base;

    private Pending(Channel channel, long[] delta, BaseOtReceiver base) {
      this.channel = channel;
      this.delta = delta;
      this.base = base;
    }

    /** Runs the base OTs with the peer's {@link IknpReceiver} and returns the sender. */
    public IknpSender finish() {
      OtReceiverOutput seeds = base.receiveRandom(delta, KAPPA);
      Prg[] columnPrgs = new Prg[KAPPA];
      for (int j = 0; j < KAPPA; j++) {
        columnPrgs[j] = IknpOtExtension.seededBy(seeds.chosen(), j);
      }
      return new IknpSender(channel, delta, columnPrgs, IknpOtExtension.hashFor(base.transcriptDigest()));
    }
  }

  /** {@code count} random OTs: both 128-bit messages of each; the receiver holds one. */
  public OtSenderOutput randomOts(int count) {
    long[] message0 = new long[2 * count];
    long[] message1 = new long[2 * count];
    long firstIndex = nextIndex;
    extend(count, (rows, start, n) -> {
      hash.tccr(rows, 0, firstIndex + start, message0, start, n);
      xorDelta(rows, n);
      hash.tccr(rows, 0, firstIndex + start, message1, start, n);
    });
    return new OtSenderOutput(count, message0, message1);
  }

  /**
   * {@code message0.length} random OTs with 64-bit messages: the low words of what {@link
   * #randomOts} gives, written to {@code message0} and {@code message1} (of equal length) without
   * the 128-bit blocks. The receiver may take them with either {@link IknpReceiver#randomOts} or
   * {@link IknpReceiver#randomWordOts}.
   */
  public void randomWordOts(long[] message0, long[] message1) {
    if (message0.length != message1.length) {
      throw new IllegalArgumentException("message arrays of " + message0.length + " and " + message1.length + " words");
    }
    long firstIndex = nextIndex;
    extend(message0.length, (rows, start, n) -> {
      hash.tccrLowWords(rows, 0, firstIndex + start, message0, start, n);
      xorDelta(rows, n);
      hash.tccrLowWords(rows, 0, firstIndex + start, message1, start, n);
    });
  }

  /**
   * {@code count} correlated OTs m<sub>1</sub> = m<sub>0</sub> ⊕ Δ with the session's global Δ;
   * nothing is hashed and nothing is sent beyond the columns (16 bytes per OT).
   */
  public CorrelatedOtSenderOutput correlatedOts(int count) {
    long[] message0 = new long[2 * count];
    extend(count, (rows, start, n) -> System.arraycopy(rows, 0, message0, 2 * start, 2 * n));
    return new CorrelatedOtSenderOutput(count, delta.clone(), message0);
  }

  /**
   * Arithmetic correlated OTs over {@code ring} (Z(2<sup>64</sup>) or a prime field): returns
   * m<sub>0</sub> (uniform elements); the receiver with choice c<sub>i</sub> gets
   * m<sub>0</sub> + c<sub>i</sub>·x<sub>i</sub>. Sends one element per OT (8 bytes) besides the
   * columns.
   */
  @Override
  public long[] arithmeticOts(AdditiveRing ring, long[] correlations) {
    IknpOtExtension.requireElements(ring, correlations);
    int count = correlations.length;
    long[] message0 = new long[count];
    long firstIndex = nextIndex;
    extend(count, (rows, start, n) -> {
      long[] hash0 = hashBothMessages(rows, n, firstIndex + start);
      long[] corrections = IknpOtExtension.ringCorrections(ring, hash0, rows, correlations, start, n, message0);
      Messages.sendLongs(channel, IknpOtExtension.Step.CORRECTIONS, corrections, 0, n);
    });
    return message0;
  }

  /**
   * Arithmetic correlated OTs modulo 2<sup>w<sub>i</sub></sup> with a width w<sub>i</sub> ∈ [1, 64]
   * per OT: returns m<sub>0</sub> ∈ [0, 2<sup>w<sub>i</sub></sup>); the receiver gets
   * m<sub>0</sub> + c<sub>i</sub>·x<sub>i</sub> mod 2<sup>w<sub>i</sub></sup>. Corrections are sent in
   * w<sub>i</sub> bits each — what Gilboa multiplication needs, where bit ℓ of a factor only
   * matters modulo 2<sup>64−ℓ</sup>.
   */
  public long[] truncatedArithmeticOts(long[] correlations, int[] bitWidths) {
    if (correlations.length != bitWidths.length) {
      throw new IllegalArgumentException(correlations.length + " correlations but " + bitWidths.length + " widths");
    }
    PackedBits.requireWidths(bitWidths);
    int count = correlations.length;
    long[] message0 = new long[count];
    long firstIndex = nextIndex;
    extend(count, (rows, start, n) -> {
      long[] hash0 = hashBothMessages(rows, n, firstIndex + start);
      long[] packed = IknpOtExtension.truncatedCorrections(hash0, rows, correlations, bitWidths, start, n, message0);
      Messages.sendLongs(channel, IknpOtExtension.Step.CORRECTIONS, packed, 0, packed.length);
    });
    return message0;
  }

  /**
   * Chosen-message OTs of 128-bit blocks (block i = {@code message0[2i], message0[2i+1]}): the
   * receiver gets the block of its choice. Sends 32 bytes per OT besides the columns.
   */
  public void chosenMessageOts(long[] message0, long[] message1) {
    if (message0.length != message1.length || (message0.length & 1) != 0) {
      throw new IllegalArgumentException("message arrays must hold the same whole number of blocks: "
          + message0.length + " and " + message1.length + " longs");
    }
    long firstIndex = nextIndex;
    extend(message0.length / 2, (rows, start, n) -> {
      long[] masked = new long[4 * n];
      long[] pads = new long[2 * n];
      hash.tccr(rows, 0, firstIndex + start, pads, 0, n);
      for (int i = 0; i < 2 * n; i++) {
        masked[(i >>> 1) * 4 + (i & 1)] = message0[2 * start + i] ^ pads[i];
      }
      xorDelta(rows, n);
      hash.tccr(rows, 0, firstIndex + start, pads, 0, n);
      for (int i = 0; i < 2 * n; i++) {
        masked[(i >>> 1) * 4 + 2 + (i & 1)] = message1[2 * start + i] ^ pads[i];
      }
      Messages.sendLongs(channel, IknpOtExtension.Step.CORRECTIONS, masked, 0, masked.length);
    });
  }

  /** Bytes sent and received on the channel so far, for cost reports. */
  public long bytesTransferred() {
    return channel.bytesSent() + channel.bytesReceived();
  }

  @Override
  public String toString() {
    return "IknpSender[" + nextIndex + " OTs" + (aborted ? ", aborted" : "") + "]";
  }

  /** Work on one chunk of rows q<sub>i</sub> (blocks 0..n−1 of {@code rows}, OTs start..start+n−1). */
  private interface ChunkHandler {
    void handle(long[] rows, int start, int n);
  }

  private void extend(int count, ChunkHandler handler) {
    if (aborted) {
      throw new IllegalStateException("this IKNP session was aborted");
    }
    IknpOtExtension.requireCount(count);
    try {
      long[] columns = null;
      long[] rows = null;
      for (int start = 0; start < count; start += CHUNK_OTS) {
        int n = Math.min(CHUNK_OTS, count - start);
        int w = IknpOtExtension.words(n);
        byte[] received = Messages.receiveBytes(channel, IknpOtExtension.Step.COLUMNS, (long) KAPPA * w * Long.BYTES);
        if (columns == null || columns.length != KAPPA * w) {
          columns = new long[KAPPA * w];
          rows = new long[2 * 64 * w];
        }
        for (int j = 0; j < KAPPA; j++) {
          columnPrgs[j].fillLongs(columns, j * w, w);
          // Masked rather than branched on, so the work does not depend on the bits of Δ.
          long deltaMask = -((delta[j >>> 6] >>> j) & 1);
          for (int k = j * w; k < (j + 1) * w; k++) {
            columns[k] ^= Messages.wordAt(received, k) & deltaMask;
          }
        }
        BitMatrix.transposeColumns(columns, w, rows, 0, n);
        handler.handle(rows, start, n);
      }
      nextIndex += count;
    } catch (ProtocolAbortException e) {
      aborted = true;
      throw e;
    }
  }

  /** Returns H(q<sub>i</sub>, i) for the chunk and leaves H(q<sub>i</sub> ⊕ Δ, i) in {@code rows}. */
  private long[] hashBothMessages(long[] rows, int n, long firstTweak) {
    long[] hash0 = new long[2 * n];
    hash.tccr(rows, 0, firstTweak, hash0, 0, n);
    xorDelta(rows, n);
    hash.tccr(rows, 0, firstTweak, rows, 0, n);
    return hash0;
  }

  private void xorDelta(long[] rows, int n) {
    for (int i = 0; i < n; i++) {
      rows[2 * i] ^= delta[0];
      rows[2 * i + 1] ^= delta[1];
    }
  }
}
