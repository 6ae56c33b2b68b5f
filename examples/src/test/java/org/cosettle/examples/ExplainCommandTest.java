package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {
  static final Path INCLUSIVE = Path.of("..", "testdata", "conformance", "inclusive");

  private static Cli explain(String claimId) {
    return Cli.run("explain", INCLUSIVE.resolve("policy.cpl").toString(),
        "--claims", INCLUSIVE.resolve("claims.jsonl").toString(),
        "--insured", INCLUSIVE.resolve("insured.csv").toString(), "--claim", claimId);
  }

  @Test
  void showsStatesBeforeThenEachValueWithTheRuleItComesFrom() {
    Cli r = explain("C00005");
    assertEquals(0, r.code(), r.toString());
    String expected = String.join("\n",
        "states before the claim:",
        "  deductible_used = 296768.51",
        "  paid_ytd = 7581.16",
        "let eligible = 41.48",
        "    13 | let eligible = sum(item.pre_self_pay + item.full_self_pay",
        "    14 |                    for item in claim.items where item.category in covered)",
        "let deductible_left = 0.00");
    assertTrue(r.out().contains(expected), r.out());
    assertTrue(r.out().contains("let rate = 0.4000\n"), r.out());
    assertTrue(r.out().contains("output payout = 16.59\n"
        + "    19 | output payout = min(raw, max(0, annual_cap - paid_ytd)) to insurer, data_holder\n"), r.out());
    assertTrue(r.out().endsWith("update paid_ytd = 7597.75   (was 7581.16)\n"
        + "    22 | update paid_ytd = paid_ytd + min(raw, max(0, annual_cap - paid_ytd))\n"), r.out());
  }

  @Test
  void explainedPayoutIsTheOneAFullRunWrites() throws Exception {
    List<String> expected = Files.readAllLines(INCLUSIVE.resolve("expected.csv"));
    for (String row : List.of(expected.get(3), expected.get(17), expected.get(40))) {
      String[] cells = row.split(",");
      Cli r = explain(cells[0]);
      assertTrue(r.out().contains("output payout = " + cells[1] + "\n"), cells[0] + ": " + r.out());
    }
  }

  @Test
  void unknownClaimIdIsAnErrorWithExitOne() {
    Cli r = explain("C99999");
    assertEquals(1, r.code());
    assertEquals("cosettle explain: no claim with id \"C99999\" in the batch\n", r.err());
    assertEquals("", r.out());
  }

  @Test
  void missingClaimOptionIsUsageWithExitTwo() {
    Cli r = Cli.run("explain", INCLUSIVE.resolve("policy.cpl").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Missing required options"), r.err());
  }

  @Test
  void asCaseWritesATestCaseThatPassesAndFailsWhenThePolicyChanges() throws Exception {
    Cli r = Cli.run("explain", INCLUSIVE.resolve("policy.cpl").toString(),
        "--claims", INCLUSIVE.resolve("claims.jsonl").toString(),
        "--insured", INCLUSIVE.resolve("insured.csv").toString(), "--claim", "C00005", "--as-case");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("{\"name\":\"claim C00005 (" + INCLUSIVE.resolve("claims.jsonl") + ":6)\",\"claim\":{"),
        r.out());
    assertTrue(r.out().contains("\"deductible_used\":\"296768.51\",\"paid_ytd\":\"7581.16\"},\"expect\":{\"payout\":\"16.59\""),
        r.out());
    assertTrue(r.out().contains("\"paid_ytd\":\"7597.75\""), r.out());
    Path cases = Files.createTempFile("explained", ".cases.jsonl");
    Path changed = Files.createTempFile("changed", ".cpl");
    try {
      Files.writeString(cases, r.out());
      Cli passed = Cli.run("test", INCLUSIVE.resolve("policy.cpl").toString(), cases.toString());
      assertEquals("1 passed, 0 failed\n", passed.out(), passed.toString());
      // the positive control: the same case against a policy that pays a little more fails
      Files.writeString(changed, Files.readString(INCLUSIVE.resolve("policy.cpl")).replace("40%", "41%"));
      Cli failed = Cli.run("test", changed.toString(), cases.toString());
      assertEquals(1, failed.code(), failed.toString());
      assertTrue(failed.out().endsWith("0 passed, 1 failed\n"), failed.out());
    } finally {
      Files.delete(cases);
      Files.delete(changed);
    }
  }

  /**
   * A case of a policy with insured fields gives them in its insured record as the insured file
   * does (an enum, money, a code set, a family id), so that {@code test} reads it back and passes;
   * without them the case is rejected ("insured.plan: missing").
   */
  @Test
  void asCaseCarriesTheDeclaredInsuredFields(@TempDir Path tmp) throws Exception {
    Path policy = tmp.resolve("family-plans.cpl");
    Files.writeString(policy, String.join("\n",
        "policy \"family-plans\" version 1",
        "insured field plan: enum {BASIC, CARE}",
        "insured field sum_assured: money",
        "insured field exclusions: codes size 8",
        "insured field family: id",
        "state family_paid: money by insured.family",
        "let ratio = if insured.plan == CARE then 90% else 80%",
        "let pay = if claim.diagnosis in insured.exclusions then 0 else max(0, claim.in_scope - claim.fund_paid) * ratio",
        "output payout = min(pay, max(0, insured.sum_assured - family_paid)) to insurer, data_holder",
        "update family_paid = family_paid + min(pay, max(0, insured.sum_assured - family_paid))",
        ""));
    Path claims = tmp.resolve("c.jsonl");
    Path insured = tmp.resolve("i.csv");
    assertEquals(0, Cli.run("gen", "--count", "60", "--persons", "12", "--seed", "3", "--out-claims", claims.toString(),
        "--out-insured", insured.toString(), "--policy", policy.toString()).code());
    List<String> lines = Files.readAllLines(claims);
    Cli r = null;
    for (int k = lines.size() - 1; k >= 0 && (r == null || r.out().contains("\"payout\":\"0.00\"")); k--) {
      String id = new ObjectMapper().readTree(lines.get(k)).get("id").asText();
      r = Cli.run("explain", policy.toString(), "--claims", claims.toString(), "--insured", insured.toString(),
          "--claim", id, "--as-case");
      assertEquals(0, r.code(), r.toString());
    }
    assertTrue(r.out().matches("(?s).*\"plan\":\"(BASIC|CARE)\",\"sum_assured\":\"[0-9]+\\.[0-9]{2}\","
        + "\"exclusions\":\\[[^]]*],\"family\":\"[^\"]+\".*"), r.out());
    assertTrue(!r.out().contains("\"payout\":\"0.00\""), r.out());
    Path cases = tmp.resolve("explained.cases.jsonl");
    Files.writeString(cases, r.out());
    Cli passed = Cli.run("test", policy.toString(), cases.toString());
    assertEquals("1 passed, 0 failed\n", passed.out(), passed.toString());
    // the controls: the case reads its fields, so a sum assured of 0.00 pays nothing and fails,
    // and a case without its plan is rejected as the case --as-case wrote before it gave fields
    Files.writeString(cases, r.out().replaceAll("\"sum_assured\":\"[0-9.]+\"", "\"sum_assured\":\"0.00\""));
    Cli failed = Cli.run("test", policy.toString(), cases.toString());
    assertEquals(1, failed.code(), failed.toString());
    assertTrue(failed.out().endsWith("0 passed, 1 failed\n"), failed.out());
    Files.writeString(cases, r.out().replaceAll("\"plan\":\"[A-Z]+\",", ""));
    Cli rejected = Cli.run("test", policy.toString(), cases.toString());
    assertTrue(rejected.err().contains("insured.plan: missing"), rejected.toString());
  }
}
