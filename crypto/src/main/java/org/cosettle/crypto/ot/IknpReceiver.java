package org.cosettle.crypto.ot;

import static org.cosettle.crypto.ot.IknpOtExtension.CHUNK_OTS;
import static org.cosettle.crypto.ot.IknpOtExtension.KAPPA;

import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.FixedKeyAesHash;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.AdditiveRing;

/**
 * The receiver of IKNP OT extension ({@link IknpOtExtension}): after {@link #setUp} (128 base OTs
 * in which it is the sender) it receives OTs in bulk, with choice bits packed 64 per word (bit i at
 * {@code choices[i >>> 6] >>> i}). The peer runs an {@link IknpSender} with matching calls. A peer
 * fault raises {@link ProtocolAbortException} and the session is dead afterwards.
 *
 * <pre>{@code
 * IknpReceiver receiver = IknpReceiver.setUp(channel, prg);
 * OtReceiverOutput chosen = receiver.randomOts(1 << 20);   // random choices, m_c for each
 * long[] products = receiver.arithmeticOts(Ring64.INSTANCE, choiceBits, count);
 * }</pre>
 */
public final class IknpReceiver implements ArithmeticOtReceiver {
  private final Channel channel;
  private final Prg prg;
  private final Prg[] zeroPrgs;
  private final Prg[] onePrgs;
  private final FixedKeyAesHash hash;
  private long nextIndex;
  private boolean aborted;

  private IknpReceiver(Channel channel, Prg prg, Prg[] zeroPrgs, Prg[] onePrgs, FixedKeyAesHash hash) {
    this.channel = channel;
    this.prg = prg;
    this.zeroPrgs = zeroPrgs;
    this.onePrgs = onePrgs;
    this.hash = hash;
  }

  /** Runs the base OTs with the peer's {@link IknpSender#setUp}; later random choices come from {@code prg}. */
  public static IknpReceiver setUp(Channel channel, Prg prg) {
    return begin(channel, prg).finish();
  }

  /**
   * The part of {@link #setUp} that needs nothing from the peer: sends the base OTs' first message
   * ({@link BaseOtSender#sendPoint}); {@link Pending#finish()} runs the rest (see {@link
   * IknpSender#begin}).
   */
  public static Pending begin(Channel channel, Prg prg) {
    BaseOtSender base = new BaseOtSender(channel, prg);
    base.sendPoint();
    return new Pending(channel, prg, base);
  }

  /** A receiver whose base OTs' first message is sent. */
  public static final class Pending {
    private final Channel channel;
    private final Prg prg;
    private final BaseOtSender base;

    private Pending(Channel channel, Prg prg, BaseOtSender base) {
      this.channel = channel;
      this.prg = prg;
      this.base = base;
    }

    /** Runs the rest of the base OTs with the peer's {@link IknpSender} and returns the receiver. */
    public IknpReceiver finish() {
      OtSenderOutput seeds = base.sendRandom(KAPPA);
      Prg[] zeroPrgs = new Prg[KAPPA];
      Prg[] onePrgs = new Prg[KAPPA];
      for (int j = 0; j < KAPPA; j++) {
        zeroPrgs[j] = IknpOtExtension.seededBy(seeds.message0(), j);
        onePrgs[j] = IknpOtExtension.seededBy(seeds.message1(), j);
      }
      return new IknpReceiver(channel, prg, zeroPrgs, onePrgs, IknpOtExtension.hashFor(base.transcriptDigest()));
    }
  }

  /** {@code count} random OTs with random choice bits. */
  public OtReceiverOutput randomOts(int count) {
    IknpOtExtension.requireCount(count);
    return randomOts(prg.nextBits(count), count);
  }

  /** {@code count} random OTs with the given choice bits: m<sub>c</sub> of each. */
  public OtReceiverOutput randomOts(long[] choices, int count) {
    long[] bits = maskedChoices(choices, count);
    long firstIndex = nextIndex;
    long[] rows = extend(bits, count);
    hash.tccr(rows, 0, firstIndex, rows, 0, count);
    return new OtReceiverOutput(count, bits, rows);
  }

  /**
   * {@code chosen.length} random OTs with random choice bits and 64-bit messages: the low words of
   * what {@link #randomOts(int)} gives, written to {@code chosen}; returns the choice bits (packed).
   */
  public long[] randomWordOts(long[] chosen) {
    int count = chosen.length;
    long[] bits = maskedChoices(prg.nextBits(count), count);
    long firstIndex = nextIndex;
    extend(bits, count, (rows, start, n) -> hash.tccrLowWords(rows, 0, firstIndex + start, chosen, start, n));
    return bits;
  }

  /** Correlated OTs: block i is m<sub>0</sub> ⊕ c<sub>i</sub>·Δ for the sender's m<sub>0</sub> and Δ. */
  public OtReceiverOutput correlatedOts(long[] choices, int count) {
    long[] bits = maskedChoices(choices, count);
    return new OtReceiverOutput(count, bits, extend(bits, count));
  }

  /**
   * Arithmetic correlated OTs over {@code ring}: element i is m<sub>0</sub> + c<sub>i</sub>·x<sub>i</sub>
   * for the sender's m<sub>0</sub> and correlations x.
   */
  @Override
  public long[] arithmeticOts(AdditiveRing ring, long[] choices, int count) {
    long[] bits = maskedChoices(choices, count);
    long firstIndex = nextIndex;
    long[] rows = extend(bits, count);
    hash.tccr(rows, 0, firstIndex, rows, 0, count);
    long[] values = new long[count];
    receiveCorrections(count, (start, n) -> n, (corrections, start, n) -> {
      for (int i = 0; i < n; i++) {
        int ot = start + i;
        long pad = IknpOtExtension.elementOf(ring, rows[2 * ot], rows[2 * ot + 1]);
        long correction = corrections[i];
        if (!ring.contains(correction)) {
          throw new ProtocolAbortException(IknpOtExtension.Step.CORRECTIONS,
              "correction " + ot + " is not an element of " + ring);
        }
        long choiceMask = -((bits[ot >>> 6] >>> ot) & 1);
        values[ot] = ring.add(pad, correction & choiceMask);
      }
    });
    return values;
  }

  /**
   * Arithmetic correlated OTs modulo 2<sup>w<sub>i</sub></sup> ({@code bitWidths[i]} ∈ [1, 64]):
   * element i is m<sub>0</sub> + c<sub>i</sub>·x<sub>i</sub> mod 2<sup>w<sub>i</sub></sup> for the
   * sender's m<sub>0</sub> and correlations x (see {@link IknpSender#truncatedArithmeticOts}).
   */
  public long[] truncatedArithmeticOts(long[] choices, int[] bitWidths) {
    PackedBits.requireWidths(bitWidths);
    int count = bitWidths.length;
    long[] bits = maskedChoices(choices, count);
    long firstIndex = nextIndex;
    long[] rows = extend(bits, count);
    hash.tccr(rows, 0, firstIndex, rows, 0, count);
    long[] values = new long[count];
    long[] corrections = new long[Math.min(count, CHUNK_OTS)];
    receiveCorrections(count, (start, n) -> PackedBits.words(bitWidths, start, n), (packed, start, n) -> {
      PackedBits.unpack(packed, bitWidths, start, n, corrections);
      for (int i = 0; i < n; i++) {
        int ot = start + i;
        long choiceMask = -((bits[ot >>> 6] >>> ot) & 1);
        values[ot] = (rows[2 * ot] + (corrections[i] & choiceMask)) & PackedBits.mask(bitWidths[ot]);
      }
    });
    return values;
  }

  /** Chosen-message OTs: block i is the sender's message for choice c<sub>i</sub>. */
  public OtReceiverOutput chosenMessageOts(long[] choices, int count) {
    long[] bits = maskedChoices(choices, count);
    long firstIndex = nextIndex;
    long[] rows = extend(bits, count);
    hash.tccr(rows, 0, firstIndex, rows, 0, count);
    receiveCorrections(count, (start, n) -> 4 * n, (masked, start, n) -> {
      for (int i = 0; i < n; i++) {
        int ot = start + i;
        int offset = 4 * i + (int) (((bits[ot >>> 6] >>> ot) & 1) << 1);
        rows[2 * ot] ^= masked[offset];
        rows[2 * ot + 1] ^= masked[offset + 1];
      }
    });
    return new OtReceiverOutput(count, bits, rows);
  }

  /** Bytes sent and received on the channel so far, for cost reports. */
  public long bytesTransferred() {
    return channel.bytesSent() + channel.bytesReceived();
  }

  @Override
  public String toString() {
    return "IknpReceiver[" + nextIndex + " OTs" + (aborted ? ", aborted" : "") + "]";
  }

  private interface CorrectionHandler {
    void handle(long[] corrections, int start, int n);
  }

  private void receiveCorrections(int count, java.util.function.IntBinaryOperator longsPerChunk,
      CorrectionHandler handler) {
    try {
      for (int start = 0; start < count; start += CHUNK_OTS) {
        int n = Math.min(CHUNK_OTS, count - start);
        int expected = longsPerChunk.applyAsInt(start, n);
        handler.handle(Messages.receiveLongs(channel, IknpOtExtension.Step.CORRECTIONS, expected), start, n);
      }
    } catch (ProtocolAbortException e) {
      aborted = true;
      throw e;
    }
  }

  private long[] maskedChoices(long[] choices, int count) {
    IknpOtExtension.requireCount(count);
    int words = IknpOtExtension.words(count);
    if (choices.length < words) {
      throw new IllegalArgumentException(count + " OTs need " + words + " choice words, not " + choices.length);
    }
    long[] bits = java.util.Arrays.copyOf(choices, words);
    if ((count & 63) != 0) {
      bits[words - 1] &= (1L << count) - 1;
    }
    return bits;
  }

  /** Sends the columns u for {@code count} OTs and returns the rows t<sub>i</sub> (2 longs each). */
  private long[] extend(long[] bits, int count) {
    long[] rows = new long[2 * count];
    extend(bits, count, rows, null);
    return rows;
  }

  /** Work on one chunk of rows t<sub>i</sub> (blocks 0..n−1 of {@code rows}, OTs start..start+n−1). */
  private interface ChunkHandler {
    void handle(long[] rows, int start, int n);
  }

  /** Sends the columns u for {@code count} OTs and hands the rows t<sub>i</sub> over chunk by chunk. */
  private void extend(long[] bits, int count, ChunkHandler handler) {
    extend(bits, count, null, handler);
  }

  /**
   * Sends the columns u for {@code count} OTs; the rows t<sub>i</sub> go to {@code whole} (2 longs
   * each) when it is given, else to {@code handler} chunk by chunk.
   */
  private void extend(long[] bits, int count, long[] whole, ChunkHandler handler) {
    if (aborted) {
      throw new IllegalStateException("this IKNP session was aborted");
    }
    try {
      long[] zeros = null;
      long[] rows = null;
      byte[] message = null;
      for (int start = 0; start < count; start += CHUNK_OTS) {
        int n = Math.min(CHUNK_OTS, count - start);
        int w = IknpOtExtension.words(n);
        int firstWord = start >>> 6;
        if (zeros == null || zeros.length != KAPPA * w) {
          zeros = new long[KAPPA * w];
          rows = whole != null ? null : new long[2 * 64 * w];
          message = new byte[KAPPA * w * Long.BYTES];
        }
        for (int j = 0; j < KAPPA; j++) {
          int base = j * w;
          zeroPrgs[j].fillLongs(zeros, base, w);
          // G(k1) straight into the message (the same keystream the sender reads as longs).
          onePrgs[j].nextBytes(message, base * Long.BYTES, w * Long.BYTES);
          for (int k = 0; k < w; k++) {
            Messages.setWordAt(message, base + k, Messages.wordAt(message, base + k) ^ zeros[base + k] ^ bits[firstWord + k]);
          }
        }
        Messages.sendBytes(channel, IknpOtExtension.Step.COLUMNS, message);
        if (whole != null) {
          BitMatrix.transposeColumns(zeros, w, whole, start, n);
        } else {
          BitMatrix.transposeColumns(zeros, w, rows, 0, n);
          handler.handle(rows, start, n);
        }
      }
      nextIndex += count;
    } catch (ProtocolAbortException e) {
      aborted = true;
      throw e;
    }
  }
}
