package org.cosettle.policy;

import org.cosettle.policy.ir.Arith;

/** The plaintext evaluator's rounding division ({@code org.cosettle.policy.ir.Arith.divRound}), as the tests' oracle. */
public final class PlaintextRounding {
  private PlaintextRounding() {}

  /** {@code a / k} rounded half away from zero, exactly as {@code Engine} evaluates {@code DIV_ROUND}. */
  public static long divRound(long a, long k) {
    return Arith.divRound(a, k);
  }
}
