package org.cosettle.crypto.ot;

import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.AdditiveRing;

/**
 * The sender of Ferret silent OT ({@link Ferret}): correlated OTs with the global Δ of the
 * {@link IknpSender} underneath, at a fraction of a byte each once bootstrapped. The peer runs a
 * {@link SilentOtReceiver} and must make the matching calls with the same counts, in the same
 * order. Nothing is exchanged until the first call (then 16 bytes of coin tossing and the first
 * pool from IKNP). A peer fault raises {@link ProtocolAbortException} and the session is dead
 * afterwards.
 *
 * <p>Memory: one iteration's outputs are buffered, 16 bytes per COT: 173 MB at the main size
 * ({@link FerretParameters#MAIN}, only once a call has needed half a main iteration's yield),
 * 10 MB at the bootstrap size, plus the pool (at most 9.7 MB), the bootstrap code's positions,
 * kept for the next iterations (26 MB), and a copy of the LPN secret's blocks (at most 9.4 MB).
 *
 * <pre>{@code
 * SilentOtSender sender = SilentOtSender.setUp(channel, prg);     // peer: SilentOtReceiver.setUp
 * CorrelatedOtSenderOutput cots = sender.correlatedOts(10_000_000);
 * BitOtSenderOutput bits = sender.randomBitOts(1 << 20);           // for AND triples
 * }</pre>
 */
public final class SilentOtSender extends FerretEnd implements ArithmeticOtSender {
  private final IknpSender iknp;
  private long[] delta;
  private boolean plantedSameTreeSeed;

  private SilentOtSender(IknpSender iknp, Channel channel, Prg prg, FerretParameters bootstrap, FerretParameters main) {
    super(channel, prg, bootstrap, main);
    this.iknp = iknp;
  }

  /** Sets up an IKNP session (128 base OTs with the peer's {@link SilentOtReceiver#setUp}) to bootstrap from. */
  public static SilentOtSender setUp(Channel channel, Prg prg) {
    return over(IknpSender.setUp(channel, prg), channel, prg);
  }

  /**
   * Silent OT bootstrapped from an existing IKNP session on {@code channel} (the peer passes the
   * matching {@link IknpReceiver}); the IKNP session stays usable, in the same call order at both
   * parties. GGM seeds come from {@code prg}.
   */
  public static SilentOtSender over(IknpSender iknp, Channel channel, Prg prg) {
    return new SilentOtSender(iknp, channel, prg, FerretParameters.BOOTSTRAP.requireSecure(),
        FerretParameters.MAIN.requireSecure());
  }

  /** With other parameters, e.g. {@link FerretParameters#insecureForTests}: tests only. */
  static SilentOtSender forTests(IknpSender iknp, Channel channel, Prg prg, FerretParameters bootstrap,
      FerretParameters main) {
    return new SilentOtSender(iknp, channel, prg, bootstrap, main);
  }

  /** Planted bug for the tests' positive controls: every GGM tree from one seed. */
  void plantSameTreeSeed() {
    plantedSameTreeSeed = true;
  }

  /** {@code count} correlated OTs: m<sub>0</sub> = q<sub>i</sub>, m<sub>1</sub> = q<sub>i</sub> ⊕ Δ. */
  public CorrelatedOtSenderOutput correlatedOts(int count) {
    requireCount(count);
    long[] q = new long[2 * count];
    take(count, q, null, 0, count);
    return new CorrelatedOtSenderOutput(count, delta.clone(), q);
  }

  /** {@code count} random OTs: H(q<sub>i</sub>, i) and H(q<sub>i</sub> ⊕ Δ, i). */
  public OtSenderOutput randomOts(int count) {
    requireCount(count);
    long[] message0 = new long[2 * count];
    long[] message1 = new long[2 * count];
    long first = take(count, message0, null, 0, count);
    System.arraycopy(message0, 0, message1, 0, message0.length);
    xorDelta(message1, 0, count);
    keys.outputHash().tccr(message0, 0, first, message0, 0, count);
    keys.outputHash().tccr(message1, 0, first, message1, 0, count);
    return new OtSenderOutput(count, message0, message1);
  }

  /**
   * {@code count} random OTs of one bit: the low bits of H(q<sub>i</sub>, i) and
   * H(q<sub>i</sub> ⊕ Δ, i), packed; what an AND triple's cross term needs.
   */
  public BitOtSenderOutput randomBitOts(int count) {
    requireCount(count);
    long[] bits0 = new long[IknpOtExtension.words(count)];
    long[] bits1 = new long[bits0.length];
    long[] q = new long[2 * Math.min(count, HASH_CHUNK)];
    for (int start = 0; start < count; start += HASH_CHUNK) {
      int n = Math.min(HASH_CHUNK, count - start);
      long first = take(n, q, null, 0, count - start);
      keys.outputHash().tccrLowBits(q, 0, first, bits0, start, n);
      xorDelta(q, 0, n);
      keys.outputHash().tccrLowBits(q, 0, first, bits1, start, n);
    }
    return new BitOtSenderOutput(count, bits0, bits1);
  }

  /**
   * Arithmetic correlated OTs over {@code ring} (Z(2<sup>64</sup>) or a prime field) with the
   * receiver's chosen choices: returns m<sub>0</sub>; the receiver with choice c<sub>i</sub> gets
   * m<sub>0</sub> + c<sub>i</sub>·x<sub>i</sub>. One element (8 bytes) per OT besides the receiver's
   * bit: the same contract as {@link IknpSender#arithmeticOts}.
   */
  @Override
  public long[] arithmeticOts(AdditiveRing ring, long[] correlations) {
    IknpOtExtension.requireElements(ring, correlations);
    return chosenChoiceOts(correlations.length, (pads0, pads1, start, n, message0) ->
        IknpOtExtension.ringCorrections(ring, pads0, pads1, correlations, start, n, message0));
  }

  /**
   * Arithmetic correlated OTs modulo 2<sup>w<sub>i</sub></sup> with the receiver's chosen choices,
   * corrections sent in w<sub>i</sub> bits each: the same contract as
   * {@link IknpSender#truncatedArithmeticOts}.
   */
  public long[] truncatedArithmeticOts(long[] correlations, int[] bitWidths) {
    if (correlations.length != bitWidths.length) {
      throw new IllegalArgumentException(correlations.length + " correlations but " + bitWidths.length + " widths");
    }
    PackedBits.requireWidths(bitWidths);
    return chosenChoiceOts(correlations.length, (pads0, pads1, start, n, message0) ->
        IknpOtExtension.truncatedCorrections(pads0, pads1, correlations, bitWidths, start, n, message0));
  }

  /** The global Δ (2 longs; a secret of this party). Available after the first call. */
  public long[] delta() {
    if (delta == null) {
      throw new IllegalStateException("Δ is fixed at the first call");
    }
    return delta.clone();
  }

  @Override
  public String toString() {
    return describe("SilentOtSender");
  }

  @Override
  void start(int count) {
    keys = Ferret.agree(channel, prg, true);
    CorrelatedOtSenderOutput first = iknp.correlatedOts(count);
    delta = first.delta();
    pool = first.message0();
    poolSize = count;
  }

  @Override
  void iterate(FerretParameters p, int base) {
    int h = p.log2BlockSize();
    int size = p.blockSize();
    int levels = p.t() * h;
    int spcotAt = base + p.k();
    long[] pads0 = new long[2 * levels];
    long[] pads1 = new long[2 * levels];
    keys.treeHash().tccr(pool, spcotAt, treeTweak, pads0, 0, levels);
    long[] shifted = java.util.Arrays.copyOfRange(pool, 2 * spcotAt, 2 * (spcotAt + levels));
    xorDelta(shifted, 0, levels);
    keys.treeHash().tccr(shifted, 0, treeTweak, pads1, 0, levels);
    treeTweak += levels;
    int perTree = Ferret.longsPerTree(h);
    long[] sums = new long[4 * h * Ferret.TREES_PER_MESSAGE];
    long[] seeds = new long[2 * Ferret.TREES_PER_MESSAGE];
    for (int first = 0; first < p.t(); first += Ferret.TREES_PER_MESSAGE) {
      int trees = Math.min(Ferret.TREES_PER_MESSAGE, p.t() - first);
      if (plantedSameTreeSeed) {
        if (first == 0) {
          prg.fillLongs(seeds, 0, 2);
        }
        for (int j = 1; j < trees; j++) {
          seeds[2 * j] = seeds[0];
          seeds[2 * j + 1] = seeds[1];
        }
      } else {
        prg.fillLongs(seeds, 0, 2 * trees);
      }
      keys.tree().expand(seeds, trees, h, out, first * size, sums, 0);
      long[] message = new long[trees * perTree];
      for (int j = 0; j < trees; j++) {
        int tree = first + j;
        int m = j * perTree;
        for (int level = 0; level < h; level++) {
          int pad = 2 * (tree * h + level);
          int sum = 4 * (j * h + level);
          message[m + 4 * level] = sums[sum] ^ pads0[pad];
          message[m + 4 * level + 1] = sums[sum + 1] ^ pads0[pad + 1];
          message[m + 4 * level + 2] = sums[sum + 2] ^ pads1[pad];
          message[m + 4 * level + 3] = sums[sum + 3] ^ pads1[pad + 1];
        }
        GgmTree.xorOf(out, tree * size, size, message, m + 4 * h);
        message[m + 4 * h] ^= delta[0];
        message[m + 4 * h + 1] ^= delta[1];
      }
      Messages.sendLongs(channel, Ferret.Step.TREES, message, 0, message.length);
    }
    if (!mpcotOnly) {
      code(p).encode(pool, null, base, out, null);
    }
  }

  /** Corrections for OTs start..start+n−1 from H(q'), H(q' ⊕ Δ); fills message0. */
  private interface Corrections {
    long[] make(long[] pads0, long[] pads1, int start, int n, long[] message0);
  }

  private long[] chosenChoiceOts(int count, Corrections corrections) {
    requireCount(count);
    long[] message0 = new long[count];
    long[] q = new long[2 * Math.min(count, HASH_CHUNK)];
    long[] pads0 = new long[q.length];
    for (int start = 0; start < count; start += HASH_CHUNK) {
      int n = Math.min(HASH_CHUNK, count - start);
      long first = take(n, q, null, 0, count - start);
      long[] flips = receiveLongs(Ferret.Step.CHOICES, IknpOtExtension.words(n));
      for (int i = 0; i < n; i++) {
        long flip = -((flips[i >>> 6] >>> i) & 1);
        q[2 * i] ^= flip & delta[0];
        q[2 * i + 1] ^= flip & delta[1];
      }
      keys.outputHash().tccr(q, 0, first, pads0, 0, n);
      xorDelta(q, 0, n);
      keys.outputHash().tccr(q, 0, first, q, 0, n);
      long[] message = corrections.make(pads0, q, start, n, message0);
      sendLongs(Ferret.Step.CORRECTIONS, message);
    }
    return message0;
  }

  private void xorDelta(long[] blocks, int from, int count) {
    for (int i = 2 * from; i < 2 * (from + count); i += 2) {
      blocks[i] ^= delta[0];
      blocks[i + 1] ^= delta[1];
    }
  }
}
