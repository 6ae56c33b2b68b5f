package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {
  static final String POLICY = ExplainCommandTest.INCLUSIVE.resolve("policy.cpl").toString();
  /** A surgery of 30,000.00 with 5,000.00 class-B co-pay: 5,000.00 eligible under the §10 policy. */
  static final String CLAIM = "{\"visit_type\":\"INPATIENT\",\"hospital_level\":3,\"admission_date\":\"2026-03-01\","
      + "\"discharge_date\":\"2026-03-05\",\"diagnosis\":\"K35.8\",\"patient\":{\"age\":40,\"sex\":\"F\"},"
      + "\"total\":\"30000.00\",\"full_self_pay\":\"0.00\",\"over_limit\":\"0.00\",\"pre_self_pay\":\"5000.00\","
      + "\"in_scope\":\"30000.00\",\"fund_paid\":\"20000.00\",\"critical_paid\":\"0.00\",\"assistance_paid\":\"0.00\","
      + "\"account_paid\":\"0.00\",\"cash_paid\":\"10000.00\",\"items\":[{\"code\":\"ZB11\",\"category\":\"SURGERY\","
      + "\"amount\":\"30000.00\",\"full_self_pay\":\"0.00\",\"over_limit\":\"0.00\",\"pre_self_pay\":\"5000.00\","
      + "\"in_scope\":\"30000.00\",\"special_drug\":false}]}";

  @TempDir Path tmp;

  private Cli test(String... lines) throws Exception {
    Path cases = tmp.resolve("cases.jsonl");
    Files.write(cases, List.of(lines));
    return Cli.run("test", POLICY, cases.toString());
  }

  private static String kase(String name, String insured, String expect) {
    return "{\"name\":\"" + name + "\",\"claim\":" + CLAIM + ",\"insured\":" + insured + "," + expect + "}";
  }

  @Test
  void passingCasesGiveASummaryAndExitZero() throws Exception {
    Cli r = test(
        kase("inside the deductible", "{\"policy_start\":\"2026-01-01\"}", "\"expect\":{\"payout\":\"0.00\"}"),
        "",
        kase("deductible crosses", "{\"policy_start\":\"2026-01-01\",\"preexisting\":false,\"deductible_used\":\"18000.00\"}",
            "\"expect\":{\"payout\":2400},\"expect_states\":{\"deductible_used\":\"20000.00\",\"paid_ytd\":\"2400.00\"}"),
        kase("pre-existing pays 40%", "{\"policy_start\":\"2026-01-01\",\"preexisting\":true,\"deductible_used\":\"20000\"}",
            "\"expect\":{\"payout\":\"2000.00\"}"));
    assertEquals(0, r.code(), r.toString());
    assertEquals("3 passed, 0 failed\n", r.out());
  }

  @Test
  void eachDifferenceIsReportedWithCaseLineAndName() throws Exception {
    Cli r = test(
        kase("fine", "{\"policy_start\":\"2026-01-01\"}", "\"expect\":{\"payout\":\"0.00\"}"),
        kase("deductible crosses", "{\"policy_start\":\"2026-01-01\",\"deductible_used\":\"18000.00\"}",
            "\"expect\":{\"payout\":\"1234.56\"},\"expect_states\":{\"paid_ytd\":\"1234.56\",\"deductible_used\":\"20000.00\"}"),
        "{\"claim\":" + CLAIM + ",\"insured\":{\"policy_start\":\"2026-01-01\"},\"expect\":{\"payout\":\"0.01\"}}");
    assertEquals(1, r.code(), r.toString());
    assertEquals("case 2 (line 2, \"deductible crosses\"): payout: expected 1234.56, got 2400.00\n"
        + "case 2 (line 2, \"deductible crosses\"): paid_ytd (state after the claim): expected 1234.56, got 2400.00\n"
        + "case 3 (line 3): payout: expected 0.01, got 0.00\n"
        + "1 passed, 2 failed\n", r.out());
  }

  @Test
  void badCaseLinesAreLocatedAndNoCaseRuns() throws Exception {
    Cli r = test(
        kase("ok", "{\"policy_start\":\"2026-01-01\"}", "\"expect\":{\"payout\":\"0.00\"}"),
        kase("typos", "{\"policy_start\":\"2026-02-30\",\"deductible\":\"1\"}",
            "\"expect\":{\"payot\":\"0.00\",\"payout\":\"1.005\"},\"expect_states\":{\"paid_ytd\":true}"),
        "{\"claim\":" + CLAIM.replace("\"hospital_level\":3", "\"hospital_level\":7") + ",\"insured\":{\"policy_start\":\"2026-01-01\"}}",
        "not json");
    assertEquals(1, r.code());
    String cases = tmp.resolve("cases.jsonl").toString();
    assertEquals(cases + ":2: insured.deductible: unknown field (expected preexisting, policy_start or a state: deductible_used, paid_ytd)\n"
        + cases + ":2: insured.policy_start: \"2026-02-30\" is not a date YYYY-MM-DD within 1900-01-01..2199-12-31\n"
        + cases + ":2: expect.payot: the policy has no output of this name (outputs: payout)\n"
        + cases + ":2: expect.payout: \"1.005\" is not a money value (\"1234.56\")\n"
        + cases + ":2: expect_states.paid_ytd: true is not a money value (\"1234.56\")\n"
        + cases + ":3: claim.hospital_level: value 7 out of bounds 1..3\n"
        + cases + ":3: expect: nothing to check: give expected outputs in expect and/or states in expect_states\n"
        + cases + ":4: malformed JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n"
        + "no case was run\n", r.err());
    assertEquals("", r.out());
  }

  @Test
  void anEmptyCasesFileIsAnError() throws Exception {
    Cli r = test("");
    assertEquals(1, r.code());
    assertEquals(tmp.resolve("cases.jsonl") + ": no test cases in the file\nno case was run\n", r.err());
  }

  @Test
  void aCaseMayLeaveOutTheClaimFieldsThePolicyDoesNotRead() throws Exception {
    Path policy = tmp.resolve("cash.cpl");
    Files.writeString(policy, """
        policy "cash" version 1
        output payout = max(0, claim.cash_paid - claim.other_insurer_paid - 800.00) to insurer
        """);
    Path cases = tmp.resolve("cash.cases.jsonl");
    // only cash_paid (and the optional other_insurer_paid): (8,800.00 - 3,000.00 - 800.00) = 5,000.00;
    // with items and no claim amounts: the claim's split and total are the items', cash the total
    Files.write(cases, List.of(
        "{\"claim\":{\"cash_paid\":\"8800.00\",\"other_insurer_paid\":\"3000.00\"},"
            + "\"insured\":{\"policy_start\":\"2026-01-01\"},\"expect\":{\"payout\":\"5000.00\"}}",
        "{\"claim\":{\"cash_paid\":\"1000.00\",\"fund_paid\":\"500.00\",\"items\":[{\"amount\":\"1200.00\"},"
            + "{\"in_scope\":\"300.00\",\"full_self_pay\":\"0.00\"}]},"
            + "\"insured\":{\"policy_start\":\"2026-01-01\"},\"expect\":{\"payout\":\"200.00\"}}",
        "{\"claim\":{\"total\":\"900.00\"},\"insured\":{\"policy_start\":\"2026-01-01\"},"
            + "\"expect\":{\"payout\":\"0.00\"}}"));
    Cli r = Cli.run("test", policy.toString(), cases.toString());
    assertEquals(tmp.resolve("cash.cases.jsonl") + ":3: claim.cash_paid: missing field\nno case was run\n", r.err());
    Files.write(cases, List.of(Files.readAllLines(cases).get(0), Files.readAllLines(cases).get(1)));
    r = Cli.run("test", policy.toString(), cases.toString());
    assertEquals("2 passed, 0 failed\n", r.out(), r.toString());
  }

  @Test
  void inHandshakeModeEveryCaseIsSettledOnItsOwnAndADifferenceIsReportedForEachMode() throws Exception {
    Path cases = tmp.resolve("cases.jsonl");
    // the three cases have one insured id (the default): in one batch they would share states
    Files.write(cases, List.of(
        kase("inside the deductible", "{\"policy_start\":\"2026-01-01\"}", "\"expect\":{\"payout\":\"0.00\"}"),
        kase("deductible crosses", "{\"policy_start\":\"2026-01-01\",\"deductible_used\":\"18000.00\"}",
            "\"expect\":{\"payout\":2400},\"expect_states\":{\"deductible_used\":\"20000.00\",\"paid_ytd\":\"2400.00\"}"),
        kase("pre-existing pays 40%", "{\"policy_start\":\"2026-01-01\",\"preexisting\":true,\"deductible_used\":\"20000\"}",
            "\"expect\":{\"payout\":\"2000.00\"}")));
    Cli r = Cli.run("test", "--mode", "handshake", POLICY, cases.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals("3 passed, 0 failed\n", r.out());

    Files.write(cases, List.of(
        kase("deductible crosses", "{\"policy_start\":\"2026-01-01\",\"deductible_used\":\"18000.00\"}",
            "\"expect\":{\"payout\":\"1234.56\"}"),
        kase("fine", "{\"policy_start\":\"2026-01-01\"}", "\"expect\":{\"payout\":\"0.00\"}")));
    r = Cli.run("test", "--mode", "handshake", POLICY, cases.toString());
    assertEquals(1, r.code(), r.toString());
    assertEquals("case 1 (line 1, \"deductible crosses\"): payout: expected 1234.56, got 2400.00\n"
        + "case 1 (line 1, \"deductible crosses\"): in handshake mode, payout: expected 1234.56, got 2400.00\n"
        + "1 passed, 1 failed\n", r.out());
  }

  @Test
  void aPolicyHandshakeModeRefusesFailsWithTheRefusalAndNoCaseResult() throws Exception {
    Path policy = tmp.resolve("grouping.cpl");
    Files.writeString(policy, String.join("\n",
        "policy \"grouping\" version 1",
        "insured field sum_assured: money",
        "output payout = claim.cash_paid * 50% to data_holder",
        "aggregate assured = sum(insured.sum_assured) by claim.hospital_id to data_holder", ""));
    Path cases = tmp.resolve("grouping.jsonl");
    Files.writeString(cases, "{\"claim\":{\"cash_paid\":\"100.00\",\"total\":\"100.00\"},"
        + "\"insured\":{\"policy_start\":\"2025-01-01\",\"sum_assured\":\"1000.00\"},\"expect\":{\"payout\":\"50.00\"}}\n");
    assertEquals("1 passed, 0 failed\n", Cli.run("test", policy.toString(), cases.toString()).out());
    Cli r = Cli.run("test", "--mode", "handshake", policy.toString(), cases.toString());
    assertEquals(1, r.code(), r.toString());
    assertEquals("", r.out());
    assertEquals("cosettle test: handshake mode did not settle the cases: handshake mode cannot settle this batch: "
        + "line 4: aggregate assured groups the insurer's values by hospital for the data holder alone: the insurer "
        + "would learn how many hospitals the batch has\n", r.err());
  }
}
