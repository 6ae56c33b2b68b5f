package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/language.md, "Policy years and the waiting period": the worked batch, run by the command line
 * in both modes from the insured file shown, pays as the table says and writes the states file
 * shown; the waiting-period example pays as the text says in both modes.
 */
class PolicyYearsDocTest {
  private static final String HEADER = "insured_id,preexisting,policy_start,deductible_used,paid_ytd,policy_year";
  @TempDir Path tmp;

  private static String doc() throws Exception {
    return Files.readString(LanguageDocTest.DOC);
  }

  private static String policy(String name) throws Exception {
    return LanguageDocTest.blocks(doc(), "cpl").stream().filter(b -> b.startsWith("policy \"" + name + "\""))
        .findFirst().orElseThrow();
  }

  /** A claims line: an outpatient visit on {@code day} paid {@code cash} in cash, optionally with a diagnosis date. */
  private static String claim(String id, String insured, String day, String cash, String diagnosed) {
    return "{\"id\":\"" + id + "\",\"insured_id\":\"" + insured + "\",\"visit_type\":\"INPATIENT\",\"hospital_level\":2,"
        + "\"admission_date\":\"" + day + "\",\"discharge_date\":\"" + LocalDate.parse(day).plusDays(3) + "\","
        + "\"diagnosis\":\"C34.9\",\"patient\":{\"age\":60,\"sex\":\"F\"},\"total\":\"" + cash + "\","
        + "\"full_self_pay\":\"" + cash + "\",\"over_limit\":\"0.00\",\"pre_self_pay\":\"0.00\",\"in_scope\":\"0.00\","
        + "\"fund_paid\":\"0.00\",\"critical_paid\":\"0.00\",\"assistance_paid\":\"0.00\",\"account_paid\":\"0.00\","
        + "\"cash_paid\":\"" + cash + "\"" + (diagnosed == null ? "" : ",\"diagnosis_date\":\"" + diagnosed + "\"") + "}";
  }

  /** Runs {@code policy} on the claims and insured file in {@code mode}; the results and states files. */
  private List<String> run(String policy, List<String> claims, String insured, String mode) throws Exception {
    Path dir = Files.createTempDirectory(tmp, mode);
    Files.writeString(dir.resolve("policy.cpl"), policy);
    Files.writeString(dir.resolve("claims.jsonl"), String.join("\n", claims) + "\n");
    Files.writeString(dir.resolve("insured.csv"), insured);
    Cli r = Cli.run("run", dir.resolve("policy.cpl").toString(), "--claims", dir.resolve("claims.jsonl").toString(),
        "--insured", dir.resolve("insured.csv").toString(), "--out", dir.resolve("results.csv").toString(),
        "--states-out", dir.resolve("states.csv").toString(), "--mode", mode);
    assertEquals(0, r.code(), r.toString());
    return List.of(Files.readString(dir.resolve("results.csv")), Files.readString(dir.resolve("states.csv")));
  }

  @Test
  void theWorkedBatchPaysAsTheTableSaysInBothModes() throws Exception {
    String doc = doc();
    List<String> csv = LanguageDocTest.blocks(doc, "text").stream().filter(b -> b.startsWith(HEADER)).toList();
    assertEquals(2, csv.size());
    List<String> claims = List.of(claim("A1", "P001", "2026-06-30", "2000.00", null),
        claim("A2", "P001", "2026-07-01", "3000.00", null), claim("A3", "P001", "2026-06-15", "3000.00", null),
        claim("B1", "P002", "2027-02-28", "500.00", null), claim("B2", "P002", "2027-03-01", "1500.00", null));
    for (String mode : List.of("plaintext", "handshake")) {
      List<String> out = run(policy("annual-limits"), claims, csv.get(0), mode);
      assertEquals(List.of("500.00", "2000.00", "3000.00", "100.00", "500.00"), payouts(out.get(0)), mode);
      assertEquals(csv.get(1), out.get(1), mode);
    }
    for (String row : List.of("| A1 | P001 | 2026-06-30 | 2,000.00 | 1 | 500.00:", "| A2 | P001 | 2026-07-01 | 3,000.00 | 2 | 2,000.00:",
        "| A3 | P001 | 2026-06-15 | 3,000.00 | 1 | 3,000.00:", "| B1 | P002 | 2027-02-28 | 500.00 | 3 | 100.00:",
        "| B2 | P002 | 2027-03-01 | 1,500.00 | 4 | 500.00:")) {
      assertTrue(doc.contains(row), row);
    }
  }

  @Test
  void checkSaysWhatTheYearRevealsAndThatTheStatesRunOnASegmentedPrefix() throws Exception {
    Files.writeString(tmp.resolve("policy.cpl"), policy("annual-limits"));
    Cli r = Cli.run("check", "--plan", tmp.resolve("policy.cpl").toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("  data_holder: claim.admission_date, claim.cash_paid\n"), r.out());
    assertTrue(r.out().contains("state policy_year after the batch: per insured person, the policy year of their"
        + " latest claim in the batch"), r.out());
    assertTrue(r.out().contains("per policy_year states restart at each person's anniversary, a flag on shares: a"
        + " segmented prefix"), r.out());
    assertTrue(r.out().contains("    paid_ytd: saturating, max(s, min(s + x, limit)), x ≥ 0, restarting on a flag on"
        + " shares\n"), r.out());
    assertTrue(r.out().contains("busiest person of 80 claims: segmented prefix "), r.out());
  }

  @Test
  void explainShowsTheYearAsAnInt() throws Exception {
    String insured = LanguageDocTest.blocks(doc(), "text").stream().filter(b -> b.startsWith(HEADER)).findFirst()
        .orElseThrow();
    Files.writeString(tmp.resolve("policy.cpl"), policy("annual-limits"));
    Files.writeString(tmp.resolve("claims.jsonl"), claim("A1", "P001", "2026-06-30", "2000.00", null) + "\n"
        + claim("A2", "P001", "2026-07-01", "3000.00", null) + "\n");
    Files.writeString(tmp.resolve("insured.csv"), insured);
    Cli r = Cli.run("explain", tmp.resolve("policy.cpl").toString(), "--claims", tmp.resolve("claims.jsonl").toString(),
        "--insured", tmp.resolve("insured.csv").toString(), "--claim", "A2");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("  policy_year = 1\n"), r.out());
    assertTrue(r.out().contains("update policy_year = 2   (was 1)\n"), r.out());
    assertTrue(r.out().contains("update paid_ytd = 2000.00   (was 5000.00)\n"), r.out());
  }

  @Test
  void theWaitingPeriodRunsToTheDiagnosisDateInBothModes() throws Exception {
    List<String> claims = List.of(claim("W1", "P001", "2026-05-01", "10000.00", null),
        claim("W2", "P001", "2026-05-01", "10000.00", "2026-04-01"),
        claim("W3", "P001", "2026-05-01", "10000.00", "2026-03-01"));
    for (String mode : List.of("plaintext", "handshake")) {
      List<String> out = run(policy("waiting-to-diagnosis"), claims,
          "insured_id,preexisting,policy_start\nP001,false,2026-01-01\n", mode);
      assertEquals(List.of("8000.00", "8000.00", "0.00"), payouts(out.get(0)), mode);
    }
    assertTrue(doc().contains("pays 8,000.00 when no diagnosis date is given (day 120) or the diagnosis was on 2026-04-01"));
    assertTrue(doc().contains("and nothing when the illness was\ndiagnosed on 2026-03-01 (day 59)"));
  }

  /** The payout column of a results file (its last column, one row per claim). */
  private static List<String> payouts(String results) {
    return results.lines().skip(1).map(l -> l.substring(l.lastIndexOf(',') + 1)).collect(Collectors.toList());
  }
}
