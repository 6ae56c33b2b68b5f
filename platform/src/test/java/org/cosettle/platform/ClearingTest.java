package org.cosettle.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClearingTest {
  @TempDir Path tmp;
  static final YearMonth MARCH = YearMonth.of(2026, 3);

  private static SettlementRecord of(String id, String date, String insurer, String hospital, long payout) {
    SettlementRecord r = Records.settled(id, date, hospital, payout);
    return new SettlementRecord(r.settlementId(), r.settlementDate(), r.status(), r.reverses(), r.hospitalId(),
        insurer, r.insuredId(), r.claimId(), r.total(), r.basicInsurance(), r.personalAccount(), r.commercialPayout(),
        r.patientCash(), r.payoutExcess(), r.flag());
  }

  private Clearing.Result clear(Path records, Path detail) throws Exception {
    return Clearing.clear(records, "r.jsonl", MARCH, detail, "d.csv", 1 << 20, tmp);
  }

  @Test
  void eachInsurerOwesEachHospitalTheMonthsPayoutsNetOfReversals() throws Exception {
    SettlementRecord feb = of("F1", "2026-02-27", "INS01", "H1", 50_00);
    SettlementRecord a = of("A", "2026-03-02", "INS01", "H1", 100_00);
    Path r = Records.write(tmp.resolve("r.jsonl"),
        feb, a, of("B", "2026-03-03", "INS01", "H2", 200_00), of("C", "2026-03-31", "INS02", "H1", 300_00),
        a.reversal("A-R", LocalDate.of(2026, 3, 5)), feb.reversal("F1-R", LocalDate.of(2026, 3, 1)),
        of("D", "2026-04-01", "INS01", "H1", 999_00), of("E", "2026-03-10", "INS01", "H1", 40_00));
    assertEquals(Clearing.HEADER
        + "TOTAL,INS01,H1,,,2,2,-10.00,\n"
        + "TOTAL,INS01,H2,,,1,0,200.00,\n"
        + "TOTAL,INS02,H1,,,1,0,300.00,\n", clear(r, null).csv());
  }

  @Test
  void reconciliationDifferencesOfTheMonthAreListedUnderTheirPair() throws Exception {
    Path p = Records.write(tmp.resolve("p.jsonl"),
        of("A", "2026-03-02", "INS01", "H1", 100_00), of("B", "2026-03-03", "INS01", "H1", 200_00),
        of("C", "2026-03-04", "INS01", "H2", 300_00), of("E", "2026-02-20", "INS01", "H1", 10_00));
    Path i = Records.write(tmp.resolve("i.jsonl"),
        of("A", "2026-03-02", "INS01", "H1", 100_00), of("B", "2026-03-03", "INS01", "H1", 150_00),
        of("D", "2026-03-05", "INS01", "H3", 70_00), of("E", "2026-02-20", "INS01", "H1", 20_00));
    Path d = tmp.resolve("d.csv");
    StringWriter w = new StringWriter();
    Reconciliation.reconcile(p, "p", i, "i", new Reconciliation.Options(LocalDate.of(2026, 2, 1),
        LocalDate.of(2026, 3, 31), 1 << 20, tmp), w);
    Files.writeString(d, w.toString());
    assertEquals(Clearing.HEADER
        + "TOTAL,INS01,H1,,,2,0,300.00,250.00\n"
        + "DIFFERENCE,INS01,H1,B,AMOUNT_DIFF,,,200.00,150.00\n"
        + "TOTAL,INS01,H2,,,1,0,300.00,0.00\n"
        + "DIFFERENCE,INS01,H2,C,ONLY_PLATFORM,,,300.00,\n"
        + "TOTAL,INS01,H3,,,0,0,0.00,70.00\n"
        + "DIFFERENCE,INS01,H3,D,ONLY_INSURER,,,,70.00\n", clear(p, d).csv());
  }

  @Test
  void aBadDetailFileOrDuplicateRecordIsLocated() throws Exception {
    Path r = Records.write(tmp.resolve("r.jsonl"), of("A", "2026-03-02", "INS01", "H1", 100_00),
        of("A", "2026-03-03", "INS01", "H1", 100_00));
    InputException dup = assertThrows(InputException.class, () -> clear(r, null));
    assertEquals(List.of(new InputError("r.jsonl", 2, "settlement_id", "duplicate settlement id \"A\" (first on line 1)")),
        dup.errors());
    Path good = Records.write(tmp.resolve("g.jsonl"), of("A", "2026-03-02", "INS01", "H1", 100_00));
    Path d = Records.writeLines(tmp.resolve("d.csv"), Reconciliation.DETAIL_HEADER.strip(),
        "A,MATCHED,2026-03-02,H1,INS01,SETTLED,SETTLED,1,1,100.00,100.00,",
        "B,SORT_OF,2026-03-02,H1,INS01,SETTLED,SETTLED,1,1,100.00,100.00,",
        "C,AMOUNT_DIFF,2026-03-32,H1,INS01,SETTLED,SETTLED,1,1,100.00,100.00,",
        "D,AMOUNT_DIFF,2026-03-02,H1,INS01,SETTLED,SETTLED,1,1,1e3,100.00,",
        "E,ONLY_PLATFORM,2026-03-02,H1",
        "\"F,ONLY_PLATFORM,2026-03-02,H1,INS01,SETTLED,,1,,100.00,,");
    InputException bad = assertThrows(InputException.class, () -> clear(good, d));
    assertEquals(List.of(
        "d.csv:3: class: \"SORT_OF\" is not a reconciliation class",
        "d.csv:4: settlement_date: \"2026-03-32\" is not a date YYYY-MM-DD",
        "d.csv:5: platform_payout: \"1e3\" is not an amount like 123.45",
        "d.csv:6: 4 columns, the header has 12",
        "d.csv:7: unterminated quoted field"), bad.errors().stream().map(InputError::toString).toList());
    Path notDetail = Records.writeLines(tmp.resolve("x.csv"), "a,b");
    InputException header = assertThrows(InputException.class, () -> clear(good, notDetail));
    assertEquals("d.csv:1: not a reconciliation detail file: the header must be " + Reconciliation.DETAIL_HEADER.strip(),
        header.errors().get(0).toString());
  }
}
