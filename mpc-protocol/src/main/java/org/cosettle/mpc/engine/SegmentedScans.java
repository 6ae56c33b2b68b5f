package org.cosettle.mpc.engine;

import org.cosettle.mpc.arith.ArithmeticSession;

/**
 * Hillis–Steele scans on shares over each insured person's claims of a slice, for the states a
 * prefix run resolves with a restart or a running maximum ({@link PrefixSchedule}): a claim's
 * element is composed, step d = 1, 2, 4, …, with the element of the claim d before it of the same
 * person (a claim with none keeps its own), so that after ⌈log₂(m − 1)⌉ steps every one of the
 * busiest person's first m − 1 claims holds the composition of its person's claims up to it. Which
 * claim is d before which is the batch's public metadata (the persons' claim counts), the same at
 * both parties; every step is one protocol call (or two, for a clamp) for the whole slice.
 *
 * <ul>
 *   <li>A <em>segmented sum</em> composes pairs (f, v) — a restart flag and a sum — as (f₁, v₁)
 *       then (f₂, v₂) = (f₁ ∨ f₂, f₂ ? v₂ : v₁ + v₂): with g = 1 − f₂ both are one product each,
 *       f₂ + g·f₁ and v₂ + g·v₁, one multiplication call per step.
 *   <li>A <em>segmented clamp</em> composes (f, X, L, H) — the function s ↦ C((f ? 0 : s) + X; L, H)
 *       — as (f₂, X₂, L₂, H₂) when f₂, otherwise (f₁, X₁ + X₂, C(L₁ + X₂; L₂, H₂), C(H₁ + X₂; L₂,
 *       H₂)): a {@code max} and a {@code min} over two values per claim, then one multiplication
 *       call selecting by f₂ over four.
 *   <li>A <em>running maximum</em> composes values by {@code max}: one comparison call per step.
 * </ul>
 */
final class SegmentedScans {
  private final ArithmeticSession session;
  /** Per position of the slice, the position of the claim d before it of the same person (−1: none), per step. */
  private final int[][] back;

  /**
   * Scans over a slice whose position c belongs to person {@code owner[c]} (counted from 0, {@code
   * owners} of them, positions in file order), in {@code steps} steps.
   */
  SegmentedScans(ArithmeticSession session, int[] owner, int owners, int steps) {
    this.session = session;
    int[][] claims = SecureEvaluator.earlierClaims(owner, owners);
    back = new int[steps + 1][owner.length];
    for (int k = 0; k <= steps; k++) {
      // the last row: the claim just before, for the exclusive prefix
      SecureEvaluator.earlier(claims, owner, k == steps ? 1 : 1 << k, back[k]);
    }
  }

  /** The scan's steps. */
  int steps() {
    return back.length - 1;
  }

  /** Per position, the position of its person's claim just before it (−1 for a person's first claim). */
  int[] previous() {
    return back[steps()];
  }

  /**
   * The segmented sum of (flag, step) before every claim: {f, v} with f whether one of the
   * person's earlier claims restarted and v the sum of the earlier claims' steps since the last
   * restart (that claim's included), or of them all when none restarted; (0, 0) before a
   * person's first claim.
   */
  long[][] segmentedSum(long[] flag, long[] step) {
    int n = flag.length;
    long[] f = flag.clone();
    long[] v = step.clone();
    for (int k = 0; k < steps(); k++) {
      int[] b = back[k];
      long[] keep = new long[2 * n];
      long[] earlier = new long[2 * n];
      for (int c = 0; c < n; c++) {
        keep[c] = keep[n + c] = -f[c];
        earlier[c] = b[c] >= 0 ? f[b[c]] : 0;
        earlier[n + c] = b[c] >= 0 ? v[b[c]] : 0;
      }
      // g = 1 − f₂: the public 1 added to −f₂'s shares
      long[] g = session.addPublic(keep, 1);
      long[] carried = session.multiply(g, earlier);
      for (int c = 0; c < n; c++) {
        f[c] += carried[c];
        v[c] += carried[n + c];
      }
    }
    return exclusive(new long[][] {f, v}, new long[] {0, 0});
  }

  /**
   * The segmented clamp scan of (flag, step, floor, ceiling) before every claim: {f, X, L, H} of
   * the composition of the person's earlier claims, the identity (0, 0, {@code identityFloor},
   * {@code identityCeiling}) before a first claim; comparisons on {@code bits} bits.
   */
  long[][] segmentedClamp(long[] flag, long[] step, long[] floor, long[] ceiling, long identityFloor,
      long identityCeiling, int bits) {
    int n = flag.length;
    long[] f = flag.clone();
    long[] x = step.clone();
    long[] lo = floor.clone();
    long[] hi = ceiling.clone();
    long[] identityLow = session.addPublic(new long[n], identityFloor);
    long[] identityHigh = session.addPublic(new long[n], identityCeiling);
    for (int k = 0; k < steps(); k++) {
      int[] b = back[k];
      long[] shifted = new long[2 * n];
      long[] floors = new long[2 * n];
      long[] ceilings = new long[2 * n];
      for (int c = 0; c < n; c++) {
        shifted[c] = (b[c] >= 0 ? lo[b[c]] : identityLow[c]) + x[c];
        shifted[n + c] = (b[c] >= 0 ? hi[b[c]] : identityHigh[c]) + x[c];
        floors[c] = floors[n + c] = lo[c];
        ceilings[c] = ceilings[n + c] = hi[c];
      }
      long[] composed = session.min(session.max(shifted, floors, bits), ceilings, bits);
      long[] keep = new long[4 * n];
      long[] earlier = new long[4 * n];
      for (int c = 0; c < n; c++) {
        keep[c] = keep[n + c] = keep[2 * n + c] = keep[3 * n + c] = -f[c];
        earlier[c] = b[c] >= 0 ? f[b[c]] : 0;
        earlier[n + c] = b[c] >= 0 ? x[b[c]] : 0;
        earlier[2 * n + c] = composed[c] - lo[c];
        earlier[3 * n + c] = composed[n + c] - hi[c];
      }
      long[] carried = session.multiply(session.addPublic(keep, 1), earlier);
      for (int c = 0; c < n; c++) {
        f[c] += carried[c];
        x[c] += carried[n + c];
        lo[c] += carried[2 * n + c];
        hi[c] += carried[3 * n + c];
      }
    }
    return exclusive(new long[][] {f, x, lo, hi}, new long[] {0, 0, identityFloor, identityCeiling});
  }

  /**
   * The running maximum of {@code values} before every claim: the largest of the person's earlier
   * claims' values, {@code identity} (a public value no larger than any of them) before a first
   * claim; comparisons on {@code bits} bits.
   */
  long[] runningMax(long[] values, long identity, int bits) {
    int n = values.length;
    long[] m = values.clone();
    long[] identities = session.addPublic(new long[n], identity);
    for (int k = 0; k < steps(); k++) {
      int[] b = back[k];
      long[] earlier = new long[n];
      for (int c = 0; c < n; c++) {
        earlier[c] = b[c] >= 0 ? m[b[c]] : identities[c];
      }
      m = session.max(m, earlier, bits);
    }
    return exclusive(new long[][] {m}, new long[] {identity})[0];
  }

  /** Each column's value at the claim just before every position, the public {@code identity} before a first claim. */
  private long[][] exclusive(long[][] inclusive, long[] identity) {
    int[] b = previous();
    long[][] out = new long[inclusive.length][];
    for (int i = 0; i < inclusive.length; i++) {
      long[] ids = session.addPublic(new long[b.length], identity[i]);
      out[i] = new long[b.length];
      for (int c = 0; c < b.length; c++) {
        out[i][c] = b[c] >= 0 ? inclusive[i][b[c]] : ids[c];
      }
    }
    return out;
  }

  /** ⌈log₂(m − 1)⌉ steps for a busiest person of m claims (none for m ≤ 2). */
  static int stepsFor(int m) {
    return m <= 2 ? 0 : 32 - Integer.numberOfLeadingZeros(m - 2);
  }

  /** The multiplication triples a segmented sum ({@code clamp} false) or clamp of {@code claims} values takes in {@code steps} steps. */
  static long triples(boolean clamp, long claims, int steps) {
    return (clamp ? 4 : 2) * claims * steps;
  }
}
