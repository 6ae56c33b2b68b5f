package org.cosettle.crypto.triples;

import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.ot.BitOtReceiverOutput;
import org.cosettle.crypto.ot.BitOtSenderOutput;
import org.cosettle.crypto.ot.IknpReceiver;
import org.cosettle.crypto.ot.IknpSender;
import org.cosettle.crypto.ot.OtReceiverOutput;
import org.cosettle.crypto.ot.OtSenderOutput;
import org.cosettle.crypto.ot.SilentOtReceiver;
import org.cosettle.crypto.ot.SilentOtSender;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.AdditiveRing;
import org.cosettle.crypto.sharing.Party;
import org.cosettle.crypto.sharing.PrimeField;
import org.cosettle.crypto.sharing.Ring64;

/**
 * One party's end of correlated-randomness generation from OT: Beaver multiplication triples over
 * Z(2<sup>64</sup>) or a prime field, and AND triples. Each party holds two IKNP sessions, one
 * in each direction (P0 is the sender of the first), so that both cross terms of a product can be
 * computed. The protocol is symmetric but for that order, so both parties run this type with their
 * {@link Party}; the calls must match (same kind, same count, same order).
 *
 * <ul>
 *   <li>Multiplication (Gilboa, "Two Party RSA Key Generation", CRYPTO 1999; as in the offline
 *       phase of MASCOT, Keller–Orsini–Scholl, CCS 2016, without its malicious checks): each party
 *       draws its shares a<sub>i</sub>, b<sub>i</sub>; the cross term a<sub>i</sub>b<sub>j</sub>
 *       costs one arithmetic correlated OT per bit ℓ of a<sub>i</sub>, with correlation
 *       b<sub>j</sub>·2<sup>ℓ</sup>: the receiver's outputs sum to a<sub>i</sub>b<sub>j</sub> plus
 *       the sender's. 64 OTs per cross term in Z(2<sup>64</sup>), where bit ℓ's OT only needs to
 *       agree mod 2<sup>64−ℓ</sup> (2 × (64 · 16 + 260) = 2,568 bytes per triple);
 *       ⌈log<sub>2</sub> p⌉ OTs with full corrections in Z<sub>p</sub>.
 *   <li>AND: a random OT with choice c and messages' low bits m<sub>0</sub>, m<sub>1</sub> is a
 *       product share: c·(m<sub>0</sub> ⊕ m<sub>1</sub>) = m<sub>c</sub> ⊕ m<sub>0</sub>. One random
 *       OT per cross term, two per triple.
 * </ul>
 *
 * <p>With {@link OtSource#SILENT} the OTs come from Ferret silent OT bootstrapped from the same two
 * IKNP sessions: an AND triple's two random OTs are hashed correlated OTs (0.11 to 1.28 bytes
 * per triple, see {@link OtSource}), and Gilboa's arithmetic OTs cost one choice-flip bit each plus the same
 * corrections (536 bytes per triple over Z(2<sup>64</sup>)). The IKNP sessions stay available
 * through {@link #firstSessionSender()} and {@link #firstSessionReceiver()}.
 *
 * <pre>{@code
 * TripleGenerator generator = TripleGenerator.setUp(channel, Party.P0, prg);   // peer: Party.P1
 * MultiplicationTriples triples = generator.multiplicationTriples(Ring64.INSTANCE, 10_000);
 * AndTriples ands = generator.andTriples(1 << 20);
 * }</pre>
 */
public final class TripleGenerator {
  private final Party party;
  private final Prg prg;
  private final IknpSender sender;
  private final IknpReceiver receiver;
  private final SilentOtSender silentSender;
  private final SilentOtReceiver silentReceiver;

  private TripleGenerator(Party party, Prg prg, IknpSender sender, IknpReceiver receiver, Channel channel,
      OtSource source) {
    this.party = party;
    this.prg = prg;
    this.sender = sender;
    this.receiver = receiver;
    boolean silent = source == OtSource.SILENT;
    this.silentSender = silent ? SilentOtSender.over(sender, channel, prg) : null;
    this.silentReceiver = silent ? SilentOtReceiver.over(receiver, channel, prg) : null;
  }

  /** Sets up both OT extension sessions with the peer (256 base OTs in all): {@link OtSource#IKNP}. */
  public static TripleGenerator setUp(Channel channel, Party party, Prg prg) {
    return setUp(channel, party, prg, OtSource.IKNP);
  }

  /**
   * Sets up both OT extension sessions with the peer (256 base OTs in all) and, for
   * {@link OtSource#SILENT}, silent OT on each (bootstrapped at the first call that needs it).
   */
  public static TripleGenerator setUp(Channel channel, Party party, Prg prg, OtSource source) {
    // Both parties do the same, and the two sessions' base OTs overlap: each sends its first
    // message as the sender of one session and prepares its half as the receiver of the other,
    // then answers the peer's, then finishes its own (two flights in all, not four, and each
    // party's elliptic-curve work runs while the peer does its own).
    IknpReceiver.Pending receiving = IknpReceiver.begin(channel, prg);
    IknpSender.Pending sending = IknpSender.begin(channel, prg);
    IknpSender sender = sending.finish();
    return new TripleGenerator(party, prg, sender, receiving.finish(), channel, source);
  }

  public Party party() {
    return party;
  }

  /** Where the OTs come from. */
  public OtSource source() {
    return silentSender == null ? OtSource.IKNP : OtSource.SILENT;
  }

  /**
   * P0's end of the silent OT session in which P0 sends (null at P1, and with {@link OtSource#IKNP}):
   * the silent counterpart of {@link #firstSessionSender()}, with the same arithmetic OT methods.
   */
  public SilentOtSender firstSilentSessionSender() {
    return party == Party.P0 ? silentSender : null;
  }

  /** P1's end of the silent session in which P0 sends (null at P0, and with {@link OtSource#IKNP}). */
  public SilentOtReceiver firstSilentSessionReceiver() {
    return party == Party.P1 ? silentReceiver : null;
  }

  /**
   * P0's end of the OT extension session in which P0 sends (null at P1): more correlations can be
   * drawn from it alongside the triples without new base OTs, as long as both parties make the
   * same calls in the same order (see {@link #firstSessionReceiver()}).
   */
  public IknpSender firstSessionSender() {
    return party == Party.P0 ? sender : null;
  }

  /** P1's end of the session in which P0 sends (null at P0); see {@link #firstSessionSender()}. */
  public IknpReceiver firstSessionReceiver() {
    return party == Party.P1 ? receiver : null;
  }

  /** This party's shares of {@code count} multiplication triples over Z(2^64) or a prime field. */
  public MultiplicationTriples multiplicationTriples(AdditiveRing ring, int count) {
    int bits = bitsPerElement(ring);
    requireCount(count, bits);
    long[] a = new long[count];
    long[] b = new long[count];
    ring.random(prg, a);
    ring.random(prg, b);
    long[] c = new long[count];
    for (int k = 0; k < count; k++) {
      c[k] = ring.multiply(a[k], b[k]);
    }
    if (party == Party.P0) {
      addCrossTermAsSender(ring, bits, b, c);
      addCrossTermAsReceiver(ring, bits, a, c);
    } else {
      addCrossTermAsReceiver(ring, bits, a, c);
      addCrossTermAsSender(ring, bits, b, c);
    }
    return new MultiplicationTriples(ring, a, b, c);
  }

  /** This party's shares of {@code count} AND triples. */
  public AndTriples andTriples(int count) {
    if (count < 1 || count > org.cosettle.crypto.ot.IknpOtExtension.MAX_COUNT) {
      throw new IllegalArgumentException("triple count must lie in [1, "
          + org.cosettle.crypto.ot.IknpOtExtension.MAX_COUNT + "]: " + count);
    }
    int words = (count + 63) >>> 6;
    long[] a = new long[words];
    long[] b = new long[words];
    long[] c = new long[words];
    if (party == Party.P0) {
      andCrossTermAsSender(count, b, c);
      andCrossTermAsReceiver(count, a, c);
    } else {
      andCrossTermAsReceiver(count, a, c);
      andCrossTermAsSender(count, b, c);
    }
    for (int w = 0; w < words; w++) {
      c[w] ^= a[w] & b[w];
    }
    return new AndTriples(count, a, b, c);
  }

  /**
   * Random OTs with 64-bit messages: {@code sent} with this party as the sender and {@code
   * received} with it as the receiver (the peer calls with the two counts swapped); from IKNP
   * (16 bytes per OT on the wire) or silent OT, as {@link #andTriples}.
   */
  public RandomOts randomOts(int sent, int received) {
    for (int count : new int[] {sent, received}) {
      if (count < 0 || count > org.cosettle.crypto.ot.IknpOtExtension.MAX_COUNT) {
        throw new IllegalArgumentException("OT count must lie in [0, "
            + org.cosettle.crypto.ot.IknpOtExtension.MAX_COUNT + "]: " + count);
      }
    }
    if (silentSender == null) {
      return randomWordOts(sent, received);
    }
    OtSenderOutput asSender;
    OtReceiverOutput asReceiver;
    if (party == Party.P0) { // P0's sending session first, as everywhere in this class
      asSender = sent == 0 ? null : randomOtsAsSender(sent);
      asReceiver = received == 0 ? null : randomOtsAsReceiver(received);
    } else {
      asReceiver = received == 0 ? null : randomOtsAsReceiver(received);
      asSender = sent == 0 ? null : randomOtsAsSender(sent);
    }
    long[] m0 = new long[sent];
    long[] m1 = new long[sent];
    for (int i = 0; i < sent; i++) {
      m0[i] = asSender.message0()[2 * i];
      m1[i] = asSender.message1()[2 * i];
    }
    long[] chosen = new long[received];
    for (int i = 0; i < received; i++) {
      chosen[i] = asReceiver.chosen()[2 * i];
    }
    long[] choices = asReceiver == null ? new long[0] : asReceiver.choices().clone();
    return new RandomOts(sent, m0, m1, received, choices, chosen);
  }

  /** {@link #randomOts} from IKNP: the 64-bit messages hashed straight into their arrays. */
  private RandomOts randomWordOts(int sent, int received) {
    long[] m0 = new long[sent];
    long[] m1 = new long[sent];
    long[] chosen = new long[received];
    long[] choices = new long[0];
    for (boolean sending : party == Party.P0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
      if (sending && sent > 0) {
        sender.randomWordOts(m0, m1);
      } else if (!sending && received > 0) {
        choices = receiver.randomWordOts(chosen);
      }
    }
    return new RandomOts(sent, m0, m1, received, choices, chosen);
  }

  private OtSenderOutput randomOtsAsSender(int count) {
    return silentSender.randomOts(count);
  }

  private OtReceiverOutput randomOtsAsReceiver(int count) {
    return silentReceiver.randomOts(count);
  }

  /** Bytes this party has sent and received, for cost reports (both sessions share the channel). */
  public long bytesTransferred() {
    return sender.bytesTransferred();
  }

  @Override
  public String toString() {
    return "TripleGenerator[" + party + "]";
  }

  /** The peer holds a; adds this party's share of a·b (−Σ m<sub>0</sub>) to {@code c}. */
  private void addCrossTermAsSender(AdditiveRing ring, int bits, long[] b, long[] c) {
    if (ring instanceof Ring64) {
      addZ2To64CrossTermAsSender(b, c);
      return;
    }
    int count = b.length;
    long[] correlations = new long[count * bits];
    for (int k = 0; k < count; k++) {
      long shifted = b[k];
      for (int l = 0; l < bits; l++) {
        correlations[k * bits + l] = shifted;
        shifted = ring.add(shifted, shifted);
      }
    }
    long[] zeroMessages = silentSender != null ? silentSender.arithmeticOts(ring, correlations)
        : sender.arithmeticOts(ring, correlations);
    for (int k = 0; k < count; k++) {
      long sum = 0;
      for (int l = 0; l < bits; l++) {
        sum = ring.add(sum, zeroMessages[k * bits + l]);
      }
      c[k] = ring.subtract(c[k], sum);
    }
  }

  /** The peer holds b; adds this party's share of a·b (Σ m<sub>0</sub> + a·b) to {@code c}. */
  private void addCrossTermAsReceiver(AdditiveRing ring, int bits, long[] a, long[] c) {
    if (ring instanceof Ring64) {
      addZ2To64CrossTermAsReceiver(a, c);
      return;
    }
    int count = a.length;
    long[] choices = new long[(count * bits + 63) >>> 6];
    for (int k = 0; k < count; k++) {
      for (int l = 0; l < bits; l++) {
        int ot = k * bits + l;
        choices[ot >>> 6] |= ((a[k] >>> l) & 1) << ot;
      }
    }
    long[] values = silentReceiver != null ? silentReceiver.arithmeticOts(ring, choices, count * bits)
        : receiver.arithmeticOts(ring, choices, count * bits);
    for (int k = 0; k < count; k++) {
      long sum = 0;
      for (int l = 0; l < bits; l++) {
        sum = ring.add(sum, values[k * bits + l]);
      }
      c[k] = ring.add(c[k], sum);
    }
  }

  /** Random OTs as sender: b = m0 ⊕ m1, and m0 goes into c (low bit of each message). */
  private void andCrossTermAsSender(int count, long[] b, long[] c) {
    if (silentSender != null) {
      BitOtSenderOutput pairs = silentSender.randomBitOts(count);
      for (int w = 0; w < b.length; w++) {
        b[w] = pairs.bits0()[w] ^ pairs.bits1()[w];
        c[w] ^= pairs.bits0()[w];
      }
      return;
    }
    OtSenderOutput pairs = sender.randomOts(count);
    long[] m0 = pairs.message0();
    long[] m1 = pairs.message1();
    for (int i = 0; i < count; i++) {
      long bit0 = m0[2 * i] & 1;
      b[i >>> 6] |= (bit0 ^ (m1[2 * i] & 1)) << i;
      c[i >>> 6] ^= bit0 << i;
    }
  }

  /** Random OTs as receiver: a = choice, and m<sub>a</sub> goes into c. */
  private void andCrossTermAsReceiver(int count, long[] a, long[] c) {
    if (silentReceiver != null) {
      BitOtReceiverOutput chosen = silentReceiver.randomBitOts(count);
      for (int w = 0; w < a.length; w++) {
        a[w] = chosen.choices()[w];
        c[w] ^= chosen.chosen()[w];
      }
      return;
    }
    OtReceiverOutput chosen = receiver.randomOts(count);
    System.arraycopy(chosen.choices(), 0, a, 0, a.length);
    long[] m = chosen.chosen();
    for (int i = 0; i < count; i++) {
      c[i >>> 6] ^= (m[2 * i] & 1) << i;
    }
  }

  /**
   * Z(2<sup>64</sup>) sender side: bit ℓ's product b·2<sup>ℓ</sup> only matters mod 2<sup>64</sup>,
   * so its OT carries b and needs to agree mod 2<sup>64−ℓ</sup> only (2,080 correction bits per
   * factor instead of 4,096); the share is −Σ 2<sup>ℓ</sup>m<sub>0,ℓ</sub>.
   */
  private void addZ2To64CrossTermAsSender(long[] b, long[] c) {
    int count = b.length;
    long[] correlations = new long[count * 64];
    for (int k = 0; k < count; k++) {
      java.util.Arrays.fill(correlations, k * 64, (k + 1) * 64, b[k]);
    }
    int[] widths = gilboaWidths(count);
    long[] zeroMessages = silentSender != null ? silentSender.truncatedArithmeticOts(correlations, widths)
        : sender.truncatedArithmeticOts(correlations, widths);
    for (int k = 0; k < count; k++) {
      c[k] -= weightedSum(zeroMessages, k);
    }
  }

  /** Z(2<sup>64</sup>) receiver side: the choices are the bits of a; the share is Σ 2<sup>ℓ</sup>v<sub>ℓ</sub>. */
  private void addZ2To64CrossTermAsReceiver(long[] a, long[] c) {
    int[] widths = gilboaWidths(a.length);
    long[] values = silentReceiver != null ? silentReceiver.truncatedArithmeticOts(a, widths)
        : receiver.truncatedArithmeticOts(a, widths);
    for (int k = 0; k < a.length; k++) {
      c[k] += weightedSum(values, k);
    }
  }

  /** OT k·64 + ℓ carries bit ℓ of a factor: it needs 64 − ℓ bits. */
  private static int[] gilboaWidths(int count) {
    int[] widths = new int[count * 64];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = 64 - (i & 63);
    }
    return widths;
  }

  /** Σ<sub>ℓ</sub> 2<sup>ℓ</sup>·values[64k + ℓ] mod 2<sup>64</sup>. */
  private static long weightedSum(long[] values, int k) {
    long sum = 0;
    for (int l = 0; l < 64; l++) {
      sum += values[k * 64 + l] << l;
    }
    return sum;
  }

  private static int bitsPerElement(AdditiveRing ring) {
    if (ring instanceof Ring64) {
      return 64;
    }
    if (ring instanceof PrimeField field) {
      return 64 - Long.numberOfLeadingZeros(field.modulus() - 1);
    }
    throw new IllegalArgumentException("triples are made over Ring64 and PrimeField, not " + ring);
  }

  private static void requireCount(int count, int bits) {
    int max = org.cosettle.crypto.ot.IknpOtExtension.MAX_COUNT / bits;
    if (count < 1 || count > max) {
      throw new IllegalArgumentException("triple count must lie in [1, " + max + "] for " + bits + "-bit elements: " + count);
    }
  }
}
