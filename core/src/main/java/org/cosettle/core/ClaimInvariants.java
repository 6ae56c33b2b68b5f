package org.cosettle.core;

import java.util.List;
import java.util.function.BiConsumer;

/** The settlement invariants of spec §8 that every claim must satisfy. */
final class ClaimInvariants {
  private static final String[] ITEM_SUMS = {"total", "full_self_pay", "over_limit", "pre_self_pay", "in_scope"};

  private ClaimInvariants() {}

  /**
   * Reports each broken invariant as {@code (field, message)}. {@code a} holds the claim
   * amounts in the order of {@link ClaimsFile#AMOUNTS}; the item sums are checked only when the
   * claim has items.
   */
  static void check(long[] a, List<LineItem> items, long admission, long discharge,
      BiConsumer<String, String> error) {
    if (a[0] != a[1] + a[2] + a[4]) {
      error.accept("total", "total " + money(a[0]) + " != full_self_pay + over_limit + in_scope = "
          + money(a[1] + a[2] + a[4]));
    }
    long paid = a[5] + a[6] + a[7] + a[8] + a[9];
    if (paid != a[0]) {
      error.accept("cash_paid", "fund_paid + critical_paid + assistance_paid + account_paid + cash_paid = "
          + money(paid) + " != total " + money(a[0]));
    }
    if (discharge < admission) {
      error.accept("discharge_date", "discharge_date is before admission_date");
    }
    if (items.isEmpty()) {
      return;
    }
    long[] sums = new long[ITEM_SUMS.length];
    for (int k = 0; k < items.size(); k++) {
      LineItem it = items.get(k);
      if (it.amount() != it.fullSelfPay() + it.overLimit() + it.inScope()) {
        error.accept("items[" + k + "].amount", "amount " + money(it.amount())
            + " != full_self_pay + over_limit + in_scope = "
            + money(it.fullSelfPay() + it.overLimit() + it.inScope()));
      }
      sums[0] += it.amount();
      sums[1] += it.fullSelfPay();
      sums[2] += it.overLimit();
      sums[3] += it.preSelfPay();
      sums[4] += it.inScope();
    }
    for (int k = 0; k < ITEM_SUMS.length; k++) {
      if (sums[k] != a[k]) {
        error.accept(ITEM_SUMS[k], ITEM_SUMS[k] + " " + money(a[k]) + " != sum over items " + money(sums[k]));
      }
    }
  }

  private static String money(long fen) {
    return Decimals.formatMoney(fen);
  }
}
