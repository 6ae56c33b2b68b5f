package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.LineItem;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private tables ({@code private table NAME: TYPE by code size N default V}) and private code
 * sets ({@code private param NAME: set<code>}): hand-computed results of the plaintext evaluator,
 * the insurer's values file with its located errors, and the manifest.
 */
class PrivateTablesTest {
  private static final int DAY = 20_500;
  private static final String POLICY = """
      policy "tables" version 1
      private table drug_ratio: ratio by code size 3 default 10%
      private table cap: money by code size 2 default 100.00
      private param covered: set<code>
      let drugs = sum(item.amount * drug_ratio[item.code] for item in claim.items)
      output payout = if claim.diagnosis in covered then min(drugs, cap[claim.diagnosis]) else 0 to insurer
      output diagnosis_ratio = drug_ratio[claim.diagnosis] to insurer
      """;
  private static final String VALUES = """
      {"drug_ratio": {"entries": {"XA": "33.33%", "XB": 0.5}},
       "cap": {"csv": "cap.csv"},
       "covered": ["C*", "Z51.1"]}
      """;

  @TempDir Path dir;

  @Test
  void lookupsTakeTheEntryOrTheDefaultAndEachProductRoundsOnce() throws Exception {
    CompiledPolicy p = compile(POLICY);
    Files.writeString(dir.resolve("cap.csv"), "code,value\nC34.9,1000.00\n");
    PrivateValues values = read(p, VALUES);
    List<Claim> claims = List.of(
        claim("K1", "C34.9", item("XA", 15), item("XB", 3), item("XC", 10_000)),
        claim("K2", "D12", item("XA", 10_000)),
        claim("K3", "Z51.1", item("XB", -3), item("XC", 200_000)),
        claim("K4", "XA"),
        claim("K5", "Z51.10", item("XC", 10_000)),
        claim("K6", "c34.9", item("XC", 10_000)));
    BatchResult r = Evaluator.evaluate(p, claims, InsuredFile.of(List.of(), List.of(record())), values);
    // K1: 0.15 × 33.33% = 0.049995 → 0.05; 0.03 × 50% = 0.015 → 0.02 (a tie, away from zero); XC is
    //     not in the table: 100.00 × 10% = 10.00. Covered by "C*", under its cap of 1000.00: 10.07.
    // K2: D12 is not covered: 0. K3: -0.03 × 50% = -0.015 → -0.02; 2000.00 × 10% = 200.00; Z51.1 is
    //     covered exactly, its cap the default 100.00. K4: no items. K5: "Z51.1" is not a prefix
    //     element, so Z51.10 is not covered. K6: codes are case-sensitive.
    assertEquals(List.of(1_007L, 0L, 10_000L, 0L, 0L, 0L), column(r, claims.size(), 0));
    // claim-level lookups: only K4's diagnosis "XA" is in drug_ratio
    assertEquals(List.of(1_000L, 1_000L, 1_000L, 3_333L, 1_000L, 1_000L), column(r, claims.size(), 1));
  }

  @Test
  void theExplanationShowsTheValuesTheLookupsGave() throws Exception {
    CompiledPolicy p = compile(POLICY);
    Files.writeString(dir.resolve("cap.csv"), "code,value\n");
    Explanation x = Evaluator.explain(p, List.of(claim("K1", "C34.9", item("XA", 15))),
        InsuredFile.of(List.of(), List.of(record())), read(p, VALUES), "K1");
    assertEquals(List.of("drugs=5", "payout=5", "diagnosis_ratio=1000"),
        x.entries().stream().map(e -> e.name() + "=" + e.value()).toList());
  }

  @Test
  void valuesWithoutTheTablesAreRefusedByTheEvaluator() throws Exception {
    CompiledPolicy p = compile(POLICY);
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> Evaluator.evaluate(p, List.of(claim("K1", "C34.9")), InsuredFile.of(List.of(), List.of(record())), new long[0]));
    assertEquals("the policy has 3 private tables and code sets, 0 were given", e.getMessage());
  }

  @Test
  void badTableFilesAreReportedWithFileLineAndField() throws Exception {
    CompiledPolicy p = compile(POLICY);
    Files.writeString(dir.resolve("cap.csv"), "code,value\nC34.9,1000.00\nC50.9,12.345\nC34.9,5.00\nC*,1.00\n,1.00\nX\n");
    List<String> errors = errors(p, VALUES);
    String csv = dir.resolve("cap.csv").toString();
    assertEquals(List.of(
        csv + ":3: value: \"12.345\" is not a valid money within bounds",
        csv + ":4: code: \"C34.9\" is given twice (first on line 2)",
        csv + ":5: code: \"C*\": a private table matches codes exactly; prefixes (\"C*\") belong in a code set",
        csv + ":6: code: the code is empty",
        csv + ":7: expected 2 cells (code,value), found 1"), errors);
  }

  @Test
  void aTableLargerThanItsDeclaredSizeIsRefused() throws Exception {
    CompiledPolicy p = compile(POLICY);
    Files.writeString(dir.resolve("cap.csv"), "code,value\nA,1.00\nB,2.00\nC,3.00\n");
    String csv = dir.resolve("cap.csv").toString();
    assertEquals(List.of(csv + ":4: cap: 3 entries, more than the declared size 2"), errors(p, VALUES));
    Files.writeString(dir.resolve("cap.csv"), "code,value\nA,1.00\nB,2.00\n");
    assertEquals(List.of("p.json: drug_ratio: 4 entries, more than the declared size 3"), errors(p, VALUES.replace(
        "\"XB\": 0.5", "\"XB\": 0.5, \"XC\": \"1%\", \"XD\": \"2%\"")));
  }

  @Test
  void malformedValuesAndNamesAreReported() throws Exception {
    CompiledPolicy p = compile(POLICY);
    assertEquals(List.of(
        "p.json: drug_ratio.entries.XA: \"1000.5%\" is not a valid ratio within bounds",
        "p.json: drug_ratio.entries.XB: \"true\" is not a valid ratio within bounds",
        "p.json: cap.csv: no such file: " + dir.resolve("nowhere.csv"),
        "p.json: covered[1]: expected a code as a non-empty string",
        "p.json: extra: the policy declares no private param or table of this name"),
        errors(p, """
            {"drug_ratio": {"entries": {"XA": "1000.5%", "XB": true}}, "cap": {"csv": "nowhere.csv"},
             "covered": ["C*", 3], "extra": 1}
            """));
    assertEquals(List.of(
        "p.json: drug_ratio: expected {\"entries\": {CODE: VALUE, ...}} or {\"csv\": \"FILE.csv\"} for the private table"
            + " (ratio table by code, size <= 3, default 0.1000)",
        "p.json: cap: missing values for private table",
        "p.json: covered: expected a JSON array of codes such as [\"C*\", \"Z51.1\"] for the private set<code>"),
        errors(p, "{\"drug_ratio\": {\"XA\": \"10%\"}, \"covered\": \"C*\"}"));
    Files.writeString(dir.resolve("cap.csv"), "code,amount\n");
    assertEquals(List.of(dir.resolve("cap.csv") + ":1: expected the header code,value"), errors(p, VALUES));
  }

  @Test
  void withoutAParamsFileEveryTableIsNamed() throws Exception {
    CompiledPolicy p = compile(POLICY);
    InputException e = assertThrows(InputException.class, () -> PrivateParams.readValues(null, "", p));
    assertEquals(List.of(
        "--params: drug_ratio: the policy declares this private table; give its values with --params FILE",
        "--params: cap: the policy declares this private table; give its values with --params FILE",
        "--params: covered: the policy declares this private code set; give its values with --params FILE"),
        e.errors().stream().map(InputError::toString).toList());
  }

  @Test
  void theManifestNamesTheTablesAndWhatTheDataHolderLearnsOfThem() throws Exception {
    String manifest = compile(POLICY).manifest();
    assertTrue(manifest.contains("  private tables (insurer's, supplied at run time): drug_ratio (ratio table by code,"
        + " size <= 3, default 0.1000), cap (money table by code, size <= 2, default 100.00), covered (set<code>)\n"),
        manifest);
    assertTrue(manifest.contains("the data holder learns nothing of private table drug_ratio but its declared size (3)"
        + " in handshake mode\n"), manifest);
    assertTrue(manifest.contains("the data holder learns nothing of private code set covered in handshake mode"), manifest);
    assertTrue(manifest.contains("  output diagnosis_ratio: joint\n"), manifest);
    assertTrue(manifest.contains("  data_holder: claim.diagnosis, item.amount, item.code\n"), manifest);
  }

  @Test
  void aSetTypeAtTheEndOfALineEndsTheDeclaration() {
    Policies.Result r = Policies.compile(new Source("p.cpl", """
        policy "set at the end" version 1
        private param covered: set<code>
        output o = claim.diagnosis in covered to insurer
        """));
    assertEquals(List.of(), r.diagnostics());
  }

  /** A policy of {@code body} after the declaration of {@code drug_codes}, whose file holds {@code csv}. */
  private Policies.Result withCodeList(String csv, String declaredDigest, String body) throws Exception {
    Files.writeString(dir.resolve("drug-codes.csv"), csv);
    String digest = declaredDigest != null ? declaredDigest
        : CodeUniverse.sha256(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return Policies.compile(new Source(dir.resolve("u.cpl").toString(), "policy \"universe\" version 1\n"
        + "public codes drug_codes: \"drug-codes.csv\" sha256 \"" + digest + "\"\n" + body));
  }

  private static final String UNIVERSE_BODY = """
      private table drug_ratio: ratio by code in drug_codes default 10%
      output payout = sum(item.amount * drug_ratio[item.code] for item in claim.items) to insurer
      """;

  @Test
  void aTableOverAPublicCodeListReadsItsEntryOrTheDefaultAndRefusesEntriesOutsideTheList() throws Exception {
    Policies.Result r = withCodeList("code\nXA\nXB\nXC\n", null, UNIVERSE_BODY);
    assertEquals(List.of(), r.diagnostics());
    CompiledPolicy p = r.policy();
    assertEquals(3, p.privateTables().get(0).size(), "the list's size bounds the table");
    Files.writeString(dir.resolve("ratio.csv"), "code,value\nXA,50%\n");
    PrivateValues values = read(p, "{\"drug_ratio\": {\"csv\": \"ratio.csv\"}}");
    List<Claim> claims = List.of(claim("K1", "C34.9", item("XA", 10_000), item("XB", 10_000), item("QQ", 10_000)),
        claim("K2", "C34.9"));
    // XA its entry (50%); XB listed but not in the table, QQ outside the list: the default 10%
    assertEquals(List.of(7_000L, 0L), column(Evaluator.evaluate(p, claims, InsuredFile.of(List.of(), List.of(record())),
        values), claims.size(), 0));
    Files.writeString(dir.resolve("ratio.csv"), "code,value\nXA,50%\nQQ,20%\n");
    assertEquals(List.of(dir.resolve("ratio.csv") + ":3: code: \"QQ\" is not in the public code list drug_codes ("
        + dir.resolve("drug-codes.csv") + ") that table drug_ratio is indexed by"),
        errors(p, "{\"drug_ratio\": {\"csv\": \"ratio.csv\"}}"));
    assertEquals(1, errors(p, "{\"drug_ratio\": {\"entries\": {\"QQ\": \"20%\"}}}").size());
    String manifest = p.manifest();
    assertTrue(manifest.contains("drug_ratio (ratio table by code in the public code list drug_codes (3 codes, SHA-256 "),
        manifest);
    assertTrue(manifest.contains("both parties hold the public code list drug_codes"), manifest);
    assertTrue(manifest.contains("the data holder learns nothing of private table drug_ratio but the public code list it"
        + " is indexed by, drug_codes, in handshake mode; the insurer learns nothing new"), manifest);
  }

  @Test
  void aCodeListThatIsNotTheDeclaredOneOrNotDeclaredIsAnError() throws Exception {
    String other = "0".repeat(64);
    Policies.Result r = withCodeList("code\nXA\n", other, UNIVERSE_BODY);
    assertTrue(r.diagnostics().get(0).message().startsWith("public code list drug_codes: " + dir.resolve("drug-codes.csv")
        + ": SHA-256 "), r.diagnostics().toString());
    assertTrue(r.diagnostics().get(0).message().contains("but the policy declares " + other), r.diagnostics().toString());
    assertEquals(2, r.diagnostics().get(0).position().line());
    r = withCodeList("code\nXA\nC*\nXA\n", null, UNIVERSE_BODY);
    assertTrue(r.diagnostics().get(0).message().contains("drug-codes.csv:3: code: \"C*\": a public code list holds exact"
        + " codes, not prefixes"), r.diagnostics().toString());
    assertTrue(r.diagnostics().get(0).message().contains("drug-codes.csv:4: code: \"XA\" is given twice (first on line 2)"),
        r.diagnostics().toString());
    r = withCodeList("code\nXA\n", "ABC", UNIVERSE_BODY);
    assertEquals("the SHA-256 of a code list is 64 lower-case hex digits (sha256sum FILE), found \"ABC\"",
        r.diagnostics().get(0).message());
    r = withCodeList("code\nXA\n", null, UNIVERSE_BODY.replace("in drug_codes", "in drug_list"));
    assertTrue(r.diagnostics().get(0).message().startsWith("no public code list named 'drug_list' is declared"),
        r.diagnostics().toString());
  }

  private static CompiledPolicy compile(String text) {
    Policies.Result r = Policies.compile(new Source("tables.cpl", text));
    assertEquals(List.of(), r.diagnostics());
    return r.policy();
  }

  private PrivateValues read(CompiledPolicy p, String json) throws Exception {
    Path file = dir.resolve("p.json");
    Files.writeString(file, json);
    return PrivateParams.readValues(file, "p.json", p);
  }

  private List<String> errors(CompiledPolicy p, String json) {
    InputException e = assertThrows(InputException.class, () -> read(p, json));
    return e.errors().stream().map(InputError::toString).toList();
  }

  private static List<Long> column(BatchResult r, int claims, int output) {
    List<Long> out = new ArrayList<>();
    for (int c = 0; c < claims; c++) {
      out.add(r.output(c, output));
    }
    return out;
  }

  private static InsuredRecord record() {
    return new InsuredRecord("P1", false, DAY - 400, new long[0]);
  }

  private static Claim claim(String id, String diagnosis, LineItem... items) {
    long total = 0;
    for (LineItem i : items) {
      total += i.amount();
    }
    return new Claim(id, "P1", "", VisitType.INPATIENT, 2, DAY, DAY + 3, diagnosis, 60, Sex.FEMALE,
        total, 0, 0, 0, total, total, 0, 0, 0, 0, List.of(items), 0);
  }

  private static LineItem item(String code, long amount) {
    return new LineItem(code, FeeCategory.WESTERN_DRUG, amount, 0, 0, 0, amount, false);
  }
}
