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
 *       then (f₂, v₂) = (f₁ ∨ f₂, f₂ ? v₂ : v₁ + v₂) = (f₂ ? 1 : f₁, f₂ ? v₂ : v₁ + v₂): one
 *       selection call by f₂ over two values per claim ({@link #choose}).
 *   <li>A <em>segmented clamp</em> composes (f, X, L, H) — the function s ↦ C((f ? 0 : s) + X; L, H)
 *       — as (f₂, X₂, L₂, H₂) when f₂, otherwise (f₁, X₁ + X₂, C(L₁ + X₂; L₂, H₂), C(H₁ + X₂; L₂,
 *       H₂)): a {@code max} and a {@code min} over two values per claim, then one selection call
 *       by f₂ over four.
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
   * person's first claim. {@code flag} holds arithmetic shares of 0/1.
   */
  long[][] segmentedSum(long[] flag, long[] step) {
    return exclusive(inclusiveSums(flag, new long[][] {step}), new long[] {0, 0});
  }

  /**
   * The segmented sums of (flag, steps…) up to and including every claim, all columns segmented by
   * the same flags: {f, v₁, v₂, …} with f whether the claim or one of the person's earlier claims
   * restarted and each v the sum of its column's steps since the last restart (that claim's
   * included), or of them all when none restarted. One selection call per step over 1 + columns
   * values per claim; a scan of ⌈log₂ n⌉ steps gives every claim of a run of n its whole prefix.
   */
  long[][] inclusiveSums(long[] flag, long[][] steps) {
    int n = flag.length;
    int columns = steps.length;
    long[][] cur = new long[columns + 1][];
    cur[0] = flag.clone();
    for (int j = 0; j < columns; j++) {
      cur[j + 1] = steps[j].clone();
    }
    long[] one = session.addPublic(new long[n], 1);
    for (int k = 0; k < steps(); k++) {
      int[] b = back[k];
      long[][] ifSet = new long[columns + 1][];
      long[][] otherwise = new long[columns + 1][n];
      ifSet[0] = one;
      for (int c = 0; c < n; c++) {
        otherwise[0][c] = b[c] >= 0 ? cur[0][b[c]] : 0;
      }
      for (int j = 1; j <= columns; j++) {
        ifSet[j] = cur[j];
        for (int c = 0; c < n; c++) {
          otherwise[j][c] = cur[j][c] + (b[c] >= 0 ? cur[j][b[c]] : 0);
        }
      }
      cur = choose(cur[0], ifSet, otherwise);
    }
    return cur;
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
    long[] one = session.addPublic(new long[n], 1);
    long[] identityLow = session.addPublic(new long[n], identityFloor);
    long[] identityHigh = session.addPublic(new long[n], identityCeiling);
    for (int k = 0; k < steps(); k++) {
      int[] b = back[k];
      long[] shifted = new long[2 * n];
      long[] floors = new long[2 * n];
      long[] ceilings = new long[2 * n];
      long[] f1 = new long[n];
      long[] x12 = x.clone();
      for (int c = 0; c < n; c++) {
        shifted[c] = (b[c] >= 0 ? lo[b[c]] : identityLow[c]) + x[c];
        shifted[n + c] = (b[c] >= 0 ? hi[b[c]] : identityHigh[c]) + x[c];
        floors[c] = floors[n + c] = lo[c];
        ceilings[c] = ceilings[n + c] = hi[c];
        f1[c] = b[c] >= 0 ? f[b[c]] : 0;
        x12[c] += b[c] >= 0 ? x[b[c]] : 0;
      }
      long[] composed = session.min(session.max(shifted, floors, bits), ceilings, bits);
      long[][] next = choose(f, new long[][] {one, x, lo, hi}, new long[][] {f1, x12,
          java.util.Arrays.copyOfRange(composed, 0, n), java.util.Arrays.copyOfRange(composed, n, 2 * n)});
      f = next[0];
      x = next[1];
      lo = next[2];
      hi = next[3];
    }
    return exclusive(new long[][] {f, x, lo, hi}, new long[] {0, 0, identityFloor, identityCeiling});
  }

  /**
   * Per column k, {@code flag ? ifSet[k] : otherwise[k]}, all in one selection call: the flag's
   * arithmetic shares of 0/1 give its XOR shares for free (the low bit of a sum of two shares is
   * the XOR of their low bits), and the selection takes one random OT each way per value.
   */
  long[][] choose(long[] flag, long[][] ifSet, long[][] otherwise) {
    int n = flag.length;
    int columns = ifSet.length;
    long[] packed = new long[(n * columns + 63) / 64];
    long[] a = new long[n * columns];
    long[] b = new long[n * columns];
    for (int k = 0; k < columns; k++) {
      for (int c = 0; c < n; c++) {
        int i = k * n + c;
        packed[i >>> 6] |= (flag[c] & 1) << i;
        a[i] = ifSet[k][c];
        b[i] = otherwise[k][c];
      }
    }
    long[] chosen = session.select(packed, a, b);
    long[][] out = new long[columns][];
    for (int k = 0; k < columns; k++) {
      out[k] = java.util.Arrays.copyOfRange(chosen, k * n, (k + 1) * n);
    }
    return out;
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

  /** The selections (one random OT each way per value) a segmented sum ({@code clamp} false) or clamp of {@code claims} values takes in {@code steps} steps. */
  static long selections(boolean clamp, long claims, int steps) {
    return (clamp ? 4 : 2) * claims * steps;
  }
}
