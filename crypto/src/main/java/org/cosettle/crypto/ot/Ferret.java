package org.cosettle.crypto.ot;

import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.random.FixedKeyAesHash;
import org.cosettle.crypto.random.Prg;

/**
 * Description of semi-honest Ferret silent OT: correlated OT from primal LPN with regular noise,
 * after Yang, Weng, Lan, Zhang and Wang, "Ferret: Fast Extension for coRRElated oT with small
 * communication" (CCS 2020), on the PCG idea of Boyle, Couteau, Gilboa, Ishai, Kohl and Scholl
 * ("Efficient two-round OT extension and silent non-interactive secure computation", CCS 2019).
 * Output as IKNP's correlated OT: the sender ({@link SilentOtSender}) holds a global Δ and
 * q<sub>i</sub>, the receiver ({@link SilentOtReceiver}) random bits x<sub>i</sub> and
 * t<sub>i</sub> = q<sub>i</sub> ⊕ x<sub>i</sub>·Δ; Δ is the Δ of the IKNP session underneath.
 *
 * <ol>
 *   <li>{@link Step#SEEDS} (once): each party sends 16 random bytes; their XOR seeds the public
 *       keys of the GGM PRG and of the hashes, and the matrix A ({@link LocalLinearCode}).
 *   <li>Setup (once): {@link FerretParameters#reserve()} COTs of the bootstrap set from IKNP (16
 *       bytes each) fill the <em>pool</em>.
 *   <li>An iteration with parameters (n, k, t, h) takes k + t·h COTs from the pool:
 *     <ol type="a">
 *       <li>{@link Step#TREES}, multi-point COT with regular noise: for each of the t blocks of
 *           2<sup>h</sup> positions the sender expands a fresh secret GGM seed ({@link GgmTree})
 *           into leaves v and sends, per level ℓ, K<sup>ℓ</sup><sub>0</sub> ⊕ H(q) and
 *           K<sup>ℓ</sup><sub>1</sub> ⊕ H(q ⊕ Δ) on a pool COT, and Δ ⊕ (⊕ leaves). The pool
 *           COT's random choice bit b is the path, derandomised for free: the receiver learns
 *           K<sup>ℓ</sup><sub>b</sub> with H(t), so the path goes to side 1 − b and the punctured
 *           position is uniform. The receiver rebuilds every leaf but the punctured one α and
 *           sets w<sub>α</sub> = (Δ ⊕ ⊕ leaves) ⊕ (⊕ the others) = v<sub>α</sub> ⊕ Δ, so that
 *           w = v ⊕ e·Δ for the regular noise e. (32 bytes per level, 16 per block; nothing from
 *           the receiver.)
 *       <li>LPN: with u the choice bits of the first k pool COTs, the receiver's bits are
 *           x = u·A ⊕ e and its blocks t<sub>u</sub>·A ⊕ w; the sender's q<sub>u</sub>·A ⊕ v. Then
 *           t ⊕ q = (u·A ⊕ e)·Δ.
 *       <li>The first outputs refill the pool (bootstrapping); the rest are handed out.
 *     </ol>
 * </ol>
 *
 * <p>Chosen choices (arithmetic OTs, e.g. Gilboa multiplication): per chunk the receiver sends
 * d<sub>i</sub> = c<sub>i</sub> ⊕ x<sub>i</sub> ({@link Step#CHOICES}, one bit per OT) and the
 * sender uses q'<sub>i</sub> = q<sub>i</sub> ⊕ d<sub>i</sub>·Δ, so t<sub>i</sub> = q'<sub>i</sub> ⊕
 * c<sub>i</sub>·Δ; then the corrections follow as in IKNP ({@link Step#CORRECTIONS}).
 *
 * <p>H is {@link FixedKeyAesHash#tccr} with a running tweak, under a coin-tossed key. Random OTs
 * are H(q<sub>i</sub>, i), H(q<sub>i</sub> ⊕ Δ, i) and H(t<sub>i</sub>, i) under a second key.
 *
 * <p>Which iteration runs: while a call still needs at least half a main iteration's yield, the
 * main set (topping the pool up to the main reserve with one bootstrap iteration if needed);
 * otherwise the bootstrap set, so that smaller requests do not pay 173 MB and the work of 10 M
 * COTs. Both parties take the same decisions from the same counts.
 *
 * <p>Security (semi-honest): LPN with regular noise for the parameters ({@link FerretParameters}),
 * the (tweakable circular) correlation robustness of fixed-key AES in the ideal-permutation model,
 * GGM with the MMO PRG, and IKNP. The receiver sends nothing after setup; what it receives per
 * level is masked by H(q ⊕ (1 − b)·Δ), which it cannot compute, and the last block by the
 * punctured leaf. Both parties must make the same calls in the same order.
 */
public final class Ferret {
  /** The steps, as named in a {@link ProtocolAbortException}. */
  public enum Step {
    SEEDS,
    TREES,
    CHOICES,
    CORRECTIONS
  }

  /** Blocks (GGM trees) per message of {@link Step#TREES}, so the receiver can start early. */
  static final int TREES_PER_MESSAGE = 64;

  private Ferret() {}

  /** The public material both parties derive from the coin-tossed seed. */
  record Keys(GgmTree tree, FixedKeyAesHash treeHash, FixedKeyAesHash outputHash, byte[] codeSeed) {
    @Override
    public String toString() {
      return "Ferret.Keys[public]";
    }
  }

  /** Coin tossing on the channel: the sender speaks first. */
  static Keys agree(Channel channel, Prg prg, boolean sender) {
    byte[] mine = prg.nextSeed();
    byte[] theirs;
    if (sender) {
      Messages.sendBytes(channel, Step.SEEDS, mine);
      theirs = Messages.receiveBytes(channel, Step.SEEDS, Prg.SEED_BYTES);
    } else {
      theirs = Messages.receiveBytes(channel, Step.SEEDS, Prg.SEED_BYTES);
      Messages.sendBytes(channel, Step.SEEDS, mine);
    }
    byte[] joint = new byte[Prg.SEED_BYTES];
    for (int i = 0; i < joint.length; i++) {
      joint[i] = (byte) (mine[i] ^ theirs[i]);
    }
    Prg shared = Prg.fromSeed(joint);
    GgmTree tree = new GgmTree(shared.nextSeed(), shared.nextSeed());
    return new Keys(tree, FixedKeyAesHash.withKey(shared.nextSeed()), FixedKeyAesHash.withKey(shared.nextSeed()),
        shared.nextSeed());
  }

  /** Longs per block in a {@link Step#TREES} message: two sums per level and the last block. */
  static int longsPerTree(int h) {
    return 4 * h + 2;
  }

  /** Copies {@code length} bits from bit {@code from} of {@code source} to bit {@code to} of {@code target}. */
  static void copyBits(long[] source, int from, long[] target, int to, int length) {
    int done = 0;
    while (done < length) {
      int n = Math.min(64 - ((to + done) & 63), length - done);
      long word = bitsAt(source, from + done) & (n == 64 ? -1L : (1L << n) - 1);
      int t = to + done;
      long keep = n == 64 ? 0 : ~(((1L << n) - 1) << t);
      target[t >>> 6] = (target[t >>> 6] & keep) | (word << t);
      done += n;
    }
  }

  /** 64 bits of {@code words} starting at bit {@code position} (zeros past the end). */
  static long bitsAt(long[] words, int position) {
    int w = position >>> 6;
    int s = position & 63;
    long low = words[w] >>> s;
    if (s == 0 || w + 1 >= words.length) {
      return low;
    }
    return low | (words[w + 1] << (64 - s));
  }
}
