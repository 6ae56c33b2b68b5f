package org.cosettle.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettlementFileTest {
  @TempDir Path tmp;

  @Test
  void writtenRecordsReadBackEqual() throws Exception {
    SettlementRecord a = Records.settled("S1", "2026-03-01", 100_00);
    SettlementRecord b = a.reversal("S1-R", a.settlementDate().plusDays(1));
    Path f = Records.write(tmp.resolve("s.jsonl"), a, b);
    assertEquals(List.of(a, b), SettlementFile.read(f, "s.jsonl"));
  }

  @Test
  void fieldsInAnyOrderWithSpacesAndNumbersForMoneyAreAccepted() throws Exception {
    String line = "{ \"flag\": \"\", \"payout_excess\": 0, \"patient_cash\": \"300.00\", \"commercial_payout\": 100,"
        + " \"personal_account\": \"0\", \"basic_insurance\": 600.00, \"total\": \"1000.00\", \"claim_id\": \"C-S1\","
        + " \"insured_id\": \"P1\", \"insurer_id\": \"INS01\", \"hospital_id\": \"H1\", \"reverses\": \"\","
        + " \"status\": \"SETTLED\", \"settlement_date\": \"2026-03-01\", \"settlement_id\": \"S1\" }";
    assertEquals(Records.settled("S1", "2026-03-01", 100_00), SettlementFile.parseLine(line, "f", 1));
  }

  private List<String> errorsOf(String... lines) throws Exception {
    Path f = Records.writeLines(tmp.resolve("bad.jsonl"), lines);
    InputException e = assertThrows(InputException.class, () -> SettlementFile.read(f, "bad.jsonl"));
    return e.errors().stream().map(InputError::toString).toList();
  }

  @Test
  void everyKindOfBadLineIsReportedWithFileLineAndField() throws Exception {
    String good = Records.settled("S1", "2026-03-01", 100_00).canonicalJson();
    assertEquals(List.of(
        "bad.jsonl:2: settlement_date: \"2026-02-30\" is not a date YYYY-MM-DD",
        "bad.jsonl:3: total: \"1,000.00\" is not an amount like 123.45",
        "bad.jsonl:4: flag: missing",
        "bad.jsonl:5: status: \"PAID\" is not SETTLED or REVERSED",
        "bad.jsonl:6: colour: unknown field",
        "bad.jsonl:7: expected ',' or '}' at column 23",
        "bad.jsonl:8: reverses: a REVERSED record must name the settlement it reverses",
        "bad.jsonl:9: total: basic_insurance + personal_account + commercial_payout + patient_cash = 1000.00, not the total 1000.01",
        "bad.jsonl:10: settlement_id: null is not allowed",
        "bad.jsonl:12: settlement_id: given twice"),
        errorsOf(good,
            good.replace("2026-03-01", "2026-02-30"),
            good.replace("\"1000.00\"", "\"1,000.00\""),
            good.replace(",\"flag\":\"\"", ""),
            good.replace("SETTLED", "PAID"),
            good.replace("{", "{\"colour\":\"red\","),
            "{\"settlement_id\":\"S1\" \"status\":\"SETTLED\"}",
            good.replace("SETTLED", "REVERSED"),
            good.replace("\"total\":\"1000.00\"", "\"total\":\"1000.01\""),
            good.replace("\"S1\"", "null"),
            "",
            good.replace("{", "{\"settlement_id\":\"S0\",")));
  }
}
