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
   * Runs one batch of digit OTs: this party sends OT t of {@code sentWidths} with table {@code
   * tables[t]} (entry v at bits [v·ℓ, v·ℓ + ℓ)) and receives OT t of {@code receivedWidths} with
   * choice {@code choices[t]}; returns the chosen entries. The peer calls with the two lists
   * swapped. Takes Σ sentWidths random OTs this party sends and Σ receivedWidths it receives.
   * {@code plantedUnmasked} is a planted bug for the tests' positive controls: the tables go out
   * without their masks.
   */
  static long[] exchange(Wire wire, TriplePool pool, ArithmeticSession.Step step, int entryBits, int[] sentWidths,
      long[] tables, int[] receivedWidths, long[] choices, boolean plantedUnmasked) {
    if (tables.length != sentWidths.length || choices.length != receivedWidths.length) {
      throw new IllegalArgumentException("one table per sent OT and one choice per received OT");
    }
    long[] sentOffsets = otOffsets(sentWidths);
    long[] receivedOffsets = otOffsets(receivedWidths);
    long[] sentTableOffsets = tableOffsets(sentWidths, entryBits);
    long[] receivedTableOffsets = tableOffsets(receivedWidths, entryBits);
    int sentOts = Math.toIntExact(sentOffsets[sentWidths.length]);
    int receivedOts = Math.toIntExact(receivedOffsets[receivedWidths.length]);
    for (int t = 0; t < receivedWidths.length; t++) {
      if (choices[t] < 0 || choices[t] >>> receivedWidths[t] != 0) {
        throw new IllegalArgumentException("a choice outside its digit's 2^" + receivedWidths[t] + " entries");
      }
    }
    for (int t = 0; t < sentWidths.length; t++) {
      int bits = tableBits(sentWidths[t], entryBits);
      if (bits < 64 && tables[t] >>> bits != 0) {
        throw new IllegalArgumentException("a table wider than its 2^" + sentWidths[t] + " entries");
      }
    }
    wire.requireAlive();
    pool.requireRandomOts(sentOts, receivedOts);
    TriplePool.SentOts sent = pool.takeSentOts(sentOts);
    TriplePool.ReceivedOts received = pool.takeReceivedOts(receivedOts);

    // round 1: each choice against the random choices of its w random OTs, one bit per random OT
    long[] packed = new long[received.choices().length];
    for (int t = 0; t < receivedWidths.length; t++) {
      Bits.putField(packed, receivedOffsets[t], receivedWidths[t], choices[t]);
    }
    long[] u = Bits.xor(packed, received.choices());
    long[] peerU = null;
    if (receivedOts > 0) {
      wire.send(step, u);
    }
    if (sentOts > 0) {
      peerU = wire.receiveBits(step, 1, sentOts);
    }

    // round 2: each table masked by T[v ⊕ u]
    int sentBits = Math.toIntExact(sentTableOffsets[sentWidths.length]);
    int receivedBits = Math.toIntExact(receivedTableOffsets[receivedWidths.length]);
    if (sentBits > 0) {
      long[] message = new long[Bits.words(sentBits)];
      for (int t = 0; t < sentWidths.length; t++) {
        int width = sentWidths[t];
        int first = Math.toIntExact(sentOffsets[t]);
        long mask = senderMask(sent.message0(), sent.message1(), first, width, entryBits);
        long shift = Bits.getField(peerU, first, width);
        Bits.putField(message, sentTableOffsets[t], entryBits << width,
            plantedUnmasked ? tables[t] : tables[t] ^ permute(mask, shift, width, entryBits));
      }
      wire.send(step, message);
    }
    long[] out = new long[receivedWidths.length];
    if (receivedBits > 0) {
      long[] y = wire.receiveBits(step, 1, receivedBits);
      long entryMask = (1L << entryBits) - 1;
      for (int t = 0; t < receivedWidths.length; t++) {
        int width = receivedWidths[t];
        int first = Math.toIntExact(receivedOffsets[t]);
        long random = Bits.getField(received.choices(), first, width);
        long pad = 0;
        for (int i = 0; i < width; i++) {
          pad ^= received.chosen()[first + i] >>> (random * entryBits);
        }
        long row = Bits.getField(y, receivedTableOffsets[t], entryBits << width);
        out[t] = ((row >>> (choices[t] * entryBits)) ^ pad) & entryMask;
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

  /** Where each OT's random OTs start (n + 1 values: the last is their total). */
  private static long[] otOffsets(int[] widths) {
    long[] offsets = new long[widths.length + 1];
    for (int t = 0; t < widths.length; t++) {
      offsets[t + 1] = offsets[t] + widths[t];
    }
    return offsets;
  }

  /** Where each OT's table starts in the sender's message, in bits (n + 1 values: the last is the total). */
  private static long[] tableOffsets(int[] widths, int entryBits) {
    long[] offsets = new long[widths.length + 1];
    for (int t = 0; t < widths.length; t++) {
      offsets[t + 1] = offsets[t] + tableBits(widths[t], entryBits);
    }
    return offsets;
  }
}
