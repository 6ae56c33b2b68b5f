package org.cosettle.mpc.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.policy.Type;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir;

/**
 * Reversals under states declared {@code per policy_year}, on shares ({@code docs/protocol.md},
 * "Reversals"): as plaintext mode settles them, a per-year state's increment counts from the value
 * the claim read (0 when it started a new year), a reversal takes its target's increment back only
 * while the person's recorded year is still the year that increment went into, and the recorded
 * year never moves. The year a claim's increments went into (the recorded year after it) is kept
 * on shares per claim; a reversal's step on a per-year state is {@code select(Y_now = y_target,
 * inc_target, 0)}: one equality on shares per reversal, one selection per per-year state.
 *
 * <pre>{@code
 * YearlyReversals years = YearlyReversals.of(plan);       // null: no per-year state on shares
 * long[][] taken = years.takenBack(session, yearNow, yearTarget, targetIncrements);
 * }</pre>
 */
final class YearlyReversals {
  /** The state holding the recorded policy year (the last state). */
  private final int yearState;
  /** Per state, the op reading it restarted, {@code select(restart, 0, state)}; −1 for none. */
  private final int[] readOps;
  /** The per-year money and int states updated on shares, in state order. */
  private final int[] yearly;
  /** The width of the equality of two recorded years (both within the int state bound). */
  private final int width;

  private YearlyReversals(int yearState, int[] readOps, int[] yearly, int width) {
    this.yearState = yearState;
    this.readOps = readOps;
    this.yearly = yearly;
    this.width = width;
  }

  /** The policy years of {@code plan}'s states on shares; null when no per-year state is updated on shares. */
  static YearlyReversals of(Plan plan) {
    List<Ir.StateUpdate> updates = plan.program().updates();
    if (updates.stream().noneMatch(Ir.StateUpdate::perPolicyYear)) {
      return null;
    }
    int yearState = updates.size() - 1;
    if (!plan.stateShared(yearState)) {
      return null;
    }
    List<Op> ops = plan.program().ops();
    int[] readOps = new int[updates.size()];
    Arrays.fill(readOps, -1);
    for (Op op : ops) {
      // the lowering's read of a per-year state (one op per state: ops are emitted once)
      if (op.code() == Ir.Opcode.SELECT && ops.get(op.b()).code() == Ir.Opcode.CONST && ops.get(op.b()).imm() == 0
          && ops.get(op.c()).code() == Ir.Opcode.STATE) {
        int s = (int) ops.get(op.c()).imm();
        if (updates.get(s).perPolicyYear()) {
          readOps[s] = op.id();
        }
      }
    }
    List<Integer> yearly = new ArrayList<>();
    for (Ir.StateUpdate u : updates) {
      if (counted(plan, u)) {
        yearly.add(u.stateIndex());
      }
    }
    long[] bound = Type.INT.inputBound();
    return new YearlyReversals(yearState, readOps, yearly.stream().mapToInt(Integer::intValue).toArray(),
        SecureEvaluator.span(bound[0], bound[1], bound[0], bound[1]));
  }

  /**
   * Under a family chain, the policy years of the per-year states that run in the layers before
   * it ({@link Plan#layeredStates}); null when there are none.
   */
  static YearlyReversals layered(Plan plan) {
    YearlyReversals all = of(plan);
    if (all == null) {
      return null;
    }
    boolean[] layered = plan.layeredStates();
    int[] yearly = Arrays.stream(all.yearly).filter(s -> layered[s]).toArray();
    return yearly.length == 0 ? null : new YearlyReversals(all.yearState, all.readOps, yearly, all.width);
  }

  /** Whether {@code u} is a per-year money or int state updated on shares: one a reversal takes back on a year's test. */
  private static boolean counted(Plan plan, Ir.StateUpdate u) {
    return u.perPolicyYear() && u.op() >= 0 && plan.stateShared(u.stateIndex())
        && plan.program().ops().get(u.op()).type() != Type.BOOL;
  }

  /**
   * Why a reversal under {@code plan}'s per-year states cannot be settled on shares, or null: a
   * per-year money or int state updated off shares or without its restarted read (one party alone
   * cannot tell a restart, which compares the two parties' dates). The planner keeps every such
   * state on shares, so this guards a plan that would not.
   */
  static String unsupported(Plan plan) {
    YearlyReversals years = of(plan);
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.perPolicyYear() && !u.byItemCode() && u.op() >= 0 && plan.program().ops().get(u.op()).type() != Type.BOOL
          && (years == null || !plan.stateShared(u.stateIndex()) || years.readOps[u.stateIndex()] < 0)) {
        return "state " + u.name() + " is kept per policy_year but not on shares with its restart";
      }
    }
    return null;
  }

  /** The width of the equality of two years. */
  int width() {
    return width;
  }

  /** Whether state {@code s} holds the recorded policy year. */
  boolean isYearState(int s) {
    return s == yearState;
  }

  int yearState() {
    return yearState;
  }

  /** The op whose value is what per-year state {@code s} reads (0 after a restart); −1 for another state. */
  int readOp(int s) {
    return readOps[s];
  }

  /**
   * What reversals take back of each per-year state, on shares: {@code targetIncrements[k][i]}
   * (k by {@link #yearly} state order, i by reversal) where the person's recorded year {@code
   * yearNow[i]} is still {@code yearTarget[i]}, the year the target's increments went into, and 0
   * once that year has closed. One equality per reversal, then one selection of all states at once.
   */
  long[][] takenBack(ArithmeticSession session, long[] yearNow, long[] yearTarget, long[][] targetIncrements) {
    int m = yearNow.length;
    long[] sameYear = session.equal(yearNow, yearTarget, width);
    int k = targetIncrements.length;
    long[] bits = new long[(k * m + 63) / 64];
    long[] increments = new long[k * m];
    for (int s = 0; s < k; s++) {
      for (int i = 0; i < m; i++) {
        int at = s * m + i;
        bits[at >>> 6] |= ((sameYear[i >>> 6] >>> i) & 1) << at;
        increments[at] = targetIncrements[s][i];
      }
    }
    long[] taken = session.select(bits, increments, new long[k * m]);
    long[][] out = new long[k][];
    for (int s = 0; s < k; s++) {
      out[s] = Arrays.copyOfRange(taken, s * m, (s + 1) * m);
    }
    return out;
  }

  /** The per-year money and int states updated on shares, in state order ({@link #takenBack}'s rows). */
  int[] yearlyStates() {
    return yearly.clone();
  }

  /**
   * Adds to {@code need} (in the order of {@link SecureCosts#requirement}) what {@code reversals}
   * reversals take under {@code plan}'s per-year states: per reversal, one equality of two years
   * (its XOR shares select directly, no conversion) and one selection (a random OT each way) per
   * per-year money or int state updated on shares.
   */
  static void addCosts(Plan plan, long[] need, long reversals) {
    // a family chain tests the years of its states at every step (FamilyReversals#addCosts), the
    // layers before it those of theirs; a state per item code tests its own year
    YearlyReversals years = FamilyChain.applies(plan) ? layered(plan) : of(plan);
    if (years == null || reversals == 0 || years.yearly.length == 0) {
      return;
    }
    SecureCosts.comparison(need, reversals, true, years.width, false);
    need[3] += reversals * years.yearly.length;
    need[4] += reversals * years.yearly.length;
  }
}
