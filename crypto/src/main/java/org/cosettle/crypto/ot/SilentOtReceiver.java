package org.cosettle.crypto.ot;

import java.util.Arrays;
import java.util.function.IntBinaryOperator;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.AdditiveRing;

/**
 * The receiver of Ferret silent OT ({@link Ferret}): correlated OTs with random choice bits
 * x<sub>i</sub> and t<sub>i</sub> = q<sub>i</sub> ⊕ x<sub>i</sub>·Δ for the peer's
 * {@link SilentOtSender}, with the matching calls in the same order. It sends nothing after the
 * setup. Memory as for the sender, plus one bit per buffered COT. A peer fault raises
 * {@link ProtocolAbortException} and the session is dead afterwards.
 *
 * <pre>{@code
 * SilentOtReceiver receiver = SilentOtReceiver.setUp(channel, prg);
 * OtReceiverOutput cots = receiver.correlatedOts(10_000_000);    // random choices, t_i
 * BitOtReceiverOutput bits = receiver.randomBitOts(1 << 20);
 * }</pre>
 */
public final class SilentOtReceiver extends FerretEnd implements ArithmeticOtReceiver {
  private final IknpReceiver iknp;
  private boolean plantedNoSecret;

  private SilentOtReceiver(IknpReceiver iknp, Channel channel, Prg prg, FerretParameters bootstrap,
      FerretParameters main) {
    super(channel, prg, bootstrap, main);
    this.iknp = iknp;
  }

  /** Sets up an IKNP session (128 base OTs with the peer's {@link SilentOtSender#setUp}) to bootstrap from. */
  public static SilentOtReceiver setUp(Channel channel, Prg prg) {
    return over(IknpReceiver.setUp(channel, prg), channel, prg);
  }

  /** Silent OT bootstrapped from an existing IKNP session (see {@link SilentOtSender#over}). */
  public static SilentOtReceiver over(IknpReceiver iknp, Channel channel, Prg prg) {
    return new SilentOtReceiver(iknp, channel, prg, FerretParameters.BOOTSTRAP.requireSecure(),
        FerretParameters.MAIN.requireSecure());
  }

  /** With other parameters, e.g. {@link FerretParameters#insecureForTests}: tests only. */
  static SilentOtReceiver forTests(IknpReceiver iknp, Channel channel, Prg prg, FerretParameters bootstrap,
      FerretParameters main) {
    return new SilentOtReceiver(iknp, channel, prg, bootstrap, main);
  }

  /** Planted bug for the tests' positive controls: the choice bits lose the LPN secret's part. */
  void plantNoSecretInChoices() {
    plantedNoSecret = true;
  }

  /** {@code count} correlated OTs: random choice bits and t<sub>i</sub>. */
  public OtReceiverOutput correlatedOts(int count) {
    requireCount(count);
    long[] t = new long[2 * count];
    long[] bits = new long[IknpOtExtension.words(count)];
    take(count, t, bits, 0, count);
    return new OtReceiverOutput(count, bits, t);
  }

  /** {@code count} random OTs: random choice bits and H(t<sub>i</sub>, i). */
  public OtReceiverOutput randomOts(int count) {
    requireCount(count);
    long[] t = new long[2 * count];
    long[] bits = new long[IknpOtExtension.words(count)];
    long first = take(count, t, bits, 0, count);
    keys.outputHash().tccr(t, 0, first, t, 0, count);
    return new OtReceiverOutput(count, bits, t);
  }

  /** {@code count} random OTs of one bit: random choice bits and the low bits of H(t<sub>i</sub>, i). */
  public BitOtReceiverOutput randomBitOts(int count) {
    requireCount(count);
    long[] choices = new long[IknpOtExtension.words(count)];
    long[] chosen = new long[choices.length];
    long[] t = new long[2 * Math.min(count, HASH_CHUNK)];
    long[] chunkChoices = new long[IknpOtExtension.words(t.length / 2)];
    for (int start = 0; start < count; start += HASH_CHUNK) {
      int n = Math.min(HASH_CHUNK, count - start);
      long first = take(n, t, chunkChoices, 0, count - start);
      Ferret.copyBits(chunkChoices, 0, choices, start, n);
      keys.outputHash().tccrLowBits(t, 0, first, chosen, start, n);
    }
    return new BitOtReceiverOutput(count, choices, chosen);
  }

  /**
   * Arithmetic correlated OTs over {@code ring} with chosen choices: element i is
   * m<sub>0</sub> + c<sub>i</sub>·x<sub>i</sub> for the sender's m<sub>0</sub> and correlations x;
   * the same contract as {@link IknpReceiver#arithmeticOts}.
   */
  @Override
  public long[] arithmeticOts(AdditiveRing ring, long[] choices, int count) {
    return chosenChoiceOts(choices, count, (start, n) -> n, (pads, corrections, start, n, bits, values) -> {
      for (int i = 0; i < n; i++) {
        int ot = start + i;
        if (!ring.contains(corrections[i])) {
          throw failed(new ProtocolAbortException(Ferret.Step.CORRECTIONS,
              "correction " + ot + " is not an element of " + ring));
        }
        long choiceMask = -((bits[ot >>> 6] >>> ot) & 1);
        long pad = IknpOtExtension.elementOf(ring, pads[2 * i], pads[2 * i + 1]);
        values[ot] = ring.add(pad, corrections[i] & choiceMask);
      }
    });
  }

  /**
   * Arithmetic correlated OTs modulo 2<sup>w<sub>i</sub></sup> with chosen choices; the same
   * contract as {@link IknpReceiver#truncatedArithmeticOts}.
   */
  public long[] truncatedArithmeticOts(long[] choices, int[] bitWidths) {
    PackedBits.requireWidths(bitWidths);
    long[] corrections = new long[Math.min(bitWidths.length, HASH_CHUNK)];
    return chosenChoiceOts(choices, bitWidths.length, (start, n) -> PackedBits.words(bitWidths, start, n),
        (pads, packed, start, n, bits, values) -> {
          PackedBits.unpack(packed, bitWidths, start, n, corrections);
          for (int i = 0; i < n; i++) {
            int ot = start + i;
            long choiceMask = -((bits[ot >>> 6] >>> ot) & 1);
            values[ot] = (pads[2 * i] + (corrections[i] & choiceMask)) & PackedBits.mask(bitWidths[ot]);
          }
        });
  }

  @Override
  public String toString() {
    return describe("SilentOtReceiver");
  }

  /** Values of OTs start..start+n−1 from H(t) and the corrections received. */
  private interface Finisher {
    void finish(long[] pads, long[] corrections, int start, int n, long[] choices, long[] values);
  }

  private long[] chosenChoiceOts(long[] choices, int count, IntBinaryOperator longsPerChunk, Finisher finisher) {
    requireCount(count);
    int words = IknpOtExtension.words(count);
    if (choices.length < words) {
      throw new IllegalArgumentException(count + " OTs need " + words + " choice words, not " + choices.length);
    }
    long[] bits = Arrays.copyOf(choices, words);
    if ((count & 63) != 0) {
      bits[words - 1] &= (1L << count) - 1;
    }
    long[] values = new long[count];
    long[] t = new long[2 * Math.min(count, HASH_CHUNK)];
    long[] random = new long[IknpOtExtension.words(t.length / 2)];
    for (int start = 0; start < count; start += HASH_CHUNK) {
      int n = Math.min(HASH_CHUNK, count - start);
      long first = take(n, t, random, 0, count - start);
      long[] flips = new long[IknpOtExtension.words(n)];
      for (int w = 0; w < flips.length; w++) {
        flips[w] = Ferret.bitsAt(bits, start + 64 * w) ^ random[w];
      }
      if ((n & 63) != 0) {
        flips[flips.length - 1] &= (1L << n) - 1; // never the stale bits of an earlier chunk
      }
      sendLongs(Ferret.Step.CHOICES, flips);
      keys.outputHash().tccr(t, 0, first, t, 0, n);
      finisher.finish(t, receiveLongs(Ferret.Step.CORRECTIONS, longsPerChunk.applyAsInt(start, n)), start, n, bits,
          values);
    }
    return values;
  }

  @Override
  void start(int count) {
    keys = Ferret.agree(channel, prg, false);
    OtReceiverOutput first = iknp.correlatedOts(prg.nextBits(count), count);
    pool = first.chosen();
    poolBits = first.choices();
    poolSize = count;
  }

  @Override
  void iterate(FerretParameters p, int base) {
    int h = p.log2BlockSize();
    int size = p.blockSize();
    int levels = p.t() * h;
    int spcotAt = base + p.k();
    long[] pads = new long[2 * levels];
    keys.treeHash().tccr(pool, spcotAt, treeTweak, pads, 0, levels);
    treeTweak += levels;
    Arrays.fill(outBits, 0, IknpOtExtension.words(p.n()), 0);
    int perTree = Ferret.longsPerTree(h);
    long[] learned = new long[2 * h * Ferret.TREES_PER_MESSAGE];
    int[] paths = new int[Ferret.TREES_PER_MESSAGE];
    long[] others = new long[2];
    for (int first = 0; first < p.t(); first += Ferret.TREES_PER_MESSAGE) {
      int trees = Math.min(Ferret.TREES_PER_MESSAGE, p.t() - first);
      long[] message = Messages.receiveLongs(channel, Ferret.Step.TREES, trees * perTree);
      for (int j = 0; j < trees; j++) {
        int tree = first + j;
        int m = j * perTree;
        int path = 0;
        for (int level = 0; level < h; level++) {
          int ot = spcotAt + tree * h + level;
          int b = (int) ((poolBits[ot >>> 6] >>> ot) & 1);
          path |= (1 - b) << level;
          int pad = 2 * (tree * h + level);
          int l = 2 * (j * h + level);
          learned[l] = message[m + 4 * level + 2 * b] ^ pads[pad];
          learned[l + 1] = message[m + 4 * level + 2 * b + 1] ^ pads[pad + 1];
        }
        paths[j] = path;
      }
      keys.tree().puncture(learned, 0, paths, trees, h, out, first * size);
      for (int j = 0; j < trees; j++) {
        int tree = first + j;
        int m = j * perTree;
        int leaf = tree * size + paths[j];
        GgmTree.xorOf(out, tree * size, size, others, 0);
        out[2 * leaf] = others[0] ^ message[m + 4 * h];
        out[2 * leaf + 1] = others[1] ^ message[m + 4 * h + 1];
        outBits[leaf >>> 6] |= 1L << leaf;
      }
    }
    long[] secretBits = plantedNoSecret ? new long[poolBits.length] : poolBits;
    if (!mpcotOnly) {
      code(p).encode(pool, secretBits, base, out, outBits);
    }
  }
}
