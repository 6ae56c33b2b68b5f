package org.cosettle.platform;

import java.time.LocalDate;
import java.util.List;
import org.cosettle.core.Decimals;
import org.cosettle.core.SettlementRoute;
import org.cosettle.core.VisitType;

/**
 * One synthetic claim before it is written as a claims-file line. {@code split} is
 * {total, full_self_pay, over_limit, pre_self_pay, in_scope}, {@code payments} is {fund,
 * critical, assistance, account, cash}, all in fen; {@code hospitalId} null leaves it out, and
 * so do the settlement fields at their defaults; {@code reverses} is the id of the claim a reversal
 * takes back, or null (an ordinary claim, or a reversal written as a negated copy alone).
 */
record GeneratedClaim(String id, String insuredId, String hospitalId, VisitType visitType, int hospitalLevel,
    LocalDate admission, LocalDate discharge, String diagnosis, int age, String sex, long[] split,
    long[] payments, List<Item> items, Settlement settlement, String reverses) {
  /**
   * How the basic scheme settled the claim, what another insurer paid (in fen), and the day the
   * diagnosis was made when it came before the admission (null: left out, the admission date).
   */
  record Settlement(SettlementRoute route, boolean thresholdApplied, long otherInsurerPaid, LocalDate diagnosisDate) {}

  private static final String[] SPLIT = {"full_self_pay", "over_limit", "pre_self_pay", "in_scope"};
  private static final String[] PAYMENTS = {"fund_paid", "critical_paid", "assistance_paid", "account_paid", "cash_paid"};

  /** A fee item; {@code amounts} is {amount, full_self_pay, over_limit, pre_self_pay, in_scope}. */
  record Item(String code, String category, long[] amounts, boolean specialDrug) {
    Item negated() {
      return new Item(code, category, negate(amounts), specialDrug);
    }
  }

  long total() {
    return split[0];
  }

  /**
   * The reversal (冲销) of this claim: the same visit, every amount negated (as the national record
   * of a reversal carries them), a new id; {@code linked}: naming this claim ({@code "reverses"}),
   * so that it is settled as a reversal, else the negated copy alone, settled by the policy.
   */
  GeneratedClaim reversal(String newId, boolean linked) {
    return new GeneratedClaim(newId, insuredId, hospitalId, visitType, hospitalLevel, admission, discharge, diagnosis,
        age, sex, negate(split), negate(payments), items.stream().map(Item::negated).toList(),
        new Settlement(settlement.route(), settlement.thresholdApplied(), -settlement.otherInsurerPaid(),
            settlement.diagnosisDate()), linked ? id : null);
  }

  String toJson() {
    StringBuilder sb = new StringBuilder(320 + items.size() * 170);
    sb.append("{\"id\":\"").append(id).append("\",\"insured_id\":\"").append(insuredId).append('"');
    if (reverses != null) {
      sb.append(",\"reverses\":\"").append(reverses).append('"');
    }
    if (hospitalId != null) {
      sb.append(",\"hospital_id\":\"").append(hospitalId).append('"');
    }
    sb.append(",\"visit_type\":\"").append(visitType).append("\",\"hospital_level\":").append(hospitalLevel)
        .append(",\"admission_date\":\"").append(admission).append("\",\"discharge_date\":\"").append(discharge)
        .append("\",\"diagnosis\":\"").append(diagnosis).append("\",\"patient\":{\"age\":").append(age)
        .append(",\"sex\":\"").append(sex).append("\"},\"total\":");
    money(sb, split[0]);
    amounts(sb, SPLIT, split, 1);
    amounts(sb, PAYMENTS, payments, 0);
    if (settlement.route() != SettlementRoute.LOCAL) {
      sb.append(",\"settlement_route\":\"").append(settlement.route()).append('"');
    }
    if (settlement.thresholdApplied()) {
      sb.append(",\"threshold_applied\":true");
    }
    if (settlement.otherInsurerPaid() != 0) {
      sb.append(",\"other_insurer_paid\":");
      money(sb, settlement.otherInsurerPaid());
    }
    if (settlement.diagnosisDate() != null) {
      sb.append(",\"diagnosis_date\":\"").append(settlement.diagnosisDate()).append('"');
    }
    if (!items.isEmpty()) {
      sb.append(",\"items\":[");
      for (int i = 0; i < items.size(); i++) {
        Item item = items.get(i);
        sb.append(i == 0 ? "" : ",").append("{\"code\":\"").append(item.code()).append("\",\"category\":\"")
            .append(item.category()).append("\",\"amount\":");
        money(sb, item.amounts()[0]);
        amounts(sb, SPLIT, item.amounts(), 1);
        sb.append(",\"special_drug\":").append(item.specialDrug()).append('}');
      }
      sb.append(']');
    }
    return sb.append('}').toString();
  }

  private static void amounts(StringBuilder sb, String[] names, long[] values, int from) {
    for (int k = 0; k < names.length; k++) {
      sb.append(",\"").append(names[k]).append("\":");
      money(sb, values[from + k]);
    }
  }

  private static void money(StringBuilder sb, long fen) {
    sb.append('"');
    Decimals.appendFormatted(sb, fen, Decimals.MONEY_SCALE);
    sb.append('"');
  }

  private static long[] negate(long[] values) {
    long[] negated = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      negated[i] = -values[i];
    }
    return negated;
  }
}
