package org.cosettle.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional claim field {@code diagnosis_date}: absent it is the admission date; read alike by both parsers. */
class ClaimDiagnosisDateTest {
  @TempDir Path dir;

  private static final String GOOD = ClaimsFileTest.GOOD;

  private ClaimsFile.Result read(String... lines) throws IOException {
    Path p = dir.resolve("claims.jsonl");
    Files.write(p, List.of(lines));
    return ClaimsFile.read(p, "claims.jsonl");
  }

  private static String with(String fields) {
    return GOOD.replace("\"total\":", fields + ",\"total\":");
  }

  @Test
  void absentItIsTheAdmissionDate() throws IOException {
    Claim c = read(GOOD).claims().get(0);
    assertEquals(c.admissionDate(), c.diagnosisDate());
  }

  @Test
  void givenItIsReadAlikeByBothParsers() throws Exception {
    String line = with("\"diagnosis_date\":\"2025-11-20\"");
    Claim fast = new ClaimStreamParser().parse(line, 1);
    Claim tree = new ClaimTreeParser("claims.jsonl", 1).parse(line);
    assertEquals(LocalDate.parse("2025-11-20").toEpochDay(), fast.diagnosisDate());
    assertEquals(fast.diagnosisDate(), tree.diagnosisDate());
    assertEquals(fast.diagnosisDate(), read(line).claims().get(0).diagnosisDate());
  }

  @Test
  void aBadOrNullValueIsLocated() throws IOException {
    assertNull(new ClaimStreamParser().parse(with("\"diagnosis_date\":\"2025-02-30\""), 1));
    assertEquals(List.of("claims.jsonl:1: diagnosis_date: \"2025-02-30\" is not a date YYYY-MM-DD"),
        errors(read(with("\"diagnosis_date\":\"2025-02-30\""))));
    assertEquals(List.of("claims.jsonl:1: diagnosis_date: null is not allowed (leave the field out for the admission date)"),
        errors(read(with("\"diagnosis_date\":null"))));
    assertEquals(List.of("claims.jsonl:1: diagnosis_date: date 1899-12-31 out of bounds 1900-01-01..2199-12-31"),
        errors(read(with("\"diagnosis_date\":\"1899-12-31\""))));
  }

  private static List<String> errors(ClaimsFile.Result r) {
    return r.rejected().stream().flatMap(x -> x.errors().stream()).map(InputError::toString).toList();
  }
}
