package org.cosettle.mpc.arith;

/**
 * Chosen-message 1-out-of-2<sup>w</sup> OTs of short entries — a table of 2<sup>w</sup> entries of
 * ℓ bits, 2<sup>w</sup>·ℓ ≤ 64 — each made from w of the pool's random 1-out-of-2 OTs, in both
 * directions at once: this party sends the OTs whose tables it gives and receives those whose
 * choices it gives, and the peer the other way round. Two rounds: each receiver sends its choices
 * against its random ones, then each sender its masked tables.
 *
 * <p>The construction is Naor and Pinkas's 1-out-of-N OT from log N 1-out-of-2 OTs ("Computationally
 * Secure Oblivious Transfer", J. Cryptology 18(1), 2005, §4), with the random OT messages
 * themselves as the function tables: for random OT i (i &lt; w) the sender holds k<sub>i,0</sub>,
 * k<sub>i,1</sub> (64 bits each) and the receiver a random choice r<sub>i</sub> and
 * k<sub>i,r<sub>i</sub></sub>; the mask of entry v is T[v] = ⊕<sub>i</sub> bits [vℓ, vℓ + ℓ) of
 * k<sub>i,v<sub>i</sub></sub>. The receiver, who knows one message of each pair, computes T[r] and
 * nothing else: every v ≠ r differs from r in some bit i, so T[v] contains bits of
 * k<sub>i,1−r<sub>i</sub></sub> at positions [vℓ, vℓ + ℓ), which no other entry's mask uses — the
 * masks of all v ≠ r are independent and uniform as long as the unchosen messages are. The messages
 * are used as one-time pads, not as keys to a hash, so they need 2<sup>w</sup>·ℓ bits and no more:
 * their secrecy is the random OTs' (OT extension at κ = 128). Derandomisation (Beaver, CRYPTO 1995):
 * the receiver of choice c sends u = c ⊕ r (uniform, since r is), the sender sends y[v] = entry[v] ⊕
 * T[v ⊕ u] for every v, and the receiver keeps y[c] ⊕ T[r].
 *
 * <p>Both parties list the OTs in one agreed order; the random OTs are taken from the pool in that
 * order (w per OT). Package-private: the millionaires' protocol of {@link Millionaires} is its user.
 */
final class DigitOts {
  /** Widest table: 2<sup>w</sup>·ℓ bits must fit one 64-bit random OT message. */
  static final int MAX_TABLE_BITS = 64;

  /**
   * SELECT[e][i]: the bits of the entries whose index has bit i set, for entries of 2<sup>e</sup>
   * bits (ℓ = 1, 2, 4, ...): the usual butterfly masks shifted by e.
   */
  private static final long[][] SELECT = new long[7][7];

  static {
    long[] butterfly = {0xAAAAAAAAAAAAAAAAL, 0xCCCCCCCCCCCCCCCCL, 0xF0F0F0F0F0F0F0F0L, 0xFF00FF00FF00FF00L,
        0xFFFF0000FFFF0000L, 0xFFFFFFFF00000000L};
    for (int e = 0; e < 7; e++) {
      for (int i = 0; i + e < 6; i++) {
        SELECT[e][i] = butterfly[i + e];
      }
    }
  }

  private DigitOts() {}

  /** Bits of a table of 2<sup>width</sup> entries of {@code entryBits}; throws if above 64. */
  static int tableBits(int width, int entryBits) {
    if (width < 1 || entryBits < 1 || Integer.bitCount(entryBits) != 1 || (entryBits << width) > MAX_TABLE_BITS) {
      throw new IllegalArgumentException("a digit OT takes 1 <= width and a power-of-two entry width with 2^width"
          + " entries of at most 64 bits in all: width " + width + ", entries of " + entryBits + " bits");
    }
    return entryBits << width;
  }

  /**
   * Runs one batch of digit OTs in groups of {@code count}: this party sends group g's OTs, of width
   * {@code sentWidths[g]}, with tables {@code tables[g·count + i]} (entry v at bits [v·ℓ, v·ℓ + ℓ))
   * and receives group g's OTs of width {@code receivedWidths[g]} with choices {@code choices[g·count
   * + i]}; returns the chosen entries in the same order. The peer calls with the two sides swapped.
   * Takes count·Σ sentWidths random OTs this party sends and count·Σ receivedWidths it receives.
   * {@code plantedUnmasked} is a planted bug for the tests' positive controls: the tables go out
   * without their masks.
   */
  static long[] exchange(Wire wire, TriplePool pool, ArithmeticSession.Step step, int entryBits, int count,
      int[] sentWidths, long[] tables, int[] receivedWidths, long[] choices, boolean plantedUnmasked) {
    if (count < 0 || tables.length != (long) sentWidths.length * count
        || choices.length != (long) receivedWidths.length * count) {
      throw new IllegalArgumentException("one table per sent OT and one choice per received OT");
    }
    for (int g = 0; g < receivedWidths.length; g++) {
      tableBits(receivedWidths[g], entryBits);
      for (int i = g * count; i < (g + 1) * count; i++) {
        if (choices[i] < 0 || choices[i] >>> receivedWidths[g] != 0) {
          throw new IllegalArgumentException("a choice outside its digit's 2^" + receivedWidths[g] + " entries");
        }
      }
    }
    for (int g = 0; g < sentWidths.length; g++) {
      int bits = tableBits(sentWidths[g], entryBits);
      for (int i = g * count; i < (g + 1) * count; i++) {
        if (bits < 64 && tables[i] >>> bits != 0) {
          throw new IllegalArgumentException("a table wider than its 2^" + sentWidths[g] + " entries");
        }
      }
    }
    int sentOts = Math.multiplyExact(count, sum(sentWidths, 0));
    int receivedOts = Math.multiplyExact(count, sum(receivedWidths, 0));
    int sentBits = Math.multiplyExact(count, sum(sentWidths, entryBits));
    int receivedBits = Math.multiplyExact(count, sum(receivedWidths, entryBits));
    wire.requireAlive();
    pool.requireRandomOts(sentOts, receivedOts);
    TriplePool.SentOts sent = pool.takeSentOts(sentOts);
    TriplePool.ReceivedOts received = pool.takeReceivedOts(receivedOts);

    // round 1: each choice against the random choices of its w random OTs, one bit per random OT
    long[] u = new long[received.choices().length];
    for (int g = 0, first = 0; g < receivedWidths.length; first += count * receivedWidths[g], g++) {
      int width = receivedWidths[g];
      for (int i = 0; i < count; i++) {
        Bits.putField(u, first + (long) i * width, width, choices[g * count + i]);
      }
    }
    for (int w = 0; w < u.length; w++) {
      u[w] ^= received.choices()[w];
    }
    long[] peerU = null;
    if (receivedOts > 0) {
      wire.send(step, u);
    }
    if (sentOts > 0) {
      peerU = wire.receiveBits(step, 1, sentOts);
    }

    // round 2: each table masked by T[v ⊕ u]
    if (sentBits > 0) {
      long[] message = new long[Bits.words(sentBits)];
      for (int g = 0, first = 0, at = 0; g < sentWidths.length; first += count * sentWidths[g],
          at += count * (entryBits << sentWidths[g]), g++) {
        int width = sentWidths[g];
        int bits = entryBits << width;
        for (int i = 0; i < count; i++) {
          int ot = first + i * width;
          long mask = senderMask(sent.message0(), sent.message1(), ot, width, entryBits);
          long table = tables[g * count + i];
          Bits.putField(message, at + (long) i * bits, bits,
              plantedUnmasked ? table : table ^ permute(mask, Bits.getField(peerU, ot, width), width, entryBits));
        }
      }
      wire.send(step, message);
    }
    long[] out = new long[choices.length];
    if (receivedBits > 0) {
      long[] y = wire.receiveBits(step, 1, receivedBits);
      long entryMask = (1L << entryBits) - 1;
      for (int g = 0, first = 0, at = 0; g < receivedWidths.length; first += count * receivedWidths[g],
          at += count * (entryBits << receivedWidths[g]), g++) {
        int width = receivedWidths[g];
        int bits = entryBits << width;
        for (int i = 0; i < count; i++) {
          int ot = first + i * width;
          long random = Bits.getField(received.choices(), ot, width);
          long pad = 0;
          for (int k = 0; k < width; k++) {
            pad ^= received.chosen()[ot + k];
          }
          long row = Bits.getField(y, at + (long) i * bits, bits);
          int t = g * count + i;
          out[t] = ((row >>> (choices[t] * entryBits)) ^ (pad >>> (random * entryBits))) & entryMask;
        }
      }
    }
    return out;
  }

  /** The masks T[v] = ⊕<sub>i</sub> entry v of k<sub>i,v<sub>i</sub></sub> of the w random OTs from {@code first}. */
  static long senderMask(long[] message0, long[] message1, int first, int width, int entryBits) {
    int log = Integer.numberOfTrailingZeros(entryBits);
    long mask = 0;
    for (int i = 0; i < width; i++) {
      long select = SELECT[log][i];
      mask ^= (message0[first + i] & ~select) | (message1[first + i] & select);
    }
    return truncate(mask, entryBits << width);
  }

  /** The table with entry v moved to v ⊕ u: a swap of blocks of 2<sup>i</sup> entries for each set bit i of u. */
  static long permute(long table, long u, int width, int entryBits) {
    int log = Integer.numberOfTrailingZeros(entryBits);
    int bits = entryBits << width;
    for (int i = 0; i < width; i++) {
      if (((u >>> i) & 1) != 0) {
        long select = SELECT[log][i];
        int shift = entryBits << i;
        table = ((table & select) >>> shift) | ((table & ~select) << shift);
      }
    }
    return truncate(table, bits);
  }

  /** The entry width ℓ's pattern 1 in every entry of a table of {@code bits} bits: r × it repeats r in each. */
  static long repeat(int entryBits, int bits) {
    long ones = 0;
    for (int v = 0; v < bits; v += entryBits) {
      ones |= 1L << v;
    }
    return ones;
  }

  private static long truncate(long table, int bits) {
    return bits == 64 ? table : table & ((1L << bits) - 1);
  }

  /** Σ widths (random OTs per group member) or, with {@code entryBits} > 0, Σ table bits. */
  private static int sum(int[] widths, int entryBits) {
    int sum = 0;
    for (int width : widths) {
      sum = Math.addExact(sum, entryBits == 0 ? width : entryBits << width);
    }
    return sum;
  }
}
