package org.cosettle.mpc.engine;

import java.util.List;
import org.cosettle.core.Bounds;
import org.cosettle.core.Claim;

/**
 * The padding of every claim's line items to the batch's item bound K, so that item-level values
 * on shares run as K rows per claim and the insurer learns K instead of each claim's number of
 * items. K is the batch's largest number of items per claim rounded up to a power of two (at
 * least 1): the insurer learns one of {@value #BOUNDS} values per batch, no policy or session
 * declares a bound, and no claim is ever refused for having many items. Row {@code j·K + k} of
 * a vector holds item {@code k} of the vector's claim {@code j} — or, when the batch looks up a
 * private table per item, item k on the k-th of the rows the lookups' placement gives the claim
 * ({@link ItemSlots}), in the same order; the other rows are
 * padding, which the data holder fills with {@link org.cosettle.mpc.plan.Plan#itemPadding} and
 * flags as 0 where a sum masks them.
 */
final class ItemRows {
  /** The largest item bound: the spec's most items per claim rounded up to a power of two. */
  static final int MAX_BOUND = Integer.highestOneBit(Bounds.MAX_ITEMS - 1) << 1;
  /** How many item bounds there are (1, 2, 4, …, {@link #MAX_BOUND}). */
  static final int BOUNDS = Integer.numberOfTrailingZeros(MAX_BOUND) + 1;

  private ItemRows() {}

  /** The item bound of a batch of {@code claims}. */
  static int bound(List<Claim> claims) {
    int most = 1;
    for (Claim c : claims) {
      most = Math.max(most, c.items().size());
    }
    return most == 1 ? 1 : Integer.highestOneBit(most - 1) << 1;
  }

  /** Whether {@code k} is an item bound a data holder may send. */
  static boolean isBound(int k) {
    return k >= 1 && k <= MAX_BOUND && Integer.bitCount(k) == 1;
  }

  /**
   * The rows of the claims of a vector ({@code claims}: file indexes) from one item-level column in
   * file order ({@code column}, laid out by {@code offsets}), each claim's padded to {@code k}
   * rows with {@code padding}.
   */
  static long[] rows(long[] column, int[] offsets, int[] claims, int k, long padding) {
    return rows(column, offsets, claims, k, padding, null);
  }

  /**
   * As {@link #rows(long[], int[], int[], int, long)} with each claim's items on the rows {@code
   * placement} gives them (per claim in file order, item i on row {@code placement[c][i]}; null:
   * rows 0, 1, …), the private lookups' placement ({@link ItemSlots#place}).
   */
  static long[] rows(long[] column, int[] offsets, int[] claims, int k, long padding, int[][] placement) {
    long[] rows = new long[claims.length * k];
    java.util.Arrays.fill(rows, padding);
    for (int j = 0; j < claims.length; j++) {
      int c = claims[j];
      for (int i = 0; i < offsets[c + 1] - offsets[c]; i++) {
        rows[j * k + (placement == null ? i : placement[c][i])] = column[offsets[c] + i];
      }
    }
    return rows;
  }

  /** The data holder's 0/1 flag of every row of the claims of a vector: 1 for a real item, 0 for padding. */
  static long[] real(int[] offsets, int[] claims, int k, int[][] placement) {
    long[] flags = new long[claims.length * k];
    for (int j = 0; j < claims.length; j++) {
      int c = claims[j];
      for (int i = 0; i < offsets[c + 1] - offsets[c]; i++) {
        flags[j * k + (placement == null ? i : placement[c][i])] = 1;
      }
    }
    return flags;
  }

  /** Each claim's value repeated for its {@code k} rows (local on shares). */
  static long[] repeat(long[] perClaim, int k) {
    long[] rows = new long[perClaim.length * k];
    for (int j = 0; j < perClaim.length; j++) {
      java.util.Arrays.fill(rows, j * k, (j + 1) * k, perClaim[j]);
    }
    return rows;
  }

  /** Each claim's sum of its {@code k} rows (local on additive shares, mod 2^64). */
  static long[] sum(long[] rows, int k) {
    long[] sums = new long[rows.length / k];
    for (int j = 0; j < sums.length; j++) {
      long total = 0;
      for (int r = j * k; r < (j + 1) * k; r++) {
        total += rows[r];
      }
      sums[j] = total;
    }
    return sums;
  }
}
