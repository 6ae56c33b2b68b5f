package org.cosettle.platform;

import org.cosettle.core.Bounds;
import org.cosettle.core.Decimals;

/** The rules of the settlement record format that are not syntax, shared by every way a record is made. */
final class RecordRules {
  private RecordRules() {}

  static void checkId(String field, int utf8Bytes, boolean mayBeEmpty, boolean hasControlCharacter) {
    if (utf8Bytes == 0 && !mayBeEmpty) {
      throw new InvalidRecordException(field, "must not be empty");
    }
    if (utf8Bytes > SettlementRecord.MAX_ID_BYTES) {
      throw new InvalidRecordException(field, "longer than " + SettlementRecord.MAX_ID_BYTES + " bytes");
    }
    if (hasControlCharacter) {
      throw new InvalidRecordException(field, "contains a control character");
    }
  }

  static void checkStatus(SettlementStatus status, boolean reversesEmpty, boolean reversesItself) {
    if (status == SettlementStatus.REVERSED && reversesEmpty) {
      throw new InvalidRecordException("reverses", "a REVERSED record must name the settlement it reverses");
    }
    if (status == SettlementStatus.SETTLED && !reversesEmpty) {
      throw new InvalidRecordException("reverses", "must be empty on a SETTLED record");
    }
    if (reversesItself) {
      throw new InvalidRecordException("reverses", "a record cannot reverse itself");
    }
  }

  static void checkAmounts(long total, long basic, long account, long payout, long cash, long excess, SplitFlag flag) {
    checkMoney("total", total);
    checkMoney("basic_insurance", basic);
    checkMoney("personal_account", account);
    checkMoney("commercial_payout", payout);
    checkMoney("patient_cash", cash);
    checkMoney("payout_excess", excess);
    if (basic + account + payout + cash != total) {
      throw new InvalidRecordException("total", "basic_insurance + personal_account + commercial_payout + patient_cash = "
          + Decimals.formatMoney(basic + account + payout + cash) + ", not the total " + Decimals.formatMoney(total));
    }
    if ((flag == SplitFlag.NONE) != (excess == 0)) {
      throw new InvalidRecordException("payout_excess", flag == SplitFlag.NONE
          ? "must be 0.00 when there is no flag" : "must not be 0.00 with flag " + flag.text());
    }
  }

  static void checkMoney(String field, long fen) {
    if (fen > Bounds.CLAIM_MONEY || fen < -Bounds.CLAIM_MONEY) {
      throw new InvalidRecordException(field, Decimals.formatMoney(fen) + " out of bounds ±"
          + Decimals.formatMoney(Bounds.CLAIM_MONEY));
    }
  }
}
