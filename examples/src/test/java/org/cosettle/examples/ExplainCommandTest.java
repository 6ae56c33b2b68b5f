package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
