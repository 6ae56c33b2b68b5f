package org.cosettle.core;

import java.util.List;

/**
 * One settlement record (医保结算清单) as the platform settled it. Amounts are fen, dates days
 * since 1970-01-01. {@code line} is the 1-based line of the claims file it came from (0 when
 * built in code).
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
    int line) {
  public Claim {
    // the reader's item lists are already unmodifiable views of its column store
    items = items instanceof LineItems.View ? items : List.copyOf(items);
    hospitalId = hospitalId == null ? "" : hospitalId;
  }
}
