package org.cosettle.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptTest {
  @TempDir Path tmp;

  @Test
  void statementShowsWhatEachPayerCoversInYuan() {
    SettlementRecord r = SettlementSplit.split(SettlementSplitTest.claim("C0001", 50_000_00, 3_000_00, 1_000_00,
        200_00, 31_432_10), 20_000_00, "INS01", "INS01-C0001", LocalDate.of(2026, 3, 10));
    assertEquals(String.join("\n",
        "结算单 Settlement statement",
        "结算号 Settlement id                        INS01-C0001",
        "结算日期 Settlement date                    2026-03-10",
        "医院 Hospital                               H1",
        "商业保险公司 Insurer                        INS01",
        "参保人 Insured person                       P1",
        "就诊 Claim                                  C0001",
        "-".repeat(62),
        "医疗费用总额 Total medical cost                   85632.10 元",
        "基本医保 Basic medical insurance                  54000.00 元",
        "  (统筹基金 + 大病保险 + 医疗救助 fund + critical illness + assistance)",
        "个人账户 Personal account                           200.00 元",
        "商业保险 Commercial insurance                     20000.00 元",
        "个人现金支付 You pay in cash                      11432.10 元",
        ""), Receipt.format(r));
  }

  @Test
  void cappedPayoutAndReversalAreExplainedToThePatient() throws Exception {
    SettlementRecord r = SettlementSplit.split(SettlementSplitTest.claim("C2", 100_00, 0, 0, 0, 900_00), 1_000_00,
        "INS01", "INS01-C2", LocalDate.of(2026, 3, 10));
    String text = Receipt.format(r);
    assertEquals(true, text.contains("Note: the policy's payout of 1000.00 yuan exceeded your cash share; the excess of"
        + " 100.00 yuan was not paid"), text);
    SettlementRecord back = r.reversal("INS01-C2-R", LocalDate.of(2026, 3, 11));
    String reversal = Receipt.format(back);
    assertEquals(true, reversal.startsWith("冲销单 Reversal statement\n"), reversal);
    assertEquals(true, reversal.contains("冲销原结算 Reverses settlement              INS01-C2\n"), reversal);
    assertEquals(false, reversal.contains("Note:"), "a reversal does not repeat the settlement's note");
    assertEquals(true, reversal.contains("退还个人现金 Cash returned to you                     0.00 元\n"), reversal);
    Path f = Records.write(tmp.resolve("s.jsonl"), Records.settled("X", "2026-03-01", 0), r, back);
    assertEquals(List.of(r, back), Receipt.recordsOfClaim(f, "s.jsonl", "C2"));
    assertEquals(List.of(), Receipt.recordsOfClaim(f, "s.jsonl", "C3"));
  }
}
