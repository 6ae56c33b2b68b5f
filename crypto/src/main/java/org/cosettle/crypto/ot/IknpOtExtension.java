package org.cosettle.crypto.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.cosettle.crypto.random.FixedKeyAesHash;
import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.AdditiveRing;
import org.cosettle.crypto.sharing.PrimeField;
import org.cosettle.crypto.sharing.Ring64;

/**
 * Description of semi-honest IKNP OT extension: Ishai, Kilian, Nissim and Petrank, "Extending
 * Oblivious Transfers Efficiently" (CRYPTO 2003), with the optimisations of Asharov, Lindell,
 * Schneider and Zohner, "More Efficient Oblivious Transfer and Extensions for Faster Secure
 * Computation" (CCS 2013): random base-OT seeds expanded by a PRG, only one matrix sent, and
 * correlated / random variants that need no message from the sender.
 *
 * <p>The two roles are reversed for the κ = 128 base OTs ({@link BaseOt}): the extension
 * <em>receiver</em> is the base-OT sender and gets seed pairs (k<sup>0</sup><sub>j</sub>,
 * k<sup>1</sup><sub>j</sub>); the extension <em>sender</em> picks the global offset s (= Δ) as its
 * base-OT choices and gets k<sup>s<sub>j</sub></sup><sub>j</sub>. For N OTs with choices r:
 *
 * <ol>
 *   <li>{@link Step#COLUMNS}: the receiver sends the 128 columns
 *       u<sub>j</sub> = G(k<sup>0</sup><sub>j</sub>) ⊕ G(k<sup>1</sup><sub>j</sub>) ⊕ r (N bits
 *       each, 16 bytes per OT), in chunks of {@value #CHUNK_OTS} OTs so the sender can start
 *       early. It keeps t<sub>j</sub> = G(k<sup>0</sup><sub>j</sub>).
 *   <li>The sender computes q<sub>j</sub> = G(k<sup>s<sub>j</sub></sup><sub>j</sub>) ⊕
 *       s<sub>j</sub>·u<sub>j</sub>. Transposed, row i satisfies q<sub>i</sub> = t<sub>i</sub> ⊕
 *       r<sub>i</sub>·s: a correlated OT with Δ = s.
 *   <li>Random OT: m<sub>0</sub> = H(q<sub>i</sub>, i), m<sub>1</sub> = H(q<sub>i</sub> ⊕ s, i);
 *       the receiver gets H(t<sub>i</sub>, i) = m<sub>r<sub>i</sub></sub>. H is the tweakable
 *       circular correlation-robust hash {@link FixedKeyAesHash#tccr} with the OT's running index
 *       as tweak, keyed by a digest of the base-OT transcript (fresh per session).
 *   <li>{@link Step#CORRECTIONS} (chosen messages, arithmetic correlations): the sender sends one
 *       or two masked values per OT.
 * </ol>
 *
 * <p>Security: semi-honest, under the security of the base OTs, AES-CTR as a PRG, and the TCCR
 * property of fixed-key AES in the ideal-permutation model (Guo–Katz–Wang–Yu 2020). The sender's
 * view (the columns u) is the PRG output G(k<sup>1</sup><sub>j</sub>) it never learns, so it is
 * pseudorandom whatever r. Both parties must make the same sequence of calls (the running OT
 * index and the PRG streams advance together).
 */
public final class IknpOtExtension {
  /** The steps, as named in a {@link ProtocolAbortException}. */
  public enum Step {
    COLUMNS,
    CORRECTIONS
  }

  /** Base OTs and the width of a row: the computational security parameter κ. */
  public static final int KAPPA = 128;
  /** OTs per message of columns: 256 KiB of columns, so that a chunk's work stays in cache. */
  public static final int CHUNK_OTS = 1 << 14;
  /** At most this many OTs per call (2 GiB of output rows would not fit an array). */
  public static final int MAX_COUNT = 1 << 26;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private IknpOtExtension() {}

  static void requireCount(int count) {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("OT count must lie in [1, " + MAX_COUNT + "]: " + count);
    }
  }

  static int words(int bits) {
    return (bits + 63) >>> 6;
  }

  /** The PRG a base-OT key (block {@code block} of {@code keys}) seeds. */
  static Prg seededBy(long[] keys, int block) {
    byte[] seed = new byte[16];
    LONG_LE.set(seed, 0, keys[2 * block]);
    LONG_LE.set(seed, 8, keys[2 * block + 1]);
    return Prg.fromSeed(seed);
  }

  static FixedKeyAesHash hashFor(byte[] transcriptDigest) {
    return FixedKeyAesHash.withKey(transcriptDigest);
  }

  /**
   * A ring element from a 128-bit hash output h: the low word in Z(2<sup>64</sup>); in a prime
   * field ⌊h·p / 2<sup>128</sup>⌋, within statistical distance p / 2<sup>128</sup> ≤ 2<sup>−66</sup>
   * of uniform (Lemire's multiply-shift, two 64×64-bit products instead of a 128-bit division).
   */
  static long elementOf(AdditiveRing ring, long low, long high) {
    if (ring instanceof Ring64) {
      return low;
    }
    if (ring instanceof PrimeField field) {
      long p = field.modulus();
      long lowCarry = unsignedMultiplyHigh(low, p);
      long middle = high * p;
      long sum = middle + lowCarry;
      long carry = Long.compareUnsigned(sum, middle) < 0 ? 1 : 0;
      return unsignedMultiplyHigh(high, p) + carry;
    }
    throw new IllegalArgumentException("arithmetic OTs are defined over Ring64 and PrimeField, not " + ring);
  }

  private static long unsignedMultiplyHigh(long x, long y) {
    return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
  }

  /**
   * Arithmetic OT corrections m<sub>0</sub> + x − m<sub>1</sub>-pad for OTs start..start+n−1 over
   * {@code ring}, from the hashes of both messages (block i of {@code pads0}, {@code pads1});
   * stores m<sub>0</sub> in {@code message0}. Shared by IKNP and silent OT.
   */
  static long[] ringCorrections(AdditiveRing ring, long[] pads0, long[] pads1, long[] correlations, int start, int n,
      long[] message0) {
    long[] corrections = new long[n];
    for (int i = 0; i < n; i++) {
      long m0 = elementOf(ring, pads0[2 * i], pads0[2 * i + 1]);
      long m1Pad = elementOf(ring, pads1[2 * i], pads1[2 * i + 1]);
      message0[start + i] = m0;
      corrections[i] = ring.subtract(ring.add(m0, correlations[start + i]), m1Pad);
    }
    return corrections;
  }

  /** As {@link #ringCorrections} modulo 2<sup>w<sub>i</sub></sup>, packed in w<sub>i</sub> bits each. */
  static long[] truncatedCorrections(long[] pads0, long[] pads1, long[] correlations, int[] widths, int start, int n,
      long[] message0) {
    long[] corrections = new long[n];
    for (int i = 0; i < n; i++) {
      long m0 = pads0[2 * i] & PackedBits.mask(widths[start + i]);
      message0[start + i] = m0;
      corrections[i] = m0 + correlations[start + i] - pads1[2 * i];
    }
    return PackedBits.pack(corrections, widths, start, n);
  }

  /** Fails unless every value is an element of {@code ring}. */
  static void requireElements(AdditiveRing ring, long[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!ring.contains(values[i])) {
        throw new IllegalArgumentException("value at index " + i + " is not an element of " + ring);
      }
    }
  }
}
