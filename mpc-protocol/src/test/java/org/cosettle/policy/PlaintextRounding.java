package org.cosettle.policy;

/** The plaintext evaluator's rounding division ({@code Arith.divRound}, package-private), as the tests' oracle. */
public final class PlaintextRounding {
  private PlaintextRounding() {}

  /** {@code a / k} rounded half away from zero, exactly as {@code Engine} evaluates {@code DIV_ROUND}. */
  public static long divRound(long a, long k) {
    return Arith.divRound(a, k);
  }
}
