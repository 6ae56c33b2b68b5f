package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/language.md, "A family's policy year": the worked batch of a family of three across its 29
 * February anniversary, run by the command line in both modes from the insured file shown, pays as
 * the table says and writes the states file shown; a file whose members have different starts is
 * refused in both modes; two batches through the states file settle as one; {@code check} says what the family's year reveals; and {@code gen --policy}
 * writes an insured file (one start per family) that both modes settle alike.
 */
class FamilyYearsDocTest {
  private static final String HEADER =
      "insured_id,preexisting,policy_start,family,family_deductible,paid_ytd,family_policy_year,policy_year";
  @TempDir Path tmp;

  private static String doc() throws Exception {
    return Files.readString(LanguageDocTest.DOC);
  }

  private static String policy() throws Exception {
    return LanguageDocTest.blocks(doc(), "cpl").stream().filter(b -> b.startsWith("policy \"family-annual-deductible\""))
        .findFirst().orElseThrow();
  }

  /** A claims line: a stay admitted on {@code day} paid {@code cash} in cash. */
  private static String claim(String id, String insured, String day, String cash) {
    return "{\"id\":\"" + id + "\",\"insured_id\":\"" + insured + "\",\"visit_type\":\"INPATIENT\",\"hospital_level\":2,"
        + "\"admission_date\":\"" + day + "\",\"discharge_date\":\"" + day + "\","
        + "\"diagnosis\":\"C34.9\",\"patient\":{\"age\":60,\"sex\":\"F\"},\"total\":\"" + cash + "\","
        + "\"full_self_pay\":\"" + cash + "\",\"over_limit\":\"0.00\",\"pre_self_pay\":\"0.00\",\"in_scope\":\"0.00\","
        + "\"fund_paid\":\"0.00\",\"critical_paid\":\"0.00\",\"assistance_paid\":\"0.00\",\"account_paid\":\"0.00\","
        + "\"cash_paid\":\"" + cash + "\"}";
  }

  /** Runs the policy on the claims and insured file in {@code mode}: the exit, and the results and states files. */
  private Cli run(Path dir, String claims, String insured, String mode) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("policy.cpl"), policy());
    Files.writeString(dir.resolve("claims.jsonl"), claims);
    Files.writeString(dir.resolve("insured.csv"), insured);
    return Cli.run("run", dir.resolve("policy.cpl").toString(), "--claims", dir.resolve("claims.jsonl").toString(),
        "--insured", dir.resolve("insured.csv").toString(), "--out", dir.resolve("results.csv").toString(),
        "--states-out", dir.resolve("states.csv").toString(), "--mode", mode);
  }

  @Test
  void theWorkedBatchPaysAsTheTableSaysInBothModes() throws Exception {
    String doc = doc();
    List<String> csv = LanguageDocTest.blocks(doc, "text").stream().filter(b -> b.startsWith(HEADER)).toList();
    assertEquals(2, csv.size());
    String claims = String.join("\n", claim("A1", "P1", "2026-02-20", "1000.00"), claim("B1", "P2", "2026-02-28", "600.00"),
        claim("C1", "P3", "2026-03-01", "1200.00"), claim("A2", "P1", "2026-02-25", "1000.00"),
        claim("B2", "P2", "2026-04-01", "500.00")) + "\n";
    for (String mode : List.of("plaintext", "handshake")) {
      Path dir = tmp.resolve(mode);
      Cli r = run(dir, claims, csv.get(0), mode);
      assertEquals(0, r.code(), r.toString());
      assertEquals(List.of("400.00", "480.00", "0.00", "160.00", "400.00"),
          payouts(Files.readString(dir.resolve("results.csv"))), mode);
      assertEquals(csv.get(1), Files.readString(dir.resolve("states.csv")), mode);
      // members of one family with different starts: refused, nothing written
      Path other = tmp.resolve(mode + "-starts");
      Cli refused = run(other, claims, csv.get(0).replace("P2,false,2024-02-29", "P2,false,2024-03-01"), mode);
      assertTrue(refused.code() != 0 && refused.err().contains("insured P2: policy_start differs from that of insured"
          + " P1 of the same family \"F-1\""), refused.toString());
      assertTrue(!Files.exists(other.resolve("results.csv")), mode);
    }
    for (String row : List.of("| A1 | P1 | 2026-02-20 | 1,000.00 | 2 | 400.00:", "| B1 | P2 | 2026-02-28 | 600.00 | 2 | 480.00:",
        "| C1 | P3 | 2026-03-01 | 1,200.00 | 3 | 0.00:", "| A2 | P1 | 2026-02-25 | 1,000.00 | 2 | 160.00:",
        "| B2 | P2 | 2026-04-01 | 500.00 | 3 | 400.00:")) {
      assertTrue(doc.contains(row), row);
    }
  }

  @Test
  void twoBatchesThroughTheStatesFileSettleAsOneInBothModes() throws Exception {
    List<String> csv = LanguageDocTest.blocks(doc(), "text").stream().filter(b -> b.startsWith(HEADER)).toList();
    // A1 and B1 in year 2, then C1 (the anniversary), A2 (late) and B2 from the first batch's states file
    String first = String.join("\n", claim("A1", "P1", "2026-02-20", "1000.00"), claim("B1", "P2", "2026-02-28", "600.00"))
        + "\n";
    String second = String.join("\n", claim("C1", "P3", "2026-03-01", "1200.00"),
        claim("A2", "P1", "2026-02-25", "1000.00"), claim("B2", "P2", "2026-04-01", "500.00")) + "\n";
    for (String mode : List.of("plaintext", "handshake")) {
      Path one = tmp.resolve(mode + "-1");
      Path two = tmp.resolve(mode + "-2");
      assertEquals(0, run(one, first, csv.get(0), mode).code(), mode);
      Cli r = run(two, second, Files.readString(one.resolve("states.csv")), mode);
      assertEquals(0, r.code(), r.toString());
      assertEquals(List.of("400.00", "480.00"), payouts(Files.readString(one.resolve("results.csv"))), mode);
      assertEquals(List.of("0.00", "160.00", "400.00"), payouts(Files.readString(two.resolve("results.csv"))), mode);
      assertEquals(csv.get(1), Files.readString(two.resolve("states.csv")), mode);
    }
  }

  @Test
  void checkSaysWhatTheFamilysYearReveals() throws Exception {
    Files.writeString(tmp.resolve("policy.cpl"), policy());
    Cli r = Cli.run("check", "--plan", tmp.resolve("policy.cpl").toString());
    assertEquals(0, r.code(), r.toString());
    String reveals = "state family_policy_year after the batch: per family (shared by insured.family), the policy year"
        + " of its members' latest claim in the batch";
    assertTrue(r.out().contains(reveals), r.out());
    assertTrue(doc().replaceAll("\\s+", " ").contains(reveals), "language.md quotes it");
    assertTrue(r.out().contains("states between claims: family_deductible on shares, paid_ytd on shares,"
        + " family_policy_year on shares, policy_year on shares"), r.out());
  }

  @Test
  void generatedFamiliesShareOneStartAndSettleAlikeInBothModes() throws Exception {
    Files.writeString(tmp.resolve("policy.cpl"), policy());
    Cli gen = Cli.run("gen", "--count", "120", "--seed", "3", "--out-claims", tmp.resolve("claims.jsonl").toString(),
        "--out-insured", tmp.resolve("insured.csv").toString(), "--policy", tmp.resolve("policy.cpl").toString());
    assertEquals(0, gen.code(), gen.toString());
    List<String> rows = Files.readAllLines(tmp.resolve("insured.csv"));
    assertEquals(HEADER, rows.get(0));
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",");
      String first = rows.stream().filter(r -> r.split(",")[3].equals(cells[3])).findFirst().orElseThrow();
      assertEquals(first.split(",")[2], cells[2], "one start per family: " + row);
    }
    String claims = Files.readString(tmp.resolve("claims.jsonl"));
    String insured = Files.readString(tmp.resolve("insured.csv"));
    Cli plain = run(tmp.resolve("p"), claims, insured, "plaintext");
    Cli handshake = run(tmp.resolve("h"), claims, insured, "handshake");
    assertEquals(0, plain.code(), plain.toString());
    assertEquals(0, handshake.code(), handshake.toString());
    assertEquals(Files.readString(tmp.resolve("p").resolve("results.csv")),
        Files.readString(tmp.resolve("h").resolve("results.csv")));
    assertEquals(Files.readString(tmp.resolve("p").resolve("states.csv")),
        Files.readString(tmp.resolve("h").resolve("states.csv")));
  }

  /** The payout column of a results file (its last column, one row per claim). */
  private static List<String> payouts(String results) {
    return results.lines().skip(1).map(l -> l.substring(l.lastIndexOf(',') + 1)).collect(Collectors.toList());
  }
}
