package org.cosettle.policy;

/** Exact fixed-point arithmetic with the rounding rule of spec §4. */
final class Arith {
  private Arith() {}

  /** {@code sign(p) * floor((|p| + 5000) / 10000)}: rounds units of 1/10000 half away from zero. */
  static long round4(long p) {
    if (p >= 0) {
      return Math.addExact(p, 5000) / 10000;
    }
    return -(Math.addExact(-p, 5000) / 10000);
  }

  /** {@code a / k} rounded half away from zero; {@code k != 0}. */
  static long divRound(long a, long k) {
    long q = a / k;
    long r = a % k;
    if (r != 0 && Math.abs(r) >= Math.abs(k) - Math.abs(r)) {
      q += (a < 0) == (k < 0) ? 1 : -1;
    }
    return q;
  }
}
