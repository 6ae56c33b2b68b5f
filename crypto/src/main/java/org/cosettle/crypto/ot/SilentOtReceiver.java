package org.cosettle.crypto.ot;

import java.util.Arrays;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.Prg;

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
public final class SilentOtReceiver extends FerretEnd {
  private static final int HASH_CHUNK = 1 << 14;

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
      keys.outputHash().tccr(t, 0, first, t, 0, n);
      SilentOtSender.lowBits(t, n, chosen, start);
    }
    return new BitOtReceiverOutput(count, choices, chosen);
  }

  @Override
  public String toString() {
    return describe("SilentOtReceiver");
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
    long[] learned = new long[2 * h];
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
          learned[2 * level] = message[m + 4 * level + 2 * b] ^ pads[pad];
          learned[2 * level + 1] = message[m + 4 * level + 2 * b + 1] ^ pads[pad + 1];
        }
        int leaf = tree * size + keys.tree().puncture(learned, 0, path, h, out, tree * size);
        GgmTree.xorOf(out, tree * size, size, others, 0);
        out[2 * leaf] = others[0] ^ message[m + 4 * h];
        out[2 * leaf + 1] = others[1] ^ message[m + 4 * h + 1];
        outBits[leaf >>> 6] |= 1L << leaf;
      }
    }
    long[] secretBits = plantedNoSecret ? new long[poolBits.length] : poolBits;
    if (!mpcotOnly) {
      code(p).encode(pool, secretBits, base, out, outBits, p.n());
    }
  }
}
