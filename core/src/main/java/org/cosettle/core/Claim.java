package org.cosettle.core;

import java.util.List;

/**
 * One settlement record (医保结算清单) as the platform settled it. Amounts are fen, dates days
 * since 1970-01-01. {@code line} is the 1-based line of the claims file it came from (0 when
 * built in code).
 *
 * <p>{@code route}, {@code thresholdApplied} and {@code otherInsurerPaid} are optional in a
 * claims file: how the basic scheme settled the claim (default {@link SettlementRoute#LOCAL}),
 * whether its threshold (起付线) was charged on this claim (default false) and what other
 * commercial insurers paid for it (default 0).
 *
 * <p>{@code diagnosisDate} is optional too: the day the main diagnosis was made (确诊日期), which a
 * waiting period may be measured to; absent, it is the admission date.
 *
 * <p>{@code reverses} is the id of an earlier claim this one takes back (冲销), or empty for an
 * ordinary claim (optional in a claims file, default empty): settling it undoes what the earlier
 * claim recorded instead of evaluating the policy.
 */
public record Claim(
    String id,
    String insuredId,
    String hospitalId,
    VisitType visitType,
    int hospitalLevel,
    int admissionDate,
    int dischargeDate,
    String diagnosis,
    int age,
    Sex sex,
    long total,
    long fullSelfPay,
    long overLimit,
    long preSelfPay,
    long inScope,
    long fundPaid,
    long criticalPaid,
    long assistancePaid,
    long accountPaid,
    long cashPaid,
    List<LineItem> items,
    SettlementRoute route,
    boolean thresholdApplied,
    long otherInsurerPaid,
    int diagnosisDate,
    String reverses,
    int line) {
  /** A claim with the optional fields at their defaults. */
  public Claim(String id, String insuredId, String hospitalId, VisitType visitType, int hospitalLevel,
      int admissionDate, int dischargeDate, String diagnosis, int age, Sex sex, long total,
      long fullSelfPay, long overLimit, long preSelfPay, long inScope, long fundPaid,
      long criticalPaid, long assistancePaid, long accountPaid, long cashPaid, List<LineItem> items,
      int line) {
    this(id, insuredId, hospitalId, visitType, hospitalLevel, admissionDate, dischargeDate, diagnosis,
        age, sex, total, fullSelfPay, overLimit, preSelfPay, inScope, fundPaid, criticalPaid,
        assistancePaid, accountPaid, cashPaid, items, SettlementRoute.LOCAL, false, 0, admissionDate, "", line);
  }

  /** A claim that reverses no other, whose diagnosis date is its admission date, with the settlement fields given. */
  public Claim(String id, String insuredId, String hospitalId, VisitType visitType, int hospitalLevel,
      int admissionDate, int dischargeDate, String diagnosis, int age, Sex sex, long total,
      long fullSelfPay, long overLimit, long preSelfPay, long inScope, long fundPaid,
      long criticalPaid, long assistancePaid, long accountPaid, long cashPaid, List<LineItem> items,
      SettlementRoute route, boolean thresholdApplied, long otherInsurerPaid, int line) {
    this(id, insuredId, hospitalId, visitType, hospitalLevel, admissionDate, dischargeDate, diagnosis,
        age, sex, total, fullSelfPay, overLimit, preSelfPay, inScope, fundPaid, criticalPaid,
        assistancePaid, accountPaid, cashPaid, items, route, thresholdApplied, otherInsurerPaid, admissionDate, "",
        line);
  }

  /** Whether this claim takes back an earlier one ({@link #reverses} is not empty). */
  public boolean isReversal() {
    return !reverses.isEmpty();
  }

  public Claim {
    // the reader's item lists are already unmodifiable views of its column store
    items = items instanceof LineItems.View ? items : List.copyOf(items);
    hospitalId = hospitalId == null ? "" : hospitalId;
    reverses = reverses == null ? "" : reverses;
  }

  private static final FeeCategory[] CATEGORIES = FeeCategory.values();

  /** The amounts of a line item, in the order of {@link #itemAmount}. */
  public enum ItemAmount { AMOUNT, FULL_SELF_PAY, OVER_LIMIT, PRE_SELF_PAY, IN_SCOPE }

  /**
   * An amount of item {@code index}, in fen, without making a {@link LineItem}: the claims
   * reader keeps items in columns, and a columnar evaluator reads them straight from there.
   */
  public long itemAmount(int index, ItemAmount which) {
    if (items instanceof LineItems.View v) {
      return v.store().amount(v.at(index), which.ordinal());
    }
    LineItem item = items.get(index);
    switch (which) {
      case AMOUNT: return item.amount();
      case FULL_SELF_PAY: return item.fullSelfPay();
      case OVER_LIMIT: return item.overLimit();
      case PRE_SELF_PAY: return item.preSelfPay();
      default: return item.inScope();
    }
  }

  /** The fee category of item {@code index}, without making a {@link LineItem}. */
  public FeeCategory itemCategory(int index) {
    if (items instanceof LineItems.View v) {
      return CATEGORIES[v.store().category(v.at(index))];
    }
    return items.get(index).category();
  }

  /** Whether item {@code index} is on the special-drug list, without making a {@link LineItem}. */
  public boolean itemSpecialDrug(int index) {
    if (items instanceof LineItems.View v) {
      return v.store().specialDrug(v.at(index));
    }
    return items.get(index).specialDrug();
  }

  /** The code of item {@code index}, without making a {@link LineItem}. */
  public String itemCode(int index) {
    if (items instanceof LineItems.View v) {
      return v.store().code(v.at(index));
    }
    return items.get(index).code();
  }
}
