package org.cosettle.mpc.engine;

import java.util.List;
import java.util.Map;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir;

/**
 * The money bound (spec §3) on the states kept on shares: the new values are collected as a slice
 * of the batch runs and compared with its type's state bound ({@link Ir#stateBound}) once at the slice's end, the
 * violations summed on shares over the slices, and only whether any left it is opened.
 */
final class StateBoundCheck {
  private final ArithmeticSession session;
  /** This party's share of how many state values left the money bound on shares. */
  private long boundViolations;

  StateBoundCheck(ArithmeticSession session) {
    this.session = session;
  }

  /**
   * Keeps a layer's new state values for the bound check ({@link #compare}), which runs once for
   * the slice: values after a violation may be wrong, but the batch is then refused before
   * anything is opened, so deferring costs nothing and saves a comparison's rounds per layer.
   * Nothing is kept when the update's range stays inside the bound.
   */
  void add(Op update, long[] v) {
    int n = v.length;
    // x < y for each pair: below the lower bound, above the upper one — only the sides the range can cross
    long[] bound = Ir.stateBound(update.type());
    if (update.min() < bound[0]) {
      pending(boundCheckWidth(update)).add(new long[][] {v, session.addPublic(new long[n], bound[0])});
    }
    if (update.max() > bound[1]) {
      pending(boundCheckWidth(update)).add(new long[][] {session.addPublic(new long[n], bound[1]), v});
    }
  }

  /**
   * The width of a reversal's bound check: a reversal's new state value (the value before it less
   * its target's increment) may lie outside the update's proven range, so it is compared with the
   * bound on both sides at a width that holds any difference of real values.
   */
  static final int REVERSAL_WIDTH = 62;

  /**
   * Keeps the new values {@code v} of a money or int state that reversals set, for the bound check
   * on both sides at {@link #REVERSAL_WIDTH} (see {@link #reversalChecks}).
   */
  void addReversals(Op update, long[] v) {
    if (v.length == 0 || update.type() == org.cosettle.policy.Type.BOOL) {
      return;
    }
    long[] bound = Ir.stateBound(update.type());
    int n = v.length;
    pending(REVERSAL_WIDTH).add(new long[][] {v, session.addPublic(new long[n], bound[0])});
    pending(REVERSAL_WIDTH).add(new long[][] {session.addPublic(new long[n], bound[1]), v});
  }

  /** The comparisons a reversal adds to the bound check: two per money or int state updated on shares. */
  static int reversalChecks(Plan plan) {
    int checks = 0;
    List<Op> all = plan.program().ops();
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.op() >= 0 && plan.stateShared(u.stateIndex()) && all.get(u.op()).type() != org.cosettle.policy.Type.BOOL) {
        checks += 2;
      }
    }
    return checks;
  }

  private List<long[][]> pending(int width) {
    return pendingBoundChecks.computeIfAbsent(width, w -> new java.util.ArrayList<>());
  }

  /** Comparisons x &lt; y still to make for the bound check, by width: {x, y} pairs of share vectors. */
  private final Map<Integer, List<long[][]>> pendingBoundChecks = new java.util.TreeMap<>();

  static boolean needsBoundCheck(Op update) {
    return sides(update) > 0;
  }

  /** How many sides of its type's state bound (spec §3: money, int, bool) an update's range crosses. */
  static int sides(Op update) {
    long[] bound = Ir.stateBound(update.type());
    return (update.min() < bound[0] ? 1 : 0) + (update.max() > bound[1] ? 1 : 0);
  }

  static int boundCheckWidth(Op update) {
    long[] bound = Ir.stateBound(update.type());
    return SecureEvaluator.span(update.min(), update.max(), bound[0], bound[1]);
  }

  /**
   * The bits of the number of state-bound comparisons a batch of {@code claims} makes (two per
   * claim and state at most: below and above the bound); 0 when no state kept on shares can leave
   * the bound, and then nothing is checked or opened.
   */
  static int violationCountBits(Plan plan, int claims) {
    return violationCountBits(plan, claims, 0);
  }

  /** As {@link #violationCountBits(Plan, int)} for a batch holding {@code reversals} reversals. */
  static int violationCountBits(Plan plan, int claims, int reversals) {
    long comparisons = (long) reversalChecks(plan) * reversals;
    List<Op> all = plan.program().ops();
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.op() >= 0 && plan.stateShared(u.stateIndex()) && needsBoundCheck(all.get(u.op()))) {
        Op update = all.get(u.op());
        comparisons += (long) sides(update) * claims;
      }
      if (u.op() >= 0 && u.byItemCode() && needsBoundCheck(all.get(u.op()))) {
        // one value per item row: at most the largest item bound's rows per claim
        comparisons += (long) sides(all.get(u.op())) * claims * ItemRows.MAX_BOUND;
      }
      if (u.op() >= 0 && u.byItemCode() && all.get(u.op()).type() != org.cosettle.policy.Type.BOOL) {
        // a reversal's rows, each checked on both sides (ItemCodeStates#addReversalCosts)
        comparisons += 2L * reversals * ItemRows.MAX_BOUND;
      }
    }
    return comparisons == 0 ? 0 : 64 - Long.numberOfLeadingZeros(comparisons);
  }

  /**
   * Compares the values kept since the last call with the bound: [v &lt; −B] and [B &lt; v] on
   * shares (one comparison call per width, none when nothing is kept), added to this party's
   * share of the violations so far.
   */
  void compare() {
    for (Map.Entry<Integer, List<long[][]>> e : pendingBoundChecks.entrySet()) {
      int n = 0;
      for (long[][] pair : e.getValue()) {
        n += pair[0].length;
      }
      long[] x = new long[n];
      long[] y = new long[n];
      int at = 0;
      for (long[][] pair : e.getValue()) {
        System.arraycopy(pair[0], 0, x, at, pair[0].length);
        System.arraycopy(pair[1], 0, y, at, pair[1].length);
        at += pair[0].length;
      }
      for (long outside : session.bitToArithmetic(session.lessThan(x, y, e.getKey()), x.length)) {
        boundViolations += outside;
      }
    }
    pendingBoundChecks.clear();
  }

  /**
   * Whether any new state value of the batch is outside its type's state bound (the
   * plaintext evaluator stops there), as this party's arithmetic share of one bit: the violations
   * of every slice ({@link #compare}) are summed, and only [sum ≠ 0] is kept, so a refused batch
   * reveals "some" or "none", not how many nor in which slice. The caller opens it to both parties
   * through the {@link ResultGate}. Call only when {@link #violationCountBits} is not 0.
   */
  long[] violationShares(int countBits) {
    compare();
    long[] none = session.equal(new long[] {boundViolations}, new long[1], countBits);
    return session.addPublic(session.negate(session.bitToArithmetic(none, 1)), 1);
  }

}
