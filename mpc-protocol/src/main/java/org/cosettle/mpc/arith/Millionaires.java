package org.cosettle.mpc.arith;

import org.cosettle.crypto.random.Prg;
import org.cosettle.crypto.sharing.Party;

/**
 * The millionaires' protocol of CrypTFlow2 (Rathee, Rathee, Kumar, Chandran, Gupta, Rastogi and
 * Sharma, "CrypTFlow2: Practical 2-Party Secure Inference", CCS 2020, §3.1) on the parties' own
 * plaintexts: P0 holds a, P1 holds b (k ≤ 64 bits each), and the parties get XOR shares of the carry
 * [a + b ≥ 2<sup>k</sup>] (the comparisons of {@link ArithmeticSession} and the wrap bit of its
 * exact division) or of [a = b] (its equality test).
 *
 * <p>Both values are cut into digits of m bits, lowest first (the top digit may be shorter). For
 * digit j the party that sends it (P0 for even j, P1 for odd j, so that both make and use the same
 * number of random OTs) offers, in a 1-out-of-2<sup>w</sup> OT of {@link DigitOts}, the entry for
 * every possible digit v of the peer: for the carry, the generate bit [s + v ≥ 2<sup>w</sup>] and the
 * propagate bit [s + v = 2<sup>w</sup> − 1] of its own digit s (the paper's lt<sub>j</sub> and
 * eq<sub>j</sub> for s against 2<sup>w</sup> − 1 − v), for equality [s = v], each XORed with a
 * fresh random share that it keeps; the peer chooses with its digit and keeps the entry as its share.
 * The digits' bits are then combined in a log-depth tree of AND gates: the carry by
 * {@link BooleanCircuits#carryTree} (gen = gen<sub>hi</sub> ⊕ prop<sub>hi</sub>·gen<sub>lo</sub>,
 * prop = prop<sub>hi</sub>·prop<sub>lo</sub>), equality by {@link BooleanCircuits#andAll}.
 *
 * <p>Cost per value for k bits in q = ⌈k / m⌉ digits: k random OTs for the digits (about half made
 * by each party), then one random OT each way per gate or pair of gates of the tree ({@link
 * OtAndGates}): ⌈log<sub>2</sub> q⌉ single gates and {@link BooleanCircuits#pairedGatesForCarryTree}(q)
 * pairs for the carry, q − 1 gates for equality. Online each digit's receiver sends w bits and its
 * sender 2<sup>w</sup>·ℓ bits, each gate 2 bits and each pair 3 bits each way; 2 + ⌈log<sub>2</sub>
 * q⌉ rounds. Against the bitwise carry circuit it replaces (k AND gates on the plaintext bits, then a
 * tree over k groups: about 3k AND triples, two random OTs each) the offline phase makes about a
 * quarter of the random OTs: 67 instead of 258 at k = 45.
 */
final class Millionaires {
  /**
   * Digit bits of the carry, chosen by measurement: at m = 5 (2<sup>5</sup> two-bit entries still
   * fill one 64-bit random OT message) city-inclusive takes 6% fewer random OTs and 4 fewer rounds
   * but 22% more online bytes, the tables doubling for digits a quarter wider.
   */
  static final int CARRY_DIGIT_BITS = 4;
  /** Digit bits of equality: 2<sup>6</sup> one-bit entries fill one 64-bit random OT message. */
  static final int EQUALITY_DIGIT_BITS = 6;
  /** A carry entry: bit 0 the generate bit, bit 1 the propagate bit. */
  private static final int CARRY_ENTRY_BITS = 2;
  /** An entry of a carry pair's table: the first carry's entry in bits 0–1, the second's in bits 2–3. */
  private static final int PAIR_ENTRY_BITS = 4;
  private static final long GENERATE_BITS = 0x5555555555555555L;

  private final Party party;
  private final Prg prg;
  private final TriplePool pool;
  private final Wire wire;
  private boolean plantedUnmaskedTables;

  Millionaires(Party party, Prg prg, TriplePool pool, Wire wire) {
    this.party = party;
    this.prg = prg;
    this.pool = pool;
    this.wire = wire;
  }

  /** Planted bug for the view test's positive control: tables sent without their OT masks. */
  void plantUnmaskedTables() {
    plantedUnmaskedTables = true;
  }

  /**
   * A share of [a + b ≥ 2<sup>bits</sup>] for each value, where a is P0's and b is P1's low
   * {@code bits} bits of {@code own} (this party's plaintexts), {@code bits} in [1, 64].
   */
  long[] carry(long[] own, int bits) {
    long[][] leaves = leaves(own, bits, CARRY_DIGIT_BITS, CARRY_ENTRY_BITS);
    int digits = leaves.length / 2;
    long[][] generate = new long[digits][];
    long[][] propagate = new long[digits][];
    for (int j = 0; j < digits; j++) {
      generate[j] = leaves[2 * j];
      propagate[j] = leaves[2 * j + 1];
    }
    return BooleanCircuits.carryTree(generate, propagate, new OtAndGates(party, pool, wire, own.length));
  }

  /**
   * Shares of [a + b ≥ 2<sup>bits</sup>] and [a' + b ≥ 2<sup>bits</sup>] for each value, P0 holding
   * two plaintexts a ({@code own}) and a' ({@code second}), P1 one, b ({@code own}; {@code second}
   * null), on their low {@code bits} bits (in [1, 64]): the first n bits of the result are the first
   * carry of every value, the next n the second. P0 sends every digit's OT, each a table of
   * 4-bit entries holding both carries' (generate, propagate) pairs for P1's digit, so the two
   * carries share the digit OTs that P1's one value needs: {@link #randomOtsForCarryPair}, against
   * twice {@link #randomOtsForCarry}; the two trees run as one batch of 2n values.
   */
  long[] carryPair(long[] own, long[] second, int bits) {
    requireBits(bits);
    int n = own.length;
    boolean sender = party == Party.P0;
    if (sender && (second == null || second.length != n)) {
      throw new IllegalArgumentException("P0 gives two values per carry pair");
    }
    int digits = digits(bits, CARRY_DIGIT_BITS);
    int[] widths = new int[digits];
    for (int j = 0; j < digits; j++) {
      widths[j] = width(bits, CARRY_DIGIT_BITS, j);
    }
    int[] none = new int[0];
    long[] tables = new long[sender ? Math.multiplyExact(n, digits) : 0];
    long[] choices = new long[sender ? 0 : Math.multiplyExact(n, digits)];
    long[] shares = sender ? prg.nextLongs(tables.length) : new long[0];
    for (int j = 0; j < digits; j++) {
      long digitMask = (1L << widths[j]) - 1;
      int shift = j * CARRY_DIGIT_BITS;
      int at = j * n;
      if (sender) {
        long repeat = DigitOts.repeat(PAIR_ENTRY_BITS, DigitOts.tableBits(widths[j], PAIR_ENTRY_BITS));
        for (int i = 0; i < n; i++) {
          long entries = pairEntries(carryEntries((own[i] >>> shift) & digitMask, widths[j]),
              carryEntries((second[i] >>> shift) & digitMask, widths[j]), widths[j]);
          shares[at + i] &= (1L << PAIR_ENTRY_BITS) - 1;
          tables[at + i] = entries ^ shares[at + i] * repeat;
        }
      } else {
        for (int i = 0; i < n; i++) {
          choices[at + i] = (own[i] >>> shift) & digitMask;
        }
      }
    }
    long[] chosen = DigitOts.exchange(wire, pool, ArithmeticSession.Step.DIGIT_OT, PAIR_ENTRY_BITS, n,
        sender ? widths : none, tables, sender ? none : widths, choices, plantedUnmaskedTables);
    long[] entries = sender ? shares : chosen;
    long[][] generate = new long[digits][];
    long[][] propagate = new long[digits][];
    for (int j = 0; j < digits; j++) {
      generate[j] = concatenate(Bits.plane(entries, j * n, n, 0), Bits.plane(entries, j * n, n, 2), n);
      propagate[j] = concatenate(Bits.plane(entries, j * n, n, 1), Bits.plane(entries, j * n, n, 3), n);
    }
    return BooleanCircuits.carryTree(generate, propagate, new OtAndGates(party, pool, wire, 2 * n));
  }

  /** Two carry tables of 2-bit entries as one of 4-bit entries: entry v = first's v | second's v << 2. */
  private static long pairEntries(long first, long second, int width) {
    long out = 0;
    for (int v = 0; v < 1 << width; v++) {
      out |= ((first >>> (CARRY_ENTRY_BITS * v)) & 3) << (PAIR_ENTRY_BITS * v)
          | ((second >>> (CARRY_ENTRY_BITS * v)) & 3) << (PAIR_ENTRY_BITS * v + CARRY_ENTRY_BITS);
    }
    return out;
  }

  /** The n bits of {@code first} followed by the n bits of {@code second}, packed. */
  private static long[] concatenate(long[] first, long[] second, int n) {
    long[] out = new long[Bits.words(2 * n)];
    Bits.copyBits(first, 0, out, 0, n);
    Bits.copyBits(second, 0, out, n, n);
    return out;
  }

  /** A share of [a = b] on the low {@code bits} bits (in [1, 64]) of P0's a and P1's b. */
  long[] equal(long[] own, int bits) {
    return BooleanCircuits.andAll(leaves(own, bits, EQUALITY_DIGIT_BITS, 1), new OtAndGates(party, pool, wire, own.length));
  }

  /**
   * Random OTs per value that {@code sender} sends in {@link #carry} on {@code bits} bits: its digits'
   * and one per gate or pair of gates of the tree.
   */
  static int randomOtsForCarry(int bits, Party sender) {
    int digits = digits(bits, CARRY_DIGIT_BITS);
    return digitOts(bits, CARRY_DIGIT_BITS, sender) + BooleanCircuits.singleGatesForCarryTree(digits)
        + BooleanCircuits.pairedGatesForCarryTree(digits);
  }

  /**
   * Random OTs per value that {@code sender} sends in {@link #carryPair} on {@code bits} bits: P0
   * every digit's, and each party one per gate or pair of gates of two trees.
   */
  static int randomOtsForCarryPair(int bits, Party sender) {
    int digits = digits(bits, CARRY_DIGIT_BITS);
    return (sender == Party.P0 ? bits : 0)
        + 2 * (BooleanCircuits.singleGatesForCarryTree(digits) + BooleanCircuits.pairedGatesForCarryTree(digits));
  }

  /** Random OTs per value that {@code sender} sends in {@link #equal} on {@code bits} bits. */
  static int randomOtsForEqual(int bits, Party sender) {
    return digitOts(bits, EQUALITY_DIGIT_BITS, sender) + digits(bits, EQUALITY_DIGIT_BITS) - 1;
  }

  /** Rounds of {@link #carry} on {@code bits} bits. */
  static int roundsForCarry(int bits) {
    return 2 + BooleanCircuits.ceilLog2(digits(bits, CARRY_DIGIT_BITS));
  }

  /** Rounds of {@link #equal} on {@code bits} bits. */
  static int roundsForEqual(int bits) {
    return 2 + BooleanCircuits.ceilLog2(digits(bits, EQUALITY_DIGIT_BITS));
  }

  /**
   * The digit OTs of one batch: for each digit j, {@code entryBits} planes of this party's shares
   * of the entry bits (planes[entryBits·j + e] holds bit e of digit j's entry for every value).
   */
  private long[][] leaves(long[] own, int bits, int digitBits, int entryBits) {
    requireBits(bits);
    int n = own.length;
    int digits = digits(bits, digitBits);
    int[] sentWidths = new int[(digits + (party == Party.P0 ? 1 : 0)) / 2];
    int[] receivedWidths = new int[digits - sentWidths.length];
    for (int j = 0; j < digits; j++) {
      if (senderOf(j) == party) {
        sentWidths[j / 2] = width(bits, digitBits, j);
      } else {
        receivedWidths[j / 2] = width(bits, digitBits, j);
      }
    }
    long[] tables = new long[Math.multiplyExact(n, sentWidths.length)];
    long[] choices = new long[Math.multiplyExact(n, receivedWidths.length)];
    long[] shares = prg.nextLongs(tables.length);
    long shareMask = (1L << entryBits) - 1;
    for (int j = 0; j < digits; j++) {
      int width = width(bits, digitBits, j);
      long digitMask = (1L << width) - 1;
      int shift = j * digitBits;
      int at = j / 2 * n;
      if (senderOf(j) == party) {
        long repeat = DigitOts.repeat(entryBits, DigitOts.tableBits(width, entryBits));
        for (int i = 0; i < n; i++) {
          long digit = (own[i] >>> shift) & digitMask;
          long entries = entryBits == 1 ? 1L << digit : carryEntries(digit, width);
          shares[at + i] &= shareMask;
          tables[at + i] = entries ^ shares[at + i] * repeat;
        }
      } else {
        for (int i = 0; i < n; i++) {
          choices[at + i] = (own[i] >>> shift) & digitMask;
        }
      }
    }
    long[] chosen = DigitOts.exchange(wire, pool, ArithmeticSession.Step.DIGIT_OT, entryBits, n, sentWidths, tables,
        receivedWidths, choices, plantedUnmaskedTables);
    long[][] planes = new long[digits * entryBits][];
    for (int j = 0; j < digits; j++) {
      long[] entries = senderOf(j) == party ? shares : chosen;
      for (int e = 0; e < entryBits; e++) {
        planes[j * entryBits + e] = Bits.plane(entries, j / 2 * n, n, e);
      }
    }
    return planes;
  }

  /** The carry table of a digit s of {@code width} bits: entry v = [s + v ≥ 2^w] | [s + v = 2^w − 1] << 1. */
  static long carryEntries(long s, int width) {
    int threshold = (1 << width) - (int) s; // v ≥ threshold generates; v = threshold − 1 propagates
    long generate = threshold * CARRY_ENTRY_BITS >= 64 ? 0 : GENERATE_BITS & (-1L << (threshold * CARRY_ENTRY_BITS));
    long table = generate | 1L << ((threshold - 1) * CARRY_ENTRY_BITS + 1);
    int tableBits = CARRY_ENTRY_BITS << width;
    return tableBits == 64 ? table : table & ((1L << tableBits) - 1);
  }

  /** P0 sends the even digits, P1 the odd ones. */
  private static Party senderOf(int digit) {
    return digit % 2 == 0 ? Party.P0 : Party.P1;
  }

  private static int digits(int bits, int digitBits) {
    return (requireBits(bits) + digitBits - 1) / digitBits;
  }

  private static int width(int bits, int digitBits, int digit) {
    return Math.min(digitBits, bits - digit * digitBits);
  }

  private static int digitOts(int bits, int digitBits, Party sender) {
    int ots = 0;
    for (int j = 0; j < digits(bits, digitBits); j++) {
      ots += senderOf(j) == sender ? width(bits, digitBits, j) : 0;
    }
    return ots;
  }

  private static int requireBits(int bits) {
    if (bits < 1 || bits > 64) {
      throw new IllegalArgumentException("the millionaires' protocol compares 1 to 64 bits: " + bits);
    }
    return bits;
  }
}
