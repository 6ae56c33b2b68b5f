package org.cosettle.core;

import java.util.List;
import java.util.function.BiConsumer;

/** The settlement invariants of spec §8 that every claim must satisfy. */
final class ClaimInvariants {
  private static final String[] ITEM_SUMS = {"total", "full_self_pay", "over_limit", "pre_self_pay", "in_scope"};

  private ClaimInvariants() {}

  /**
   * Reports each broken invariant as {@code (field, message)} and tells whether all hold. {@code
   * a} holds the claim amounts in the order of {@link ClaimsFile#AMOUNTS}; the item sums are
   * checked only when the claim has items.
   */
  static boolean check(long[] a, List<LineItem> items, long admission, long discharge,
      BiConsumer<String, String> error) {
    boolean hold = true;
    if (a[0] != a[1] + a[2] + a[4]) {
      hold = false;
      error.accept("total", "total " + money(a[0]) + " != full_self_pay + over_limit + in_scope = "
          + money(a[1] + a[2] + a[4]));
    }
    long paid = a[5] + a[6] + a[7] + a[8] + a[9];
    if (paid != a[0]) {
      hold = false;
      error.accept("cash_paid", "fund_paid + critical_paid + assistance_paid + account_paid + cash_paid = "
          + money(paid) + " != total " + money(a[0]));
    }
    if (discharge < admission) {
      hold = false;
      error.accept("discharge_date", "discharge_date is before admission_date");
    }
    if (items.isEmpty()) {
      return hold;
    }
    long amount = 0;
    long fullSelfPay = 0;
    long overLimit = 0;
    long preSelfPay = 0;
    long inScope = 0;
    for (int k = 0; k < items.size(); k++) {
      LineItem it = items.get(k);
      if (it.amount() != it.fullSelfPay() + it.overLimit() + it.inScope()) {
        hold = false;
        error.accept("items[" + k + "].amount", "amount " + money(it.amount())
            + " != full_self_pay + over_limit + in_scope = "
            + money(it.fullSelfPay() + it.overLimit() + it.inScope()));
      }
      amount += it.amount();
      fullSelfPay += it.fullSelfPay();
      overLimit += it.overLimit();
      preSelfPay += it.preSelfPay();
      inScope += it.inScope();
    }
    long[] sums = {amount, fullSelfPay, overLimit, preSelfPay, inScope};
    for (int k = 0; k < ITEM_SUMS.length; k++) {
      if (sums[k] != a[k]) {
        hold = false;
        error.accept(ITEM_SUMS[k], ITEM_SUMS[k] + " " + money(a[k]) + " != sum over items " + money(sums[k]));
      }
    }
    return hold;
  }

  private static String money(long fen) {
    return Decimals.formatMoney(fen);
  }
}
