package org.cosettle.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

  @Test
  void escapesNonAsciiIdsCrLfBomAndAMissingLastNewlineAreRead() throws Exception {
    SettlementRecord plain = Records.settled("S1", "2026-03-01", "医院", 100_00);
    String escaped = plain.canonicalJson().replace("\"S1\"", "\"S\\u0031\"").replace("医院", "\\u533b\\u9662");
    Path f = tmp.resolve("x.jsonl");
    Files.write(f, ("\uFEFF" + escaped + "\r\n  \r\n" + plain.canonicalJson().replace("S1", "S2")).getBytes(StandardCharsets.UTF_8));
    List<SettlementRecord> read = SettlementFile.read(f, "x.jsonl");
    assertEquals(2, read.size());
    assertEquals(plain, read.get(0));
    assertEquals("S2", read.get(1).settlementId());
    assertEquals("医院", read.get(1).hospitalId());
  }

  @Test
  void controlCharactersAndOverlongIdsAreRefusedHoweverWritten() throws Exception {
    String good = Records.settled("S1", "2026-03-01", 100_00).canonicalJson();
    assertEquals(List.of(
        "bad.jsonl:1: hospital_id: contains a control character",
        "bad.jsonl:2: hospital_id: contains a control character",
        "bad.jsonl:3: insured_id: longer than 256 bytes",
        "bad.jsonl:4: settlement_id: must not be empty",
        "bad.jsonl:5: reverses: a record cannot reverse itself"),
        errorsOf(good.replace("\"H1\"", "\"H\\n1\""),
            good.replace("\"H1\"", "\"H\u00851\""),
            good.replace("\"P1\"", "\"" + "患".repeat(86) + "\""),
            good.replace("\"S1\"", "\"\""),
            good.replace("SETTLED", "REVERSED").replace("\"reverses\":\"\"", "\"reverses\":\"S1\"")));
    assertThrows(IllegalArgumentException.class, () -> Records.settled("S\u0085", "2026-03-01", 0));
  }
}
