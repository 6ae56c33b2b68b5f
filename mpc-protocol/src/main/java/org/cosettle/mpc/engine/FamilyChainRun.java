package org.cosettle.mpc.engine;

import org.cosettle.core.Party;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.arith.BenesNetwork;

/**
 * One party's run of the chain's plumbing over {@code n} claims: the permutations and, step by
 * step, the states' registers. The insurer gives its {@code schedule}, the data holder null.
 */
final class FamilyChainRun {
  private final ArithmeticSession session;
  private final boolean insurer;
  private final FamilyChain.Schedule schedule;
  private final int n;
  private final BenesNetwork network;
  private final boolean[][] bits;
  private final int persons;
  private final int families;
  /** {@code slots[k * MEMBER_SLOTS + b]}: per-person state k in slot b, before the previous step's write. */
  private final long[] slots;
  /** The previous step's new value − value read, per per-person state. */
  private final long[] difference;
  /** The previous step's new value of each family state. */
  private final long[] family;
  private int previousSlot;
  /** The products of the last step's extra words. */
  private long[] extra = new long[0];

  FamilyChainRun(ArithmeticSession session, Party me, FamilyChain.Schedule schedule, int n, int persons, int families) {
    this.session = session;
    this.insurer = me == Party.INSURER;
    if (insurer != (schedule != null)) {
      throw new IllegalArgumentException("the insurer alone gives the chain's schedule");
    }
    this.schedule = schedule;
    this.n = n;
    this.network = n == 0 ? null : BenesNetwork.of(BenesNetwork.paddedSize(n));
    this.bits = insurer && n > 0 ? network.route(schedule.destination()) : null;
    this.persons = persons;
    this.families = families;
    slots = new long[persons * FamilyChain.MEMBER_SLOTS];
    difference = new long[persons];
    family = new long[families];
  }

  /** The file-order {@code columns} (n shares each) in family order: one network for all of them. */
  long[][] toFamilyOrder(long[][] columns) {
    return permute(columns, false);
  }

  /** The family-order {@code columns} back in file order. */
  long[][] toFileOrder(long[][] columns) {
    return permute(columns, true);
  }

  private long[][] permute(long[][] columns, boolean inverse) {
    int words = columns.length;
    if (words == 0 || n == 0) {
      return columns;
    }
    long[] packed = new long[network.size() * words];
    for (int k = 0; k < words; k++) {
      for (int i = 0; i < n; i++) {
        packed[i * words + k] = columns[k][i];
      }
    }
    long[] moved = network.apply(session, packed, words, bits, ShareHolders.of(Party.INSURER), inverse);
    long[][] out = new long[words][n];
    for (int k = 0; k < words; k++) {
      for (int i = 0; i < n; i++) {
        out[k][i] = moved[i * words + k];
      }
    }
    return out;
  }

  /**
   * The values of the chained states before the claim at family position {@code i}: per
   * per-person state then per family state, one share each. Writes the previous step's new values
   * into their slots and resets the registers at a family's start, in the same call.
   */
  long[] before(int i) {
    return before(i, new long[0], insurer ? new long[0] : null);
  }

  /**
   * As {@link #before(int)}, with {@code extraWords} multiplied by the insurer's {@code extraBits}
   * (null at the data holder) in the same call; their products are then {@link #extraProducts}.
   */
  long[] before(int i, long[] extraWords, long[] extraBits) {
    int slotsCount = persons * FamilyChain.MEMBER_SLOTS;
    int own = 2 * slotsCount + slotsCount + persons + families;
    int count = own + extraWords.length;
    long[] x = new long[count];
    long[] factors = insurer ? new long[count] : null;
    System.arraycopy(extraWords, 0, x, own, extraWords.length);
    if (insurer) {
      System.arraycopy(extraBits, 0, factors, own, extraBits.length);
    }
    boolean start = insurer && schedule.start()[i];
    int slot = insurer ? schedule.slot()[i] : 0;
    long keep = start ? 0 : 1;
    int at = 0;
    for (int k = 0; k < persons; k++) {
      for (int b = 0; b < FamilyChain.MEMBER_SLOTS; b++) {
        int s = k * FamilyChain.MEMBER_SLOTS + b;
        // the slot kept, the previous write into it, and the slot read
        x[at] = slots[s];
        x[slotsCount + at] = difference[k];
        x[2 * slotsCount + at] = slots[s];
        if (insurer) {
          factors[at] = keep;
          factors[slotsCount + at] = keep * (b == previousSlot ? 1 : 0);
          factors[2 * slotsCount + at] = keep * (b == slot ? 1 : 0);
        }
        at++;
      }
    }
    for (int k = 0; k < persons; k++) {
      x[3 * slotsCount + k] = difference[k];
      if (insurer) {
        factors[3 * slotsCount + k] = keep * (slot == previousSlot ? 1 : 0);
      }
    }
    for (int k = 0; k < families; k++) {
      x[3 * slotsCount + persons + k] = family[k];
      if (insurer) {
        factors[3 * slotsCount + persons + k] = keep;
      }
    }
    long[] y = session.multiplyPlaintext(x, factors, ShareHolders.of(Party.INSURER), 0, 1);
    extra = java.util.Arrays.copyOfRange(y, own, count);
    long[] values = new long[persons + families];
    for (int k = 0; k < persons; k++) {
      long read = y[3 * slotsCount + k];
      for (int b = 0; b < FamilyChain.MEMBER_SLOTS; b++) {
        int s = k * FamilyChain.MEMBER_SLOTS + b;
        slots[s] = y[s] + y[slotsCount + s] + (start ? schedule.personInit()[i][k][b] : 0);
        read += y[2 * slotsCount + s];
      }
      values[k] = read + (start ? schedule.personInit()[i][k][slot] : 0);
    }
    for (int k = 0; k < families; k++) {
      values[persons + k] = y[3 * slotsCount + persons + k] + (start ? schedule.familyInit()[i][k] : 0);
    }
    previousSlot = slot;
    return values;
  }

  /** The products of the extra words of the last {@link #before(int, long[], long[])}. */
  long[] extraProducts() {
    return extra;
  }

  /** The claim's new values of the chained states ({@code updates}), against the values it read ({@code read}). */
  void after(long[] read, long[] updates) {
    for (int k = 0; k < persons; k++) {
      difference[k] = updates[k] - read[k];
    }
    System.arraycopy(updates, persons, family, 0, families);
  }

  /**
   * Per claim in family order, the sum of {@code values} over its family's claims up to it (its
   * own included): a segmented Hillis–Steele sum, each round d = 1, 2, 4, … one 1-bit product per
   * claim at d or more, with the insurer's bit "the claim d before is of the same family".
   */
  long[] familySums(long[] values) {
    long[] h = values.clone();
    int[] familyStart = insurer ? familyFirst() : null;
    for (int d = 1; d < n; d <<= 1) {
      int m = n - d;
      long[] earlier = new long[m];
      long[] factors = insurer ? new long[m] : null;
      for (int i = 0; i < m; i++) {
        earlier[i] = h[i];
        if (insurer) {
          factors[i] = i >= familyStart[i + d] ? 1 : 0;
        }
      }
      long[] moved = session.multiplyPlaintext(earlier, factors, ShareHolders.of(Party.INSURER), 0, 1);
      for (int i = 0; i < m; i++) {
        h[i + d] += moved[i];
      }
    }
    return h;
  }

  /** At the insurer: per claim in family order, the position of its family's first claim. */
  int[] familyFirst() {
    int[] first = new int[n];
    for (int i = 0; i < n; i++) {
      first[i] = schedule.start()[i] || i == 0 ? i : first[i - 1];
    }
    return first;
  }

  /**
   * Per claim in family order, the value of {@code values} at its family's last claim: a
   * segmented copy backwards, each round one 1-bit product per claim that still waits (the
   * insurer's bit: the family's last value has not reached it).
   */
  long[] familyLast(long[] values) {
    long[] h = values.clone();
    boolean[] done = insurer ? schedule.last().clone() : null;
    for (int d = 1; d < n; d <<= 1) {
      int m = n - d;
      long[] diff = new long[m];
      long[] factors = insurer ? new long[m] : null;
      for (int i = 0; i < m; i++) {
        diff[i] = h[i + d] - h[i];
        if (insurer) {
          factors[i] = done[i] ? 0 : 1;
        }
      }
      long[] moved = session.multiplyPlaintext(diff, factors, ShareHolders.of(Party.INSURER), 0, 1);
      for (int i = 0; i < m; i++) {
        h[i] += moved[i];
      }
      if (insurer) {
        for (int i = 0; i < m; i++) {
          done[i] |= done[i + d];
        }
      }
    }
    return h;
  }
}
