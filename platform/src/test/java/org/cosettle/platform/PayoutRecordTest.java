package org.cosettle.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.cosettle.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The insurer's payout records: what it pays per claim without the split it cannot know, read by
 * reconcile against the platform's full records of the same ids, and refused where the split is
 * needed (receipt, clear).
 */
class PayoutRecordTest {
  @TempDir Path tmp;

  static final SettlementSplit.Options OPTIONS = new SettlementSplit.Options("payout", "INS01", LocalDate.of(2026, 3, 10));

  @Test
  void aBatchIsWrittenAsCanonicalLinesUnderTheIdsThePlatformGivesIt() {
    String lines = PayoutRecord.jsonLines(List.of("C1", "C\"2"), List.of("P1", "P2"), new long[] {1234_56, -5},
        OPTIONS);
    assertEquals("{\"settlement_id\":\"INS01-C1\",\"settlement_date\":\"2026-03-10\",\"status\":\"SETTLED\","
        + "\"reverses\":\"\",\"insurer_id\":\"INS01\",\"insured_id\":\"P1\",\"claim_id\":\"C1\","
        + "\"commercial_payout\":\"1234.56\"}\n"
        + "{\"settlement_id\":\"INS01-C\\\"2\",\"settlement_date\":\"2026-03-10\",\"status\":\"SETTLED\","
        + "\"reverses\":\"\",\"insurer_id\":\"INS01\",\"insured_id\":\"P2\",\"claim_id\":\"C\\\"2\","
        + "\"commercial_payout\":\"-0.05\"}\n", lines);
    assertThrows(IllegalArgumentException.class,
        () -> PayoutRecord.jsonLines(List.of("C1"), List.of(), new long[] {1}, OPTIONS));
  }

  @Test
  void reconcileMatchesThemWithThePlatformsRecordsOnThePayoutAndTheIds() throws Exception {
    // the platform's records of four claims: split as Records.settled does, payout 100.00 ... 400.00
    SettlementRecord[] platform = new SettlementRecord[5];
    for (int i = 0; i < 5; i++) {
      SettlementRecord r = Records.settled("INS01-C" + i, "2026-03-10", Math.min(400_00, (i + 1) * 100_00));
      platform[i] = new SettlementRecord(r.settlementId(), r.settlementDate(), r.status(), "", r.hospitalId(),
          "INS01", "P" + i, "C" + i, r.total(), r.basicInsurance(), r.personalAccount(), r.commercialPayout(),
          r.patientCash(), i == 4 ? 100_00 : 0, i == 4 ? SplitFlag.PAYOUT_EXCEEDS_CASH : SplitFlag.NONE);
    }
    Path p = Records.write(tmp.resolve("p.jsonl"), platform);
    // the insurer: C0, C1 as the platform, C2 with another payout, C3 for another person, C4 the
    // policy's 500.00 of which the platform paid the 400.00 cash share (flagged, excess 100.00)
    Path i = Records.writeLines(tmp.resolve("i.jsonl"), PayoutRecord.jsonLines(List.of("C0", "C1", "C2", "C3", "C4"),
        List.of("P0", "P1", "P2", "P9", "P4"), new long[] {100_00, 200_00, 299_99, 400_00, 500_00}, OPTIONS).strip()
        .split("\n"));
    StringWriter w = new StringWriter();
    Reconciliation.Summary s = Reconciliation.reconcile(p, "p.jsonl", i, "i.jsonl",
        new Reconciliation.Options(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), 1 << 20, tmp), w);
    assertEquals(Reconciliation.DETAIL_HEADER
        + "INS01-C0,MATCHED,2026-03-10,H1,INS01,SETTLED,SETTLED,1,1,100.00,100.00,\n"
        + "INS01-C1,MATCHED,2026-03-10,H1,INS01,SETTLED,SETTLED,1,1,200.00,200.00,\n"
        + "INS01-C2,AMOUNT_DIFF,2026-03-10,H1,INS01,SETTLED,SETTLED,1,1,300.00,299.99,commercial_payout\n"
        + "INS01-C3,AMOUNT_DIFF,2026-03-10,H1,INS01,SETTLED,SETTLED,1,1,400.00,400.00,insured_id\n"
        + "INS01-C4,MATCHED,2026-03-10,H1,INS01,SETTLED,SETTLED,1,1,400.00,500.00,\n", w.toString());
    assertEquals(3, s.count(MatchClass.MATCHED));
    // either side may hold them, and a reversal of one nets as any other
    Path reversed = Records.writeLines(tmp.resolve("r.jsonl"), Files.readString(i).strip().split("\n")[0],
        "{\"settlement_id\":\"INS01-C0-R\",\"settlement_date\":\"2026-03-11\",\"status\":\"REVERSED\","
        + "\"reverses\":\"INS01-C0\",\"insurer_id\":\"INS01\",\"insured_id\":\"P0\",\"claim_id\":\"C0\","
        + "\"commercial_payout\":\"-100.00\"}");
    StringWriter back = new StringWriter();
    Reconciliation.reconcile(reversed, "r.jsonl", p, "p.jsonl",
        new Reconciliation.Options(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), 1 << 20, tmp), back);
    assertTrue(back.toString().contains("\nINS01-C0,STATUS_DIFF,2026-03-10,,INS01,REVERSED,SETTLED,2,1,0.00,100.00,\n"),
        back.toString());
  }

  @Test
  void aFileOfThemIsRefusedWhereTheSplitIsNeeded() throws Exception {
    Path i = Records.writeLines(tmp.resolve("i.jsonl"), PayoutRecord.jsonLines(List.of("C0"), List.of("P0"),
        new long[] {100_00}, OPTIONS).strip());
    InputException e = assertThrows(InputException.class, () -> SettlementFile.read(i, "i.jsonl"));
    assertEquals("i.jsonl:1: a payout record (an insurer's, without the split) is read only by reconcile; this needs"
        + " the platform's full settlement records", e.errors().get(0).toString());
    // a record with some of the split but not all of it is a full record with a field missing
    Path partial = Records.writeLines(tmp.resolve("x.jsonl"), Files.readString(i).strip()
        .replace("\"commercial_payout\"", "\"total\":\"1.00\",\"commercial_payout\""));
    assertThrows(InputException.class, () -> Reconciliation.reconcile(partial, "x.jsonl", i, "i.jsonl",
        new Reconciliation.Options(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), 1 << 20, tmp),
        new StringWriter()));
  }
}
