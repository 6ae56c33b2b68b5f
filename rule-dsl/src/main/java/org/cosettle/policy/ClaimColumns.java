package org.cosettle.policy;

import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.LineItem;

/**
 * A batch in columns: one primitive array per input field the policy reads (and only those),
 * line items flattened with per-claim offsets, and each claim's insured record resolved to an
 * index once.
 */
final class ClaimColumns {
  final int claimCount;
  /** Claim-level and insured-level numeric fields by {@link InputField} ordinal; null when unread. */
  final long[][] fields = new long[InputField.values().length][];
  final String[] diagnosis;
  final String[] itemCode;
  /** Items of claim {@code c} are {@code itemStart[c] .. itemStart[c + 1] - 1}. */
  final int[] itemStart;
  /** The insured record index of every claim. */
  final int[] insured;

  ClaimColumns(List<Claim> claims, InsuredFile insuredFile, boolean[] read) throws EvaluationException {
    claimCount = claims.size();
    insured = new int[claimCount];
    itemStart = new int[claimCount + 1];
    for (int c = 0; c < claimCount; c++) {
      Claim claim = claims.get(c);
      int who = insuredFile.indexOf(claim.insuredId());
      if (who < 0) {
        throw new EvaluationException("claim " + claim.id() + ": no insured record for \"" + claim.insuredId() + "\"");
      }
      insured[c] = who;
      itemStart[c + 1] = Math.addExact(itemStart[c], claim.items().size());
    }
    int itemCount = itemStart[claimCount];
    diagnosis = read[InputField.CLAIM_DIAGNOSIS.ordinal()] ? new String[claimCount] : null;
    itemCode = read[InputField.ITEM_CODE.ordinal()] ? new String[itemCount] : null;
    for (InputField f : InputField.values()) {
      if (read[f.ordinal()] && f.type() != Type.CODE) {
        fields[f.ordinal()] = new long[f.level() == Ir.Level.ITEM ? itemCount
            : f.owner() == Ir.Label.INSURER ? insuredFile.records().size() : claimCount];
      }
    }
    for (int c = 0; c < claimCount; c++) {
      Claim claim = claims.get(c);
      for (InputField f : InputField.values()) {
        long[] col = fields[f.ordinal()];
        if (col != null && f.level() == Ir.Level.CLAIM && f.owner() == Ir.Label.DATA_HOLDER) {
          col[c] = claimValue(f, claim);
        }
      }
      if (diagnosis != null) {
        diagnosis[c] = claim.diagnosis();
      }
      List<LineItem> items = claim.items();
      for (int i = 0; i < items.size(); i++) {
        LineItem item = items.get(i);
        int at = itemStart[c] + i;
        for (InputField f : InputField.values()) {
          long[] col = fields[f.ordinal()];
          if (col != null && f.level() == Ir.Level.ITEM) {
            col[at] = itemValue(f, item);
          }
        }
        if (itemCode != null) {
          itemCode[at] = item.code();
        }
      }
    }
    List<InsuredRecord> records = insuredFile.records();
    long[] preexisting = fields[InputField.INSURED_PREEXISTING.ordinal()];
    long[] policyStart = fields[InputField.INSURED_POLICY_START.ordinal()];
    for (int r = 0; r < records.size(); r++) {
      if (preexisting != null) {
        preexisting[r] = records.get(r).preexisting() ? 1 : 0;
      }
      if (policyStart != null) {
        policyStart[r] = records.get(r).policyStart();
      }
    }
  }

  private static long claimValue(InputField f, Claim c) {
    switch (f) {
      case CLAIM_VISIT_TYPE: return c.visitType().ordinal();
      case CLAIM_HOSPITAL_LEVEL: return c.hospitalLevel();
      case CLAIM_ADMISSION_DATE: return c.admissionDate();
      case CLAIM_DISCHARGE_DATE: return c.dischargeDate();
      case CLAIM_TOTAL: return c.total();
      case CLAIM_FULL_SELF_PAY: return c.fullSelfPay();
      case CLAIM_OVER_LIMIT: return c.overLimit();
      case CLAIM_PRE_SELF_PAY: return c.preSelfPay();
      case CLAIM_IN_SCOPE: return c.inScope();
      case CLAIM_FUND_PAID: return c.fundPaid();
      case CLAIM_CRITICAL_PAID: return c.criticalPaid();
      case CLAIM_ASSISTANCE_PAID: return c.assistancePaid();
      case CLAIM_ACCOUNT_PAID: return c.accountPaid();
      case CLAIM_CASH_PAID: return c.cashPaid();
      case CLAIM_ITEM_COUNT: return c.items().size();
      case PATIENT_AGE: return c.age();
      case PATIENT_SEX: return c.sex().ordinal();
      default: throw new IllegalArgumentException(f.displayName() + " is not a numeric claim field");
    }
  }

  private static long itemValue(InputField f, LineItem i) {
    switch (f) {
      case ITEM_CATEGORY: return i.category().ordinal();
      case ITEM_AMOUNT: return i.amount();
      case ITEM_FULL_SELF_PAY: return i.fullSelfPay();
      case ITEM_OVER_LIMIT: return i.overLimit();
      case ITEM_PRE_SELF_PAY: return i.preSelfPay();
      case ITEM_IN_SCOPE: return i.inScope();
      case ITEM_SPECIAL_DRUG: return i.specialDrug() ? 1 : 0;
      default: throw new IllegalArgumentException(f.displayName() + " is not a numeric item field");
    }
  }
}
