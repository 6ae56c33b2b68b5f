package org.cosettle.policy.check;

import org.cosettle.core.Bounds;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.Party;
import org.cosettle.core.SettlementRoute;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.Type;

/**
 * The input fields a policy can read (spec §6), with their type, level, owner and the bounds
 * the claims and insured readers enforce (the range analysis starts from these).
 */
public enum InputField {
  CLAIM_VISIT_TYPE("claim.visit_type", Type.VISIT_TYPE, 0, VisitType.values().length - 1),
  CLAIM_HOSPITAL_LEVEL("claim.hospital_level", Type.INT, Bounds.HOSPITAL_LEVEL_MIN, Bounds.HOSPITAL_LEVEL_MAX),
  CLAIM_ADMISSION_DATE("claim.admission_date", Type.DATE, Bounds.DATE_MIN, Bounds.DATE_MAX),
  CLAIM_DISCHARGE_DATE("claim.discharge_date", Type.DATE, Bounds.DATE_MIN, Bounds.DATE_MAX),
  CLAIM_DIAGNOSIS("claim.diagnosis", Type.CODE, 0, 0),
  CLAIM_TOTAL("claim.total", Type.MONEY, -Bounds.CLAIM_MONEY, Bounds.CLAIM_MONEY),
  CLAIM_FULL_SELF_PAY("claim.full_self_pay", Type.MONEY, -Bounds.CLAIM_MONEY, Bounds.CLAIM_MONEY),
  CLAIM_OVER_LIMIT("claim.over_limit", Type.MONEY, -Bounds.CLAIM_MONEY, Bounds.CLAIM_MONEY),
  CLAIM_PRE_SELF_PAY("claim.pre_self_pay", Type.MONEY, -Bounds.CLAIM_MONEY, Bounds.CLAIM_MONEY),
  CLAIM_IN_SCOPE("claim.in_scope", Type.MONEY, -Bounds.CLAIM_MONEY, Bounds.CLAIM_MONEY),
  CLAIM_FUND_PAID("claim.fund_paid", Type.MONEY, -Bounds.CLAIM_MONEY, Bounds.CLAIM_MONEY),
  CLAIM_CRITICAL_PAID("claim.critical_paid", Type.MONEY, -Bounds.CLAIM_MONEY, Bounds.CLAIM_MONEY),
  CLAIM_ASSISTANCE_PAID("claim.assistance_paid", Type.MONEY, -Bounds.CLAIM_MONEY, Bounds.CLAIM_MONEY),
  CLAIM_ACCOUNT_PAID("claim.account_paid", Type.MONEY, -Bounds.CLAIM_MONEY, Bounds.CLAIM_MONEY),
  CLAIM_CASH_PAID("claim.cash_paid", Type.MONEY, -Bounds.CLAIM_MONEY, Bounds.CLAIM_MONEY),
  /** Optional in a claims file (default LOCAL). */
  CLAIM_SETTLEMENT_ROUTE("claim.settlement_route", Type.SETTLEMENT_ROUTE, 0, SettlementRoute.values().length - 1),
  /** Optional in a claims file (default false). */
  CLAIM_THRESHOLD_APPLIED("claim.threshold_applied", Type.BOOL, 0, 1),
  /** Optional in a claims file (default 0.00). */
  CLAIM_OTHER_INSURER_PAID("claim.other_insurer_paid", Type.MONEY, -Bounds.CLAIM_MONEY, Bounds.CLAIM_MONEY),
  /** Optional in a claims file (default the admission date). */
  CLAIM_DIAGNOSIS_DATE("claim.diagnosis_date", Type.DATE, Bounds.DATE_MIN, Bounds.DATE_MAX),
  /** The number of line items ({@code count(item in claim.items)}). */
  CLAIM_ITEM_COUNT("claim.items", Type.INT, 0, Bounds.MAX_ITEMS),
  PATIENT_AGE("patient.age", Type.INT, -Bounds.INT, Bounds.INT),
  PATIENT_SEX("patient.sex", Type.SEX, 0, Sex.values().length - 1),
  ITEM_CODE("item.code", Type.CODE, 0, 0),
  ITEM_CATEGORY("item.category", Type.CATEGORY, 0, FeeCategory.values().length - 1),
  ITEM_AMOUNT("item.amount", Type.MONEY, -Bounds.ITEM_MONEY, Bounds.ITEM_MONEY),
  ITEM_FULL_SELF_PAY("item.full_self_pay", Type.MONEY, -Bounds.ITEM_MONEY, Bounds.ITEM_MONEY),
  ITEM_OVER_LIMIT("item.over_limit", Type.MONEY, -Bounds.ITEM_MONEY, Bounds.ITEM_MONEY),
  ITEM_PRE_SELF_PAY("item.pre_self_pay", Type.MONEY, -Bounds.ITEM_MONEY, Bounds.ITEM_MONEY),
  ITEM_IN_SCOPE("item.in_scope", Type.MONEY, -Bounds.ITEM_MONEY, Bounds.ITEM_MONEY),
  ITEM_SPECIAL_DRUG("item.special_drug", Type.BOOL, 0, 1),
  INSURED_PREEXISTING("insured.preexisting", Type.BOOL, 0, 1),
  INSURED_POLICY_START("insured.policy_start", Type.DATE, Bounds.DATE_MIN, Bounds.DATE_MAX),
  /** {@code claim.admission_date} as the number YYYYMMDD, for policy years (not written in a policy). */
  CLAIM_ADMISSION_YMD("claim.admission_date (YYYYMMDD)", Type.INT, 19_000_101, 21_991_231),
  /** {@code insured.policy_start} as the number YYYYMMDD, for policy years (not written in a policy). */
  INSURED_POLICY_START_YMD("insured.policy_start (YYYYMMDD)", Type.INT, 19_000_101, 21_991_231);

  private final String displayName;
  private final Type type;
  private final long min;
  private final long max;

  InputField(String displayName, Type type, long min, long max) {
    this.displayName = displayName;
    this.type = type;
    this.min = min;
    this.max = max;
  }

  /** As written in a policy: {@code claim.total}, {@code item.amount}, {@code insured.preexisting}. */
  public String displayName() {
    return displayName;
  }

  public Type type() {
    return type;
  }

  public long min() {
    return min;
  }

  public long max() {
    return max;
  }

  /** Whether it has one value per line item (else one per claim). */
  public boolean perItem() {
    return name().startsWith("ITEM_");
  }

  /** The insurer owns {@code insured.*}; the data holder everything else. */
  public Party owner() {
    return name().startsWith("INSURED_") ? Party.INSURER : Party.DATA_HOLDER;
  }
}
