package org.cosettle.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimsFileTest {
  @TempDir Path dir;

  static final String GOOD =
      "{\"id\":\"C1\",\"insured_id\":\"P1\",\"visit_type\":\"INPATIENT\",\"hospital_level\":3,"
          + "\"admission_date\":\"2026-03-01\",\"discharge_date\":\"2026-03-10\",\"diagnosis\":\"C34.9\","
          + "\"patient\":{\"age\":63,\"sex\":\"M\"},\"total\":\"85432.10\",\"full_self_pay\":\"12000.00\","
          + "\"over_limit\":\"0.00\",\"pre_self_pay\":\"3000.00\",\"in_scope\":\"73432.10\","
          + "\"fund_paid\":\"50000.00\",\"critical_paid\":\"0.00\",\"assistance_paid\":\"0.00\","
          + "\"account_paid\":\"0.00\",\"cash_paid\":\"35432.10\","
          + "\"items\":[{\"code\":\"XL01XC\",\"category\":\"WESTERN_DRUG\",\"amount\":\"12000.00\","
          + "\"full_self_pay\":\"12000.00\",\"over_limit\":\"0.00\",\"pre_self_pay\":\"0.00\","
          + "\"in_scope\":\"0.00\",\"special_drug\":true},"
          + "{\"code\":\"ZB11\",\"category\":\"06\",\"amount\":\"73432.10\",\"full_self_pay\":\"0.00\","
          + "\"over_limit\":\"0.00\",\"pre_self_pay\":\"3000.00\",\"in_scope\":\"73432.10\","
          + "\"special_drug\":false}]}";

  private ClaimsFile.Result read(String... lines) throws IOException {
    Path p = dir.resolve("claims.jsonl");
    Files.write(p, List.of(lines));
    return ClaimsFile.read(p, "claims.jsonl");
  }

  private String onlyError(ClaimsFile.Result r) {
    assertEquals(0, r.claims().size());
    assertEquals(1, r.rejected().size());
    return r.rejected().get(0).errors().get(0).toString();
  }

  @Test
  void specExampleClaimIsReadExactly() throws IOException {
    ClaimsFile.Result r = read(GOOD);
    assertEquals(List.of(), r.rejected());
    Claim c = r.claims().get(0);
    assertEquals(8_543_210L, c.total());
    assertEquals(3_543_210L, c.cashPaid());
    assertEquals(FeeCategory.SURGERY, c.items().get(1).category());
    assertTrue(c.items().get(0).specialDrug());
    assertEquals(Sex.MALE, c.sex());
    assertEquals("", c.hospitalId());
    assertEquals(1, c.line());
  }

  @Test
  void moneyAsJsonNumberWithExponentIsRejectedNamingTheField() throws IOException {
    String exponent = GOOD.replace("\"total\":\"85432.10\"", "\"total\":8.543210E4")
        .replace("\"amount\":\"12000.00\"", "\"amount\":1.2e4");
    ClaimsFile.Result r = read(exponent);
    assertEquals(List.of("claims.jsonl:1: total: a money amount may not be written with an exponent (found 8.543210E4)",
        "claims.jsonl:1: items[0].amount: a money amount may not be written with an exponent (found 1.2e4)"),
        r.rejected().get(0).errors().stream().map(InputError::toString).toList());
  }

  @Test
  void moneyBeyondDoubleRangeIsAnInputErrorNotACrash() throws IOException {
    assertEquals("claims.jsonl:1: total: a money amount may not be written with an exponent (found 1e400)",
        onlyError(read(GOOD.replace("\"total\":\"85432.10\"", "\"total\":1e400"))));
  }

  @Test
  void nationalAliasesAreAccepted() throws IOException {
    String aliased = GOOD.replace("\"total\":", "\"medfee_sumamt\":").replace("\"cash_paid\":", "\"psn_cash_pay\":");
    assertEquals(1, read(aliased).claims().size());
  }

  @Test
  void bothNamesOfOneFieldAreRejected() throws IOException {
    String both = GOOD.replace("\"total\":\"85432.10\",", "\"total\":\"85432.10\",\"medfee_sumamt\":\"85432.10\",");
    assertEquals("claims.jsonl:1: total: given twice, as total and as its alias medfee_sumamt", onlyError(read(both)));
  }

  @Test
  void moneyWithThreeDecimalsNamesLineAndField() throws IOException {
    ClaimsFile.Result r = read(GOOD, GOOD.replace("C1", "C2").replace("\"over_limit\":\"0.00\",\"pre", "\"over_limit\":\"0.001\",\"pre"));
    assertEquals(1, r.claims().size());
    assertEquals("claims.jsonl:2: over_limit: \"0.001\" is not a money amount with at most 2 decimals",
        r.rejected().get(0).errors().get(0).toString());
  }

  @Test
  void unknownAndMissingFieldsAreReported() throws IOException {
    String bad = GOOD.replace("\"diagnosis\":\"C34.9\",", "\"diagnosys\":\"C34.9\",");
    ClaimsFile.Result r = read(bad);
    List<String> errs = r.rejected().get(0).errors().stream().map(InputError::toString).toList();
    assertTrue(errs.contains("claims.jsonl:1: diagnosys: unknown field"), errs.toString());
    assertTrue(errs.contains("claims.jsonl:1: diagnosis: missing field"), errs.toString());
  }

  @Test
  void brokenInvariantIsRejected() throws IOException {
    String bad = GOOD.replace("\"fund_paid\":\"50000.00\"", "\"fund_paid\":\"50000.01\"");
    assertTrue(onlyError(read(bad)).startsWith("claims.jsonl:1: cash_paid: fund_paid + critical_paid"));
  }

  @Test
  void itemSumsMustMatchClaim() throws IOException {
    String bad = GOOD.replace("\"pre_self_pay\":\"3000.00\",\"in_scope\":\"73432.10\",\"fund", "\"pre_self_pay\":\"3000.01\",\"in_scope\":\"73432.10\",\"fund");
    assertEquals("claims.jsonl:1: pre_self_pay: pre_self_pay 3000.01 != sum over items 3000.00", onlyError(read(bad)));
  }

  @Test
  void duplicateIdIsReportedOnTheLaterLine() throws IOException {
    ClaimsFile.Result r = read(GOOD, "", GOOD);
    assertEquals(1, r.claims().size());
    assertEquals("claims.jsonl:3: id: duplicate claim id \"C1\" (first on line 1)",
        r.rejected().get(0).errors().get(0).toString());
  }

  @Test
  void malformedJsonIsLocated() throws IOException {
    assertTrue(onlyError(read("{\"id\":")).startsWith("claims.jsonl:1: malformed JSON"));
  }

  @Test
  void outOfBoundsValuesAreRejected() throws IOException {
    assertEquals("claims.jsonl:1: hospital_level: value 4 out of bounds 1..3",
        onlyError(read(GOOD.replace("\"hospital_level\":3", "\"hospital_level\":4"))));
    assertEquals("claims.jsonl:1: admission_date: \"2026-02-30\" is not a date YYYY-MM-DD",
        onlyError(read(GOOD.replace("2026-03-01", "2026-02-30"))));
  }

  @Test
  void numbersAreAcceptedForMoney() throws IOException {
    String numeric = GOOD.replace("\"account_paid\":\"0.00\"", "\"account_paid\":0");
    assertEquals(1, read(numeric).claims().size());
  }

  @Test
  void conformanceClaimsFilesAllLoad() throws IOException {
    for (String name : List.of("inclusive", "hospital-totals", "special-drug")) {
      Path p = Path.of("..", "testdata", "conformance", name, "claims.jsonl");
      ClaimsFile.Result r = ClaimsFile.read(p, name);
      assertEquals(List.of(), r.rejected(), name);
      assertTrue(r.claims().size() >= 40, name);
    }
  }

  @Test
  void rejectedLinesAndClaimsWithoutAnInsuredRecordAreReportedTogetherInLineOrder() {
    ClaimsFile.Rejected bad = new ClaimsFile.Rejected(5, "{", List.of(new InputError("c.jsonl", 5, "total", "not a number")));
    Claim stranger = new Claim("C9", "NOBODY", "H1", VisitType.OUTPATIENT, 1, 20_000, 20_000, "A09", 30, Sex.FEMALE,
        100, 0, 0, 0, 100, 0, 0, 0, 0, 100, List.of(), 2);
    List<ClaimsFile.Rejected> all = ClaimsFile.Rejected.withUnknownInsured(List.of(bad), List.of(stranger), "c.jsonl",
        "i.csv");
    assertEquals(List.of(2, 5), all.stream().map(ClaimsFile.Rejected::line).toList());
    assertEquals("{\"line\":2,\"errors\":[\"c.jsonl:2: insured_id: no insured record for \\\"NOBODY\\\" in i.csv\"]}\n"
        + "{\"line\":5,\"errors\":[\"c.jsonl:5: total: not a number\"]}\n", ClaimsFile.Rejected.jsonl(all));
  }
}
