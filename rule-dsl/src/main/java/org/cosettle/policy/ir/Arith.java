package org.cosettle.policy.ir;

/** Exact fixed-point arithmetic with the rounding rule of spec §4. */
public final class Arith {
  private Arith() {}

  /**
   * {@code sign(p) * floor((|p| + 5000) / 10000)}: rounds units of 1/10000 half away from zero.
   * Computed from the truncated quotient and remainder, so it is exact for every {@code long}.
   */
  public static long round4(long p) {
    long q = p / 10000;
    long r = p % 10000;
    if (r >= 5000) {
      return q + 1;
    }
    if (r <= -5000) {
      return q - 1;
    }
    return q;
  }

  /** {@code a / k} rounded half away from zero; {@code k != 0}. */
  public static long divRound(long a, long k) {
    long q = a / k;
    long r = a % k;
    if (r != 0 && Math.abs(r) >= Math.abs(k) - Math.abs(r)) {
      q += (a < 0) == (k < 0) ? 1 : -1;
    }
    return q;
  }
}
