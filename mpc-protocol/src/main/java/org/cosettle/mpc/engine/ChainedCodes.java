package org.cosettle.mpc.engine;

import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.policy.ir.Ir;

/**
 * The values per item code inside a family chain's step, when an update per code reads a chained
 * state ({@link org.cosettle.mpc.plan.Plan#codesInChain}). The step's claim is unknown to the data
 * holder, so its plaintext flags cannot enter as products with its bits: everything it knows of
 * the claim's rows came into family order on shares, K words each.
 *
 * <p>A row of state s reads {@code base[s][r] + Σ_j g[j][r] · T[s][j]}: its value before the batch
 * (recorded and kept, 0 after the person's restart: computed before the chain, in file order), plus
 * what the member's rows of the batch added to the code in kept slot j, for the one-hot g of the
 * row's code's slot (all 0 for a code that holds no slot: no row of the batch changes it). The
 * registers T are per-person registers of the chain ({@link FamilyChainRun}, member slots); a
 * row's increment δ adds {@code g[j][r] · δ} into each, so two rows of one code in one claim chain
 * as the plaintext evaluator chains them, and the member's last registers are what its kept slots
 * gain. A claim whose policy year restarts the state (its restart flag ρ on shares) first takes
 * its registers to {@code (1 − ρ) · T}. Every product is of two shares: a triple each.
 */
final class ChainedCodes {
  private final ArithmeticSession session;
  private final int slots;
  /** Per state kept per item code (by position), its block of registers; −1 for one only read. */
  private final int[] block;
  private final int blocks;
  private long[][] base;
  private long[][] flags;
  /** {@code registers[b * slots + j]}: block b's register of slot j, for the step's member. */
  private long[] registers;

  ChainedCodes(ArithmeticSession session, Ir.StateUpdate[] states, int slots) {
    this.session = session;
    this.slots = slots;
    block = new int[states.length];
    int b = 0;
    for (int s = 0; s < states.length; s++) {
      block[s] = states[s].op() >= 0 ? b++ : -1;
    }
    blocks = b;
  }

  /** The registers of the values per code: {@link #slots} per updated state. */
  int registerCount() {
    return blocks * slots;
  }

  /** Block {@code s}'s registers (−1: a state only read). */
  int block(int s) {
    return block[s];
  }

  /**
   * Starts a step: per state its K rows' values before the batch {@code base}, the one-hot flags
   * {@code flags[j][r]} of each row's slot (empty without an updated state) and the member's
   * registers as the chain read them.
   */
  void step(long[][] base, long[][] flags, long[] registers) {
    this.base = base;
    this.flags = flags;
    this.registers = registers.clone();
  }

  /** The member's registers now (after {@link #add}): the step's new values. */
  long[] registerValues() {
    return registers.clone();
  }

  /** Multiplies the registers of each block {@code restart[b]} gives (null: none) by 1 − ρ: one call. */
  void restart(long[][] restart) {
    int count = 0;
    for (int b = 0; b < blocks; b++) {
      count += restart[b] == null ? 0 : slots;
    }
    if (count == 0) {
      return;
    }
    long[] x = new long[count];
    long[] y = new long[count];
    int at = 0;
    for (int b = 0; b < blocks; b++) {
      for (int j = 0; restart[b] != null && j < slots; j++, at++) {
        x[at] = registers[b * slots + j];
        y[at] = restart[b][0];
      }
    }
    long[] taken = session.multiply(x, y);
    at = 0;
    for (int b = 0; b < blocks; b++) {
      for (int j = 0; restart[b] != null && j < slots; j++, at++) {
        registers[b * slots + j] -= taken[at];
      }
    }
  }

  /**
   * Each state's value (by position) before each of the step's rows {@code rows}, one share per
   * row: rows run together when they carry distinct codes (a row alone, or the rows of one code
   * layer). One call for all updated states.
   */
  long[][] reads(int[] rows) {
    long[] terms = slotProducts(rows, (b, j, r) -> registers[b * slots + j]);
    long[][] out = new long[block.length][rows.length];
    for (int s = 0; s < block.length; s++) {
      for (int i = 0; i < rows.length; i++) {
        out[s][i] = base[s][rows[i]];
        for (int j = 0; block[s] >= 0 && j < slots; j++) {
          out[s][i] += terms[(block[s] * slots + j) * rows.length + i];
        }
      }
    }
    return out;
  }

  /** Adds the increments {@code delta[b][i]} of the rows {@code rows} into the registers of their slots: one call. */
  void add(int[] rows, long[][] delta) {
    long[] terms = slotProducts(rows, (b, j, i) -> delta[b][i]);
    for (int t = 0; t < terms.length; t++) {
      registers[t / rows.length] += terms[t];
    }
  }

  /** A value per block b, slot j and position i among the rows. */
  private interface SlotValue {
    long of(int b, int j, int i);
  }

  /** The products flags[j][rows[i]] · value(b, j, i), at (b·S + j)·|rows| + i: one call of shares by shares. */
  private long[] slotProducts(int[] rows, SlotValue value) {
    long[] x = new long[blocks * slots * rows.length];
    long[] y = new long[x.length];
    for (int b = 0; b < blocks; b++) {
      for (int j = 0; j < slots; j++) {
        for (int i = 0; i < rows.length; i++) {
          int at = (b * slots + j) * rows.length + i;
          x[at] = flags[j][rows[i]];
          y[at] = value.of(b, j, i);
        }
      }
    }
    return x.length == 0 ? x : session.multiply(x, y);
  }
}
