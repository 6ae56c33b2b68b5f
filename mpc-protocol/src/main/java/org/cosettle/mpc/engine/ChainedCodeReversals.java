package org.cosettle.mpc.engine;

import java.util.List;
import org.cosettle.core.Party;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.policy.ir.Ir;

/**
 * Reversals of a family chain that runs the values per item code ({@link ChainedCodes}): a
 * reversal's rows carry its target's codes and add, instead of what the policy computes, its
 * target's row increments negated. As for the chain's other states ({@link FamilyReversals}), the
 * chain carries one register per reversal q, money or int state kept per item code b and row r,
 * holding what q's rows take: from this party's ledger of shares for a target of an earlier
 * batch, and for a target of the batch captured at the target's step as G − [step = target]·δ.
 * At every step, with the insurer's 1-bit flags, the step takes Σ_q [step = q]·G[q] (in the
 * chain's register call) and captures (one call); a state declared per policy year takes it only
 * while the person's recorded year is still the target's, a flag on shares computed before the
 * chain ({@code y}, one word per claim in family order: a product per row). The data holder's
 * flags of real rows are 0 on a reversal's rows, so what the policy computes there adds nothing.
 * Every step makes the same calls, so where a reversal or its target lies is the insurer's alone.
 */
final class ChainedCodeReversals {
  private final ArithmeticSession session;
  private final boolean insurer;
  /** At the insurer, the file index of the claim at each family position; null at the data holder. */
  private final int[] order;
  private final int[] reversal;
  private final int[] target;
  private final int itemBound;
  /** Per block of {@link ChainedCodes} (an updated state), its position among the states taken back, or −1 (a bool). */
  private final int[] takenAt;
  private final int taken;
  /** {@code registers[(q * taken + b) * K + r]}. */
  private final long[] registers;

  /**
   * The registers of the {@code reversal} claims (file indexes; {@code target[q]} their targets,
   * {@link BatchSlices#EARLIER} for one of an earlier batch, {@code earlier[q]} its increments per
   * state number and row from this party's ledger of shares) over the {@code states} kept per item
   * code ({@link ItemCodeStates#keyed}) and their {@code codes}' blocks; the insurer gives its
   * {@code order}.
   */
  ChainedCodeReversals(ArithmeticSession session, Party me, Ir.StateUpdate[] states, List<Ir.Op> ops,
      ChainedCodes codes, int itemBound, int[] order, int[] reversal, int[] target, long[][][] earlier) {
    this.session = session;
    this.insurer = me == Party.INSURER;
    this.order = order;
    this.reversal = reversal.clone();
    this.target = target.clone();
    this.itemBound = itemBound;
    int blocks = codes.registerCount() / KeptShares.SLOTS;
    takenAt = new int[blocks];
    java.util.Arrays.fill(takenAt, -1);
    int t = 0;
    int[] stateOf = new int[blocks];
    for (int s = 0; s < states.length; s++) {
      int b = codes.block(s);
      if (b >= 0 && ops.get(states[s].op()).type() != org.cosettle.policy.Type.BOOL) {
        takenAt[b] = t++;
        stateOf[b] = states[s].stateIndex();
      }
    }
    taken = t;
    registers = new long[reversal.length * taken * itemBound];
    for (int q = 0; q < reversal.length; q++) {
      if (target[q] != BatchSlices.EARLIER) {
        continue;
      }
      for (int b = 0; b < blocks; b++) {
        if (takenAt[b] < 0) {
          continue;
        }
        long[] recorded = earlier[q][stateOf[b]];
        for (int r = 0; r < itemBound; r++) {
          registers[(q * taken + takenAt[b]) * itemBound + r] = r < recorded.length ? -recorded[r] : 0;
        }
      }
    }
  }

  /** The words to multiply by the insurer's bits in the step's register call: every register. */
  long[] takeWords() {
    return registers.clone();
  }

  /** At the insurer, each register's bit at family position {@code i}: whether its reversal is there; null at the data holder. */
  long[] takeBits(int i) {
    return bits(i, reversal);
  }

  private long[] bits(int i, int[] claims) {
    if (!insurer) {
      return null;
    }
    int per = taken * itemBound;
    long[] bits = new long[registers.length];
    for (int q = 0; q < claims.length; q++) {
      if (order[i] == claims[q]) {
        java.util.Arrays.fill(bits, q * per, (q + 1) * per, 1);
      }
    }
    return bits;
  }

  /**
   * Per block (null for a bool state's) the K rows' increments a reversal at this step takes, from
   * the register call's products of {@link #takeWords} ({@code products}, from its start).
   */
  long[][] taken(long[] products) {
    long[][] out = new long[takenAt.length][];
    for (int b = 0; b < takenAt.length; b++) {
      if (takenAt[b] < 0) {
        continue;
      }
      out[b] = new long[itemBound];
      for (int q = 0; q < reversal.length; q++) {
        for (int r = 0; r < itemBound; r++) {
          out[b][r] += products[(q * taken + takenAt[b]) * itemBound + r];
        }
      }
    }
    return out;
  }

  /** Captures the step's row increments {@code delta} (by block) into the registers of the reversals whose target is here: one call. */
  void capture(int i, long[][] delta) {
    long[] x = new long[registers.length];
    for (int q = 0; q < reversal.length; q++) {
      for (int b = 0; b < takenAt.length; b++) {
        for (int r = 0; takenAt[b] >= 0 && r < itemBound; r++) {
          x[(q * taken + takenAt[b]) * itemBound + r] = -delta[b][r];
        }
      }
    }
    long[] y = session.multiplyPlaintext(x, bits(i, target), ShareHolders.of(Party.INSURER), 0, 1);
    for (int j = 0; j < registers.length; j++) {
      registers[j] += y[j];
    }
  }

  /** The money or int states kept per item code that the policy updates (the blocks a reversal takes back). */
  static int takenBack(Plan plan) {
    return ItemCodeStates.takenBack(plan.program()).size();
  }

  /** Whether one of them is declared per policy year: the chain then reads each claim's year flag {@code y}. */
  static boolean yearly(Plan plan) {
    return ItemCodeStates.takenBack(plan.program()).stream().anyMatch(Ir.StateUpdate::perPolicyYear);
  }

  /**
   * Adds to {@code need} what {@code reversals} reversals take in a chain of {@code claims} steps
   * that runs the values per code at item bound K: per step, Q·T·K random OTs to take and as many
   * to capture (T the states taken back), and a triple per row and per-year state for the year
   * flag; before the chain, one equality of two years and one selection per reversal.
   */
  static void addCosts(Plan plan, long[] need, int claims, int reversals, int itemBound) {
    if (!plan.codesInChain() || reversals == 0 || claims == 0) {
      return;
    }
    long perStep = (long) reversals * takenBack(plan) * itemBound;
    need[3] += 2L * claims * perStep;
    // in code layers, per pass and row a product with the reversal's rank flag to take, and one to keep its value
    need[0] += 2L * claims * plan.codeLayers() * takenBack(plan) * itemBound;
    long yearlyStates = ItemCodeStates.takenBack(plan.program()).stream().filter(Ir.StateUpdate::perPolicyYear).count();
    need[0] += (long) claims * itemBound * yearlyStates;
    if (yearlyStates > 0) {
      SecureCosts.comparison(need, reversals, true, YearlyReversals.of(plan).width(), false);
      need[3] += reversals;
      need[4] += reversals;
    }
  }
}
