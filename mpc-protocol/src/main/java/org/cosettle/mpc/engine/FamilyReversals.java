package org.cosettle.mpc.engine;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Party;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.policy.Type;
import org.cosettle.policy.ir.Ir;

/**
 * Reversals in a family chain ({@link FamilyChain}; {@code docs/protocol.md}, "States shared by a
 * family"). Which claim reverses which is public, the family order is the insurer's: the chain
 * carries one register G[r][k] per reversal r and chained state k, holding r's target's increment
 * to k — from this party's ledger of shares for a target of an earlier batch, and for a target of
 * the batch captured at the target's step as G + [step = target]·(new − base). At every step, with
 * the insurer's 1-bit flags (a product of a shared word by its plaintext bit, as the chain's
 * plumbing):
 *
 * <ul>
 *   <li>what a reversal there takes back, Σ_r [step = r]·G[r][k], in the chain's register call
 *       ({@link #takeWords}); for a state declared {@code per policy_year}, only while the year it
 *       read is still its target's recorded year ({@link YearlyReversals#takenBack}: one
 *       equality and one selection per such state and step);
 *   <li>the state's new value computed + [step is a reversal]·(read − taken − computed), the
 *       captures, and the increment a ledger of shares records, in one call ({@link #settle}).
 * </ul>
 *
 * <p>Every step makes the same calls of the same sizes, so the platform's view does not depend on
 * where in the family order a reversal or its target lies. A bool state and a recorded policy
 * year take the value they read. The base of a claim's increment is the value it read, for a
 * per-year state the lowering's restarted read, and 0 for a year state (its increment is the year
 * its claim's increments went into, as the plaintext evaluator records it).
 */
final class FamilyReversals {
  private final ArithmeticSession session;
  private final boolean insurer;
  /** At the insurer, the file index of the claim at each family position; null at the data holder. */
  private final int[] order;
  /** The file index of each reversal, ascending. */
  private final int[] reversal;
  /** Each reversal's target's file index, or {@link BatchSlices#EARLIER}. */
  private final int[] target;
  /** At the insurer, per file index, whether the claim is a reversal. */
  private final boolean[] reverses;
  /** The chained states, by state number, in the chain's order (per-person, then family). */
  private final int[] chained;
  /** {@code registers[r * S + k]}: shares of reversal r's target's increment to chained state k. */
  private final long[] registers;
  /** Per chained state, whether a reversal takes the value it read (a bool state, a year). */
  private final boolean[] keeps;
  /** Per chained state, its position among the per-year money or int states taken on a year test, or −1. */
  private final int[] yearlyAt;
  /** Per per-year money or int chained state, the chained position of its year state. */
  private final int[] yearOf;
  private final YearlyReversals years;

  /**
   * The registers of the {@code reversal} claims (file indexes, ascending; {@code target[r]} their
   * targets, {@link BatchSlices#EARLIER} for one of an earlier batch, whose {@code earlier[r]} is
   * this party's ledger record) over the {@code chained} states; the insurer gives its {@code
   * order} (the file index at each family position), the data holder null.
   */
  FamilyReversals(ArithmeticSession session, Party me, Plan plan, int[] order, int[] chained, int[] reversal,
      int[] target, ShareLedger.Entry[] earlier, int claims) {
    this.session = session;
    this.insurer = me == Party.INSURER;
    if (insurer != (order != null)) {
      throw new IllegalArgumentException("the insurer alone gives the family order");
    }
    this.order = order;
    this.reversal = reversal.clone();
    this.target = target.clone();
    this.chained = chained.clone();
    int s = chained.length;
    registers = new long[reversal.length * s];
    for (int r = 0; r < reversal.length; r++) {
      if (target[r] == BatchSlices.EARLIER) {
        for (int k = 0; k < s; k++) {
          registers[r * s + k] = earlier[r].increments()[chained[k]];
        }
      }
    }
    reverses = insurer ? new boolean[claims] : null;
    if (insurer) {
      for (int c : reversal) {
        reverses[c] = true;
      }
    }
    List<Ir.StateUpdate> updates = plan.program().updates();
    List<Ir.Op> ops = plan.program().ops();
    int[] yearState = yearStates(updates);
    keeps = new boolean[s];
    yearlyAt = new int[s];
    List<Integer> yearPositions = new ArrayList<>();
    for (int k = 0; k < s; k++) {
      Ir.StateUpdate u = updates.get(chained[k]);
      keeps[k] = ops.get(u.op()).type() == Type.BOOL || isYear(yearState, chained[k]);
      yearlyAt[k] = -1;
      if (u.perPolicyYear() && !keeps[k]) {
        yearlyAt[k] = yearPositions.size();
        yearPositions.add(indexOf(chained, yearState[chained[k]]));
      }
    }
    yearOf = yearPositions.stream().mapToInt(Integer::intValue).toArray();
    years = yearOf.length == 0 ? null : YearlyReversals.of(plan);
    if (yearOf.length > 0 && (years == null || java.util.Arrays.stream(yearOf).anyMatch(k -> k < 0))) {
      throw new IllegalStateException("a per-year state in the family chain without its year on the chain");
    }
  }

  /**
   * Per state, the state holding the year it belongs to (−1: not per policy_year): the person's (the
   * last state), or for a state shared by a family the family's, the last state shared by the same
   * id field (as the plaintext evaluator finds them).
   */
  static int[] yearStates(List<Ir.StateUpdate> updates) {
    int[] of = new int[updates.size()];
    for (Ir.StateUpdate u : updates) {
      of[u.stateIndex()] = -1;
      if (u.perPolicyYear()) {
        of[u.stateIndex()] = updates.size() - 1;
        for (Ir.StateUpdate v : updates) {
          if (u.shared() && v.sharedBy() == u.sharedBy()) {
            of[u.stateIndex()] = Math.max(u.stateIndex(), v.stateIndex());
          }
        }
      }
    }
    return of;
  }

  /**
   * Whether state {@code s} holds a policy year ({@code yearState}: {@link #yearStates}): the
   * person's, the last state of a policy with per-year states, or a family's.
   */
  static boolean holdsYear(int[] yearState, int s) {
    return isYear(yearState, s);
  }

  private static boolean isYear(int[] yearState, int s) {
    boolean yearly = false;
    for (int y : yearState) {
      yearly |= y >= 0;
    }
    if (yearly && s == yearState.length - 1) {
      return true;
    }
    for (int y : yearState) {
      if (y == s) {
        return true;
      }
    }
    return false;
  }

  private static int indexOf(int[] values, int v) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == v) {
        return i;
      }
    }
    return -1;
  }

  /** The words to multiply by the insurer's bits in the step's register call: every register. */
  long[] takeWords() {
    return registers.clone();
  }

  /** At the insurer, each register's bit at family position {@code i}: whether reversal r's claim is there. */
  long[] takeBits(int i) {
    if (!insurer) {
      return null;
    }
    int s = chained.length;
    long[] bits = new long[registers.length];
    for (int r = 0; r < reversal.length; r++) {
      if (order[i] == reversal[r]) {
        java.util.Arrays.fill(bits, r * s, (r + 1) * s, 1);
      }
    }
    return bits;
  }

  /**
   * Per chained state, the value a reversal at this step sets ({@code products}: the register call's
   * products of {@link #takeWords}; {@code read}: the values the step read): read − taken, the
   * per-year states' taken only while the year read is the target's; read for a bool state or a
   * year. Both parties call it at every step (one equality and one selection call when the chain
   * holds per-year money or int states).
   */
  long[] reversedValues(long[] products, long[] read) {
    int s = chained.length;
    long[] taken = new long[s];
    for (int r = 0; r < reversal.length; r++) {
      for (int k = 0; k < s; k++) {
        taken[k] += products[r * s + k];
      }
    }
    long[] yearly = null;
    if (years != null) {
      int m = yearOf.length;
      long[] now = new long[m];
      long[] then = new long[m];
      long[] increments = new long[m];
      for (int k = 0; k < s; k++) {
        if (yearlyAt[k] >= 0) {
          now[yearlyAt[k]] = read[yearOf[yearlyAt[k]]];
          then[yearlyAt[k]] = taken[yearOf[yearlyAt[k]]];
          increments[yearlyAt[k]] = taken[k];
        }
      }
      yearly = years.takenBack(session, now, then, new long[][] {increments})[0];
    }
    long[] values = new long[s];
    for (int k = 0; k < s; k++) {
      values[k] = keeps[k] ? read[k] : read[k] - (yearlyAt[k] >= 0 ? yearly[yearlyAt[k]] : taken[k]);
    }
    return values;
  }

  /**
   * The step's new values and increments, {@code {new, increment}} per chained state, in one call of
   * products with the insurer's bits at family position {@code i}: new = computed + [reversal]·
   * (reversed − computed); each register of a reversal whose target is here captures computed −
   * base; a per-year state's increment at a reversal counts from the value read, not the restarted
   * one (new − read, what it took back).
   */
  long[][] settle(int i, long[] read, long[] base, long[] computed, long[] reversed) {
    int s = chained.length;
    int m = yearOf.length;
    long[] x = new long[s + registers.length + m];
    long[] bits = insurer ? new long[x.length] : null;
    boolean isReversal = insurer && reverses[order[i]];
    for (int k = 0; k < s; k++) {
      x[k] = reversed[k] - computed[k];
      if (yearlyAt[k] >= 0) {
        x[s + registers.length + yearlyAt[k]] = base[k] - read[k];
      }
    }
    for (int r = 0; r < reversal.length; r++) {
      for (int k = 0; k < s; k++) {
        x[s + r * s + k] = computed[k] - base[k];
      }
    }
    if (insurer) {
      for (int k = 0; k < s; k++) {
        bits[k] = isReversal ? 1 : 0;
      }
      for (int r = 0; r < reversal.length; r++) {
        if (target[r] == order[i]) {
          java.util.Arrays.fill(bits, s + r * s, s + (r + 1) * s, 1);
        }
      }
      java.util.Arrays.fill(bits, s + registers.length, x.length, isReversal ? 1 : 0);
    }
    long[] y = session.multiplyPlaintext(x, bits, ShareHolders.of(Party.INSURER), 0, 1);
    long[] values = new long[s];
    long[] increments = new long[s];
    for (int k = 0; k < s; k++) {
      values[k] = computed[k] + y[k];
      increments[k] = values[k] - base[k] + (yearlyAt[k] >= 0 ? y[s + registers.length + yearlyAt[k]] : 0);
    }
    for (int j = 0; j < registers.length; j++) {
      registers[j] += y[s + j];
    }
    return new long[][] {values, increments};
  }

  /**
   * Adds to {@code need} (in the order of {@link SecureCosts#requirement}) what {@code reversals}
   * reversals take in a chain of {@code claims} steps over {@code plan}'s chained states S: per step
   * 2RS + S + Y random OTs for the registers, the new values and the per-year increments (Y per-year
   * money or int states), and Y equalities of two years and Y selections.
   */
  static void addCosts(Plan plan, long[] need, int claims, int reversals) {
    if (reversals == 0 || claims == 0) {
      return;
    }
    List<Ir.StateUpdate> updates = plan.program().updates();
    int[] yearState = yearStates(updates);
    long s = FamilyChain.personStates(plan).size() + FamilyChain.familyStates(plan).size();
    long yearly = 0;
    for (int st : FamilyChain.personStates(plan)) {
      yearly += yearly(plan, yearState, st) ? 1 : 0;
    }
    for (int st : FamilyChain.familyStates(plan)) {
      yearly += yearly(plan, yearState, st) ? 1 : 0;
    }
    need[3] += (long) claims * (2L * reversals * s + s + yearly);
    if (yearly > 0) {
      YearlyReversals years = YearlyReversals.of(plan);
      SecureCosts.comparison(need, claims * yearly, true, years.width(), false);
      need[3] += claims * yearly;
      need[4] += claims * yearly;
    }
  }

  private static boolean yearly(Plan plan, int[] yearState, int s) {
    Ir.StateUpdate u = plan.program().updates().get(s);
    return u.perPolicyYear() && plan.program().ops().get(u.op()).type() != Type.BOOL && !isYear(yearState, s);
  }
}
