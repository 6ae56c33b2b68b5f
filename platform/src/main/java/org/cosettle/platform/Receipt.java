package org.cosettle.platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Decimals;
import org.cosettle.core.InputException;

/**
 * The statement a patient is handed at the window: what each payer covers of one settlement, in
 * 元 with two decimals, labelled in Chinese and English.
 *
 * <pre>{@code
 * for (SettlementRecord r : Receipt.recordsOfClaim(file, "settlements.jsonl", "C0001")) {
 *   System.out.print(Receipt.format(r));
 * }
 * }</pre>
 */
public final class Receipt {
  private static final int LABEL_WIDTH = 44;

  private Receipt() {}

  /** Every record of claim {@code claimId} in the file, in file order (a settlement and its reversals). */
  public static List<SettlementRecord> recordsOfClaim(Path file, String label, String claimId)
      throws IOException, InputException {
    List<SettlementRecord> found = new ArrayList<>();
    SettlementFile.forEach(file, label, (r, line) -> {
      if (r.claimId().equals(claimId)) {
        found.add(r);
      }
    });
    return found;
  }

  /** The statement of one record, several lines each ending in {@code \n}. */
  public static String format(SettlementRecord r) {
    StringBuilder sb = new StringBuilder(1024);
    boolean reversal = r.status() == SettlementStatus.REVERSED;
    sb.append(reversal ? "冲销单 Reversal statement\n" : "结算单 Settlement statement\n");
    text(sb, "结算号 Settlement id", r.settlementId());
    if (reversal) {
      text(sb, "冲销原结算 Reverses settlement", r.reverses());
    }
    text(sb, "结算日期 Settlement date", r.settlementDate().toString());
    text(sb, "医院 Hospital", r.hospitalId());
    text(sb, "商业保险公司 Insurer", r.insurerId());
    text(sb, "参保人 Insured person", r.insuredId());
    text(sb, "就诊 Claim", r.claimId());
    sb.append("-".repeat(LABEL_WIDTH + 18)).append('\n');
    money(sb, "医疗费用总额 Total medical cost", r.total());
    money(sb, "基本医保 Basic medical insurance", r.basicInsurance());
    sb.append("  (统筹基金 + 大病保险 + 医疗救助 fund + critical illness + assistance)\n");
    money(sb, "个人账户 Personal account", r.personalAccount());
    money(sb, "商业保险 Commercial insurance", r.commercialPayout());
    money(sb, reversal ? "退还个人现金 Cash returned to you" : "个人现金支付 You pay in cash",
        reversal ? -r.patientCash() : r.patientCash());
    if (reversal) {
      return sb.toString();
    }
    if (r.flag() == SplitFlag.PAYOUT_EXCEEDS_CASH) {
      long asked = r.commercialPayout() + r.payoutExcess();
      sb.append("注意：保险方案计算的赔付 ").append(Decimals.formatMoney(asked))
          .append(" 元超过您的现金自付部分，超出的 ").append(Decimals.formatMoney(r.payoutExcess()))
          .append(" 元未支付，已报告复核。\n")
          .append("Note: the policy's payout of ").append(Decimals.formatMoney(asked))
          .append(" yuan exceeded your cash share; the excess of ").append(Decimals.formatMoney(r.payoutExcess()))
          .append(" yuan was not paid and has been reported for review.\n");
    } else if (r.flag() == SplitFlag.NEGATIVE_PAYOUT) {
      sb.append("注意：保险方案计算出负赔付 ").append(Decimals.formatMoney(r.payoutExcess()))
          .append(" 元，未向您收取，已报告复核。\n")
          .append("Note: the policy computed a negative payout of ").append(Decimals.formatMoney(r.payoutExcess()))
          .append(" yuan; nothing was charged to you and it has been reported for review.\n");
    }
    return sb.toString();
  }

  private static void text(StringBuilder sb, String label, String value) {
    pad(sb, label);
    sb.append(value.isEmpty() ? "-" : value).append('\n');
  }

  private static void money(StringBuilder sb, String label, long fen) {
    pad(sb, label);
    String amount = Decimals.formatMoney(fen);
    sb.append(" ".repeat(Math.max(0, 14 - amount.length()))).append(amount).append(" 元\n");
  }

  /** Appends the label and spaces up to the value column, counting CJK characters as two columns. */
  private static void pad(StringBuilder sb, String label) {
    int width = 0;
    for (int i = 0; i < label.length(); i++) {
      width += label.charAt(i) >= 0x2E80 ? 2 : 1;
    }
    sb.append(label).append(" ".repeat(Math.max(1, LABEL_WIDTH - width)));
  }
}
