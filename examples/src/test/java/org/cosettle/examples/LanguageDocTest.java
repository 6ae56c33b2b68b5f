package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.LineItem;
import org.cosettle.core.SettlementRoute;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PrivateParams;
import org.cosettle.policy.PrivateValues;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/language.md: every CPL example compiles, and the tutorial's worked example gives the numbers shown. */
class LanguageDocTest {
  static final Path DOC = Path.of("..", "docs", "language.md");
  @TempDir Path tmp;

  /** The contents of every fenced block opened with {@code ```lang}, in order. */
  static List<String> blocks(String markdown, String lang) {
    List<String> blocks = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].equals("```" + lang)) {
        StringBuilder sb = new StringBuilder();
        for (i++; !lines[i].equals("```"); i++) {
          sb.append(lines[i]).append('\n');
        }
        blocks.add(sb.toString());
      }
    }
    return blocks;
  }

  private static String tutorialPolicy() throws Exception {
    return blocks(Files.readString(DOC), "cpl").stream()
        .filter(b -> b.startsWith("policy \"tutorial-top-up\" version 4")).findFirst().orElseThrow();
  }

  @Test
  void everyCplExampleCompiles() throws Exception {
    List<String> examples = blocks(Files.readString(DOC), "cpl");
    assertTrue(examples.size() >= 8, "examples found: " + examples.size());
    // the public code lists the examples name, beside them
    Files.writeString(tmp.resolve("drug-codes.csv"), codeListBlock(Files.readString(DOC)));
    for (String example : examples) {
      Policies.Result r = Policies.compile(new Source(tmp.resolve("language.md").toString(), example));
      assertEquals(List.of(), r.diagnostics(), example);
    }
  }

  @Test
  void theInsuredFieldsExampleIsTheSamplePolicyWhoseCasesPass() throws Exception {
    Path sample = Path.of("policies", "huiminbao-plans.cpl");
    String policy = Files.readString(sample);
    assertTrue(blocks(Files.readString(DOC), "cpl").contains(policy), "docs/language.md shows " + sample);
    Cli r = Cli.run("test", sample.toString(), Path.of("policies", "huiminbao-plans.cases.jsonl").toString());
    assertEquals("5 passed, 0 failed\n", r.out(), r.toString());
  }

  @Test
  void theWorkedExamplesCasesPass() throws Exception {
    Files.writeString(tmp.resolve("tutorial.cpl"), tutorialPolicy());
    List<String> cases = blocks(Files.readString(DOC), "jsonl");
    assertEquals(1, cases.size());
    Files.writeString(tmp.resolve("tutorial.cases.jsonl"), cases.get(0));
    Cli r = Cli.run("test", tmp.resolve("tutorial.cpl").toString(), tmp.resolve("tutorial.cases.jsonl").toString());
    assertEquals("3 passed, 0 failed\n", r.out(), r.toString());
  }

  @Test
  void theExplainOutputShownIsWhatExplainPrints() throws Exception {
    Files.writeString(tmp.resolve("tutorial.cpl"), tutorialPolicy());
    String firstCase = blocks(Files.readString(DOC), "jsonl").get(0).lines().findFirst().orElseThrow();
    ObjectNode claim = (ObjectNode) new ObjectMapper().readTree(firstCase).get("claim");
    claim.put("id", "C0001").put("insured_id", "P001");
    Files.writeString(tmp.resolve("claims.jsonl"), claim + "\n");
    Files.writeString(tmp.resolve("insured.csv"), "insured_id,preexisting,policy_start,deductible_used,paid_ytd\n"
        + "P001,false,2026-01-01,4000.00,0.00\n");
    String shown = blocks(Files.readString(DOC), "text").stream().filter(b -> b.startsWith("$ ./cosettle explain"))
        .findFirst().orElseThrow();
    Cli r = Cli.run("explain", tmp.resolve("tutorial.cpl").toString(), "--claims", tmp.resolve("claims.jsonl").toString(),
        "--insured", tmp.resolve("insured.csv").toString(), "--claim", "C0001");
    assertEquals(0, r.code(), r.toString());
    assertEquals(shown.substring(shown.indexOf('\n') + 1), r.out().replace(tmp + "/", ""));
  }

  @Test
  void theCumulativeBandsExamplePaysAsTheTextSays() throws Exception {
    String doc = Files.readString(DOC);
    String policy = blocks(doc, "cpl").stream().filter(b -> b.startsWith("policy \"cumulative-bands\"")).findFirst()
        .orElseThrow();
    CompiledPolicy p = Policies.compile(new Source("language.md", policy)).policy();
    List<Claim> claims = new ArrayList<>();
    long[] inScope = {3_000_000, 3_000_000, 1_000_001};
    for (int i = 0; i < inScope.length; i++) {
      claims.add(new Claim("C" + i, "P1", "", VisitType.INPATIENT, 3, 20_600 + i, 20_601 + i, "C50.9", 50,
          Sex.FEMALE, inScope[i], 0, 0, 0, inScope[i], 0, 0, 0, 0, inScope[i], List.of(), i + 1));
    }
    BatchResult r = Evaluator.evaluate(p, claims,
        InsuredFile.of(p.stateNames(), List.of(new InsuredRecord("P1", false, 20_000, new long[] {0}))),
        PrivateValues.of(new long[0]));
    assertTrue(doc.contains("claims of 30,000.00, 30,000.00 and 10,000.01 in scope pay\n18,000.00"));
    assertTrue(doc.contains("= 46,000.01 − 38,000.00 = 8,000.01"));
    assertEquals(List.of(1_800_000L, 2_000_000L, 800_001L), List.of(r.output(0, 0), r.output(1, 0), r.output(2, 0)));
    assertEquals(7_000_001L, r.state(0, 0));
  }

  @Test
  void theReversalExampleRunsAsTheTextSays() throws Exception {
    String doc = Files.readString(DOC);
    String[] bills = reversalExample(doc);
    String bill = bills[0];
    String negated = bills[1];
    Cli r = run("first.jsonl", "insured.csv", "states1.csv", "--ledger-out", "ledger1.jsonl");
    assertEquals(0, r.code(), r.toString());
    assertEquals("claim_id,payout\nC0001,8800.00\n", Files.readString(tmp.resolve("out.csv")));
    String line = blocks(doc, "text").stream().filter(b -> b.startsWith("{\"claim_id\":\"C0001\"")).findFirst()
        .orElseThrow();
    assertEquals(line, Files.readString(tmp.resolve("ledger1.jsonl")));
    Files.writeString(tmp.resolve("second.jsonl"), negated.replace("\"id\":\"C0001\"", "\"id\":\"C0002\"")
        .replace("{\"id\"", "{\"reverses\":\"C0001\",\"id\"") + "\n" + bill.replace("C0001", "C0003") + "\n");
    r = run("second.jsonl", "states1.csv", "states2.csv", "--ledger", "ledger1.jsonl", "--ledger-out", "ledger2.jsonl");
    assertEquals(0, r.code(), r.toString());
    assertEquals("claim_id,payout\nC0002,-8800.00\nC0003,8800.00\n", Files.readString(tmp.resolve("out.csv")));
    assertTrue(Files.readString(tmp.resolve("states2.csv")).endsWith("\nP001,false,2026-01-01,1000.00,8800.00\n"));
    assertEquals(3, Files.readAllLines(tmp.resolve("ledger2.jsonl")).size());
    Files.writeString(tmp.resolve("third.jsonl"), negated.replace("\"id\":\"C0001\"", "\"id\":\"C0004\"")
        .replace("{\"id\"", "{\"reverses\":\"C0001\",\"id\"") + "\n");
    r = run("third.jsonl", "states2.csv", "states3.csv", "--ledger", "ledger2.jsonl");
    assertEquals(1, r.code(), r.toString());
    String said = doc.substring(doc.indexOf("`claim C0004 (line 1)") + 1);
    assertTrue(r.err().contains(said.substring(0, said.indexOf('`')).replace("\n", " ")), r.err());
    assertTrue(doc.contains("`C0002` pays −8,800.00 and takes both states back to 0.00"));
  }

  @Test
  void theReversalExampleRunsAsTheTextSaysInHandshakeModeWithBothPartiesLedgersOfShares() throws Exception {
    String[] bills = reversalExample(Files.readString(DOC));
    String bill = bills[0];
    String negated = bills[1];
    Cli r = run("first.jsonl", "insured.csv", "states1.csv", "--mode=handshake", "--ledger-out", "insurer1.jsonl",
        "--platform-ledger-out", "platform1.jsonl");
    assertEquals(0, r.code(), r.toString());
    assertEquals("claim_id,payout\nC0001,8800.00\n", Files.readString(tmp.resolve("out.csv")));
    assertTrue(Files.readString(tmp.resolve("insurer1.jsonl")).contains("\"party\":\"insurer\""));
    Files.writeString(tmp.resolve("second.jsonl"), negated.replace("\"id\":\"C0001\"", "\"id\":\"C0002\"")
        .replace("{\"id\"", "{\"reverses\":\"C0001\",\"id\"") + "\n" + bill.replace("C0001", "C0003") + "\n");
    // the insurer's ledger given as the platform's is its own party's file: refused, nothing written
    r = run("second.jsonl", "states1.csv", "states2.csv", "--mode=handshake", "--ledger", "insurer1.jsonl",
        "--platform-ledger", "insurer1.jsonl");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("this record is insurer's share"), r.err());
    r = run("second.jsonl", "states1.csv", "states2.csv", "--mode=handshake", "--ledger", "insurer1.jsonl",
        "--platform-ledger", "platform1.jsonl", "--ledger-out", "insurer2.jsonl", "--platform-ledger-out",
        "platform2.jsonl");
    assertEquals(0, r.code(), r.toString());
    assertEquals("claim_id,payout\nC0002,-8800.00\nC0003,8800.00\n", Files.readString(tmp.resolve("out.csv")));
    assertTrue(Files.readString(tmp.resolve("states2.csv")).endsWith("\nP001,false,2026-01-01,1000.00,8800.00\n"));
    assertEquals(3, Files.readAllLines(tmp.resolve("platform2.jsonl")).size());
    Files.writeString(tmp.resolve("third.jsonl"), negated.replace("\"id\":\"C0001\"", "\"id\":\"C0004\"")
        .replace("{\"id\"", "{\"reverses\":\"C0001\",\"id\"") + "\n");
    r = run("third.jsonl", "states2.csv", "states3.csv", "--mode=handshake", "--ledger", "insurer2.jsonl",
        "--platform-ledger", "platform2.jsonl");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("claim C0004 (line 1): reverses: claim C0001 is already reversed, by claim C0002 of an"
        + " earlier batch"), r.err());
  }

  /**
   * Writes the reversal example's policy, insured file and first batch (the bill of files.md as
   * C0001); returns the bill's line and the same with its amounts negated.
   */
  private String[] reversalExample(String doc) throws Exception {
    Files.writeString(tmp.resolve("policy.cpl"), blocks(doc, "cpl").stream()
        .filter(b -> b.startsWith("policy \"reversal-sketch\"")).findFirst().orElseThrow());
    String bill = String.join("", blocks(Files.readString(Path.of("..", "docs", "files.md")), "json").get(0).split("\n"));
    Files.writeString(tmp.resolve("insured.csv"), "insured_id,preexisting,policy_start,deductible_used,paid_ytd\n"
        + "P001,false,2026-01-01,0.00,0.00\n");
    Files.writeString(tmp.resolve("first.jsonl"), bill + "\n");
    return new String[] {bill, bill.replaceAll("\"([1-9][0-9]*\\.[0-9]{2})\"", "\"-$1\"")};
  }

  private Cli run(String claims, String insured, String statesOut, String... more) {
    List<String> args = new ArrayList<>(List.of("run", tmp.resolve("policy.cpl").toString(), "--claims",
        tmp.resolve(claims).toString(), "--insured", tmp.resolve(insured).toString(), "--out",
        tmp.resolve("out.csv").toString(), "--states-out", tmp.resolve(statesOut).toString()));
    for (String m : more) {
      args.add(m.startsWith("--") ? m : tmp.resolve(m).toString());
    }
    return Cli.run(args.toArray(new String[0]));
  }

  @Test
  void thePrivateTableExampleReadsItsValuesAndPaysAsTheTextSays() throws Exception {
    String doc = Files.readString(DOC);
    String policy = blocks(doc, "cpl").stream().filter(b -> b.startsWith("policy \"private-drug-list\"")).findFirst()
        .orElseThrow();
    String params = blocks(doc, "json").stream().filter(b -> b.startsWith("{\"drug_ratio\"")).findFirst().orElseThrow();
    Files.writeString(tmp.resolve("params.json"), params);
    Files.writeString(tmp.resolve("drug_ratio.csv"), blocks(doc, "csv").get(0));
    CompiledPolicy p = Policies.compile(new Source("language.md", policy)).policy();
    PrivateValues values = PrivateParams.readValues(tmp.resolve("params.json"), "params.json", p);
    List<LineItem> items = List.of(new LineItem("XL01XC", FeeCategory.WESTERN_DRUG, 1_000_000, 0, 0, 0, 1_000_000, true),
        new LineItem("XL01XF", FeeCategory.WESTERN_DRUG, 100_000, 0, 0, 0, 100_000, true));
    Claim claim = new Claim("C1", "P1", "", VisitType.INPATIENT, 3, 20_600, 20_610, "C50.9", 50, Sex.FEMALE,
        1_100_000, 0, 0, 0, 1_100_000, 0, 0, 0, 0, 1_100_000, items, 1);
    BatchResult r = Evaluator.evaluate(p, List.of(claim),
        InsuredFile.of(List.of(), List.of(new InsuredRecord("P1", false, 20_000, new long[0]))), values);
    assertTrue(doc.contains("= 9,000.00, under its cap of 60,000.00"));
    assertEquals(900_000L, r.output(0, 0));
  }

  /** The public code list of the example of tables over a public code list: the CSV block that starts with its header. */
  private static String codeListBlock(String doc) {
    return blocks(doc, "csv").stream().filter(b -> b.startsWith("code\n")).findFirst().orElseThrow();
  }

  @Test
  void theCodeListExamplePaysAsTheTextSaysInBothModesAndRefusesACodeOutsideTheList() throws Exception {
    String doc = Files.readString(DOC);
    Files.writeString(tmp.resolve("policy.cpl"), blocks(doc, "cpl").stream()
        .filter(b -> b.startsWith("policy \"special-drug-list\"")).findFirst().orElseThrow());
    Files.writeString(tmp.resolve("drug-codes.csv"), codeListBlock(doc));
    Files.writeString(tmp.resolve("params.json"), blocks(doc, "json").stream()
        .filter(b -> b.startsWith("{\"drug_ratio\": {\"csv\": \"drug-ratio.csv\"}")).findFirst().orElseThrow());
    assertTrue(doc.contains("(`code,value`, `XL01XC,90%`, `XL01XE,80%`)"));
    Files.writeString(tmp.resolve("drug-ratio.csv"), "code,value\nXL01XC,90%\nXL01XE,80%\n");
    Files.writeString(tmp.resolve("insured.csv"), "insured_id,preexisting,policy_start\nP1,false,2026-01-01\n");
    Files.writeString(tmp.resolve("claims.jsonl"), claimLine("A", "P1", "15500.00", ",\"items\":["
        + itemJson("XL01XC", "10000.00", true) + "," + itemJson("XL01XE", "2000.00", true) + ","
        + itemJson("XL01XF", "3000.00", true) + "," + itemJson("QZ999", "500.00", true) + "]") + "\n");
    assertTrue(doc.contains("+ 0 + 0 = 6,000.00, in both modes"));
    List<String> settle = List.of("run", tmp.resolve("policy.cpl").toString(), "--claims",
        tmp.resolve("claims.jsonl").toString(), "--insured", tmp.resolve("insured.csv").toString(), "--params",
        tmp.resolve("params.json").toString(), "--out", tmp.resolve("results.csv").toString());
    for (String[] args : List.of(with(settle), with(settle, "--mode", "handshake"))) {
      Cli r = Cli.run(args);
      assertEquals(0, r.code(), r.toString());
      assertEquals("claim_id,payout\nA,6000.00\n", Files.readString(tmp.resolve("results.csv")));
      Files.delete(tmp.resolve("results.csv"));
    }
    Cli check = Cli.run("check", tmp.resolve("policy.cpl").toString());
    assertTrue(check.out().contains("both parties hold the public code list drug_codes"), check.toString());
    JsonNode table = new ObjectMapper().readTree(Cli.run("check", "--json", tmp.resolve("policy.cpl").toString()).out())
        .path("private_tables").get(0);
    assertEquals(4, table.path("code_list").path("codes").asInt(), table.toString());
    Cli plan = Cli.run("check", "--plan", tmp.resolve("policy.cpl").toString());
    assertTrue(plan.out().contains("direct HE lookup at the code's index") && plan.out().contains("1-out-of-5 OT"),
        plan.toString());
    Files.writeString(tmp.resolve("drug-ratio.csv"), "code,value\nXL01XC,90%\nXL01XE,80%\nQZ999,50%\n");
    for (String[] args : List.of(with(settle), with(settle, "--mode", "handshake"))) {
      Cli refused = Cli.run(args);
      assertTrue(refused.code() != 0 && refused.err().contains("drug-ratio.csv:4: code: \"QZ999\" is not in the public"
          + " code list drug_codes ("), refused.toString());
      assertTrue(doc.contains("`drug-ratio.csv:4: code: \"QZ999\" is not in the\npublic code list drug_codes"));
      assertTrue(!Files.exists(tmp.resolve("results.csv")), "nothing written");
    }
  }

  @Test
  void theFamilyExampleSettlesAndWritesTheStatesShownInBothModes() throws Exception {
    runDocExample("family-deductible", "insured_id,preexisting,policy_start,family,deductible_used,family_deductible\n",
        familyClaims("1000.00"), "claim_id,payout\nA1,0.00\nC1,1600.00\nB1,1600.00\nA2,2400.00\nB2,800.00\n", null);
    JsonNode states = new ObjectMapper().readTree(Cli.run("check", "--json", tmp.resolve("policy.cpl").toString()).out())
        .path("learns").path("insurer").path("states");
    assertEquals("insured.family", states.get(1).path("shared_by").asText(), states.toString());
    assertTrue(states.get(0).path("shared_by").isMissingNode(), states.toString());
    assertTrue(states.get(1).path("reveals").asText().startsWith("per family (shared by insured.family)"), states.toString());
    // the two deductibles limit each other: family prefixes in two stages
    String plan = Cli.run("check", "--plan", tmp.resolve("policy.cpl").toString()).out();
    assertTrue(plan.contains("deductible_used: saturating") && plan.contains("stage 1 of 2")
        && plan.contains("family_deductible: saturating") && plan.contains("stage 2 of 2"), plan);
  }

  @Test
  void theFamilyCapExampleSettlesAsPrefixesAndWritesTheStatesShownInBothModes() throws Exception {
    runDocExample("family-cap", "insured_id,preexisting,policy_start,family,deductible_used,family_paid\n",
        familyClaims("10000.00"), "claim_id,payout\nA1,5600.00\nC1,8800.00\nB1,6400.00\nA2,2400.00\nB2,5600.00\n", null);
    String plan = Cli.run("check", "--plan", tmp.resolve("policy.cpl").toString()).out();
    assertTrue(plan.contains("family_paid: saturating") && plan.contains("per family: a segmented prefix in the insurer's"
        + " family order"), plan);
  }

  /** The family examples' claims: A1 (P1) 8,000.00, C1 (P3) 12,000.00, B1 (P2) 9,000.00, A2 (P1) 3,000.00, B2 (P2) {@code b2}. */
  private static String familyClaims(String b2) {
    StringBuilder claims = new StringBuilder();
    String[][] burdens = {{"A1", "P1", "8000.00"}, {"C1", "P3", "12000.00"}, {"B1", "P2", "9000.00"},
        {"A2", "P1", "3000.00"}, {"B2", "P2", b2}};
    for (String[] b : burdens) {
      claims.append(claimLine(b[0], b[1], b[2], "")).append('\n');
    }
    return claims.toString();
  }

  @Test
  void theSubCapExampleSettlesAndWritesTheStatesShownInBothModes() throws Exception {
    String claims = claimLine("A", "P1", "85000.00", ",\"items\":[" + itemJson("XL01XC", "40000.00", true) + ","
        + itemJson("XL01XC", "30000.00", true) + "," + itemJson("XL01XE", "10000.00", true) + ","
        + itemJson("ZB06", "5000.00", false) + "]") + "\n"
        + claimLine("B", "P1", "15000.00", ",\"items\":[" + itemJson("XL01XC", "10000.00", true) + ","
        + itemJson("XL01XE", "5000.00", true) + "]") + "\n";
    String doc = Files.readString(DOC);
    assertTrue(doc.contains("24,000.00 but only 18,000.00 is left, so 18,000.00, and `XL01XE` 8,000.00: 58,000.00 in all"));
    String header = "insured_id,preexisting,policy_start,drug_paid,paid_ytd\n";
    int before = doc.indexOf(header);
    int after = doc.indexOf(header, before + 1);
    Files.writeString(tmp.resolve("policy.cpl"), blocks(doc, "cpl").stream()
        .filter(b -> b.startsWith("policy \"drug-sub-caps\"")).findFirst().orElseThrow());
    Files.writeString(tmp.resolve("insured.csv"), doc.substring(before, doc.indexOf("```", before)));
    Files.writeString(tmp.resolve("claims.jsonl"), claims);
    List<String> settle = List.of("run", tmp.resolve("policy.cpl").toString(), "--claims",
        tmp.resolve("claims.jsonl").toString(), "--insured", tmp.resolve("insured.csv").toString(), "--out",
        tmp.resolve("results.csv").toString());
    Cli plain = Cli.run(with(settle, "--states-out", tmp.resolve("states.csv").toString()));
    assertEquals(0, plain.code(), plain.toString());
    assertEquals("claim_id,payout\nA,58000.00\nB,4000.00\n", Files.readString(tmp.resolve("results.csv")));
    assertEquals(doc.substring(after, doc.indexOf("```", after)), Files.readString(tmp.resolve("states.csv")));
    // handshake mode: the same payouts, and no states file without the kept shares (it would lose the batch's values per code)
    Files.delete(tmp.resolve("results.csv"));
    Cli secure = Cli.run(with(settle, "--mode", "handshake"));
    assertEquals(0, secure.code(), secure.toString());
    assertEquals("claim_id,payout\nA,58000.00\nB,4000.00\n", Files.readString(tmp.resolve("results.csv")));
    Files.delete(tmp.resolve("results.csv"));
    Cli refused = Cli.run(with(settle, "--mode", "handshake", "--states-out", tmp.resolve("states2.csv").toString()));
    assertTrue(refused.code() != 0 && refused.err().contains("state drug_paid is kept per item code")
        && refused.err().contains("a states file needs them written too (--kept-shares-out)"), refused.toString());
    assertTrue(!Files.exists(tmp.resolve("results.csv")) && !Files.exists(tmp.resolve("states2.csv")), "nothing written");
    Cli plan = Cli.run("check", "--plan", tmp.resolve("policy.cpl").toString());
    assertTrue(plan.code() == 0 && plan.out().contains("drug_paid per item code on shares"), plan.toString());
    String[] batch = {tmp.resolve("policy.cpl").toString(), "--claims", tmp.resolve("claims.jsonl").toString(),
        "--insured", tmp.resolve("insured.csv").toString(), "--claim", "B"};
    Cli explained = Cli.run(concat("explain", batch));
    assertTrue(explained.out().contains("  drug_paid = XL01XC=300000.00|XL01XE=8000.00 (per item code)\n"),
        explained.toString());
    Files.writeString(tmp.resolve("case.jsonl"), Cli.run(concat("explain", concat("--as-case", batch))).out());
    Cli tested = Cli.run("test", tmp.resolve("policy.cpl").toString(), tmp.resolve("case.jsonl").toString());
    assertEquals("1 passed, 0 failed\n", tested.out(), tested.toString());
  }

  private static String[] with(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  private static String[] concat(String first, String... rest) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(rest));
    return all.toArray(new String[0]);
  }

  /**
   * Runs the language.md policy {@code name} over {@code claims} and the doc's first insured file
   * with {@code insuredHeader}, expecting {@code results} and the doc's second such file as the
   * states; then in handshake mode, expecting the same results and states when {@code refusal} is
   * null, else a refusal saying {@code refusal} and nothing written.
   */
  private void runDocExample(String name, String insuredHeader, String claims, String results, String refusal)
      throws Exception {
    String doc = Files.readString(DOC);
    String policy = blocks(doc, "cpl").stream().filter(b -> b.startsWith("policy \"" + name + "\"")).findFirst()
        .orElseThrow();
    int before = doc.indexOf(insuredHeader);
    int after = doc.indexOf(insuredHeader, before + 1);
    Files.writeString(tmp.resolve("policy.cpl"), policy);
    Files.writeString(tmp.resolve("insured.csv"), doc.substring(before, doc.indexOf("```", before)));
    Files.writeString(tmp.resolve("claims.jsonl"), claims);
    String[] files = {"--claims", tmp.resolve("claims.jsonl").toString(), "--insured", tmp.resolve("insured.csv").toString(),
        "--out", tmp.resolve("results.csv").toString(), "--states-out", tmp.resolve("states.csv").toString()};
    List<String> args = new ArrayList<>(List.of("run", tmp.resolve("policy.cpl").toString()));
    args.addAll(List.of(files));
    Cli r = Cli.run(args.toArray(new String[0]));
    assertEquals(0, r.code(), r.toString());
    assertEquals(results, Files.readString(tmp.resolve("results.csv")));
    assertEquals(doc.substring(after, doc.indexOf("```", after)), Files.readString(tmp.resolve("states.csv")));
    args.add("--mode");
    args.add("handshake");
    Files.delete(tmp.resolve("results.csv"));
    if (refusal == null) {
      // handshake mode settles it to the same results and states
      Files.delete(tmp.resolve("states.csv"));
      Cli handshake = Cli.run(args.toArray(new String[0]));
      assertEquals(0, handshake.code(), handshake.toString());
      assertEquals(results, Files.readString(tmp.resolve("results.csv")));
      assertEquals(doc.substring(after, doc.indexOf("```", after)), Files.readString(tmp.resolve("states.csv")));
      Cli plan = Cli.run("check", "--plan", tmp.resolve("policy.cpl").toString());
      assertEquals(0, plan.code(), plan.toString());
      return;
    }
    Cli refused = Cli.run(args.toArray(new String[0]));
    assertTrue(refused.code() != 0 && refused.err().contains(refusal), refused.toString());
    assertTrue(!Files.exists(tmp.resolve("results.csv")), "nothing written");
    Cli plan = Cli.run("check", "--plan", tmp.resolve("policy.cpl").toString());
    assertTrue(plan.code() != 0 && plan.out().contains("handshake mode cannot run this policy") && plan.out().contains(refusal),
        plan.toString());
  }

  /** A claims-file line of an inpatient stay whose in-scope amount and cash are {@code amount}; {@code more} is appended JSON. */
  static String claimLine(String id, String insuredId, String amount, String more) {
    return "{\"id\":\"" + id + "\",\"insured_id\":\"" + insuredId + "\",\"visit_type\":\"INPATIENT\",\"hospital_level\":3,"
        + "\"admission_date\":\"2026-03-01\",\"discharge_date\":\"2026-03-10\",\"diagnosis\":\"K35.8\",\"patient\":"
        + "{\"age\":40,\"sex\":\"F\"},\"total\":\"" + amount + "\",\"full_self_pay\":\"0.00\",\"over_limit\":\"0.00\","
        + "\"pre_self_pay\":\"0.00\",\"in_scope\":\"" + amount + "\",\"fund_paid\":\"0.00\",\"critical_paid\":\"0.00\","
        + "\"assistance_paid\":\"0.00\",\"account_paid\":\"0.00\",\"cash_paid\":\"" + amount + "\"" + more + "}";
  }

  static String itemJson(String code, String inScope, boolean specialDrug) {
    return "{\"code\":\"" + code + "\",\"category\":\"WESTERN_DRUG\",\"amount\":\"" + inScope + "\",\"full_self_pay\":"
        + "\"0.00\",\"over_limit\":\"0.00\",\"pre_self_pay\":\"0.00\",\"in_scope\":\"" + inScope + "\",\"special_drug\":"
        + specialDrug + "}";
  }

  /** A stay the patient paid {@code cash} fen of in cash, with the settlement fields given. */
  private static Claim stay(String id, long cash, SettlementRoute route, boolean threshold, long otherPaid) {
    return new Claim(id, "P1", "", VisitType.INPATIENT, 2, 20_575, 20_582, "K80.1", 47, Sex.FEMALE, cash, cash - 1_200_00,
        0, 0, 1_200_00, 0, 0, 0, 0, cash, List.of(), route, threshold, otherPaid, 1);
  }

  private long[] payouts(String policyName, Claim... claims) throws Exception {
    String text = blocks(Files.readString(DOC), "cpl").stream()
        .filter(b -> b.startsWith("policy \"" + policyName + "\"")).findFirst().orElseThrow();
    CompiledPolicy p = Policies.compile(new Source("language.md", text)).policy();
    BatchResult r = Evaluator.evaluate(p, List.of(claims),
        InsuredFile.of(List.of(), List.of(new InsuredRecord("P1", false, 20_000, new long[0]))), new long[0]);
    long[] got = new long[claims.length];
    for (int i = 0; i < got.length; i++) {
      got[i] = r.output(i, 0);
    }
    return got;
  }

  @Test
  void theSettlementExamplesPayAsTheTextSays() throws Exception {
    String doc = Files.readString(DOC);
    Claim below = stay("BELOW", 7_000_00, SettlementRoute.LOCAL, true, 0);
    Claim notSettled = stay("NOT", 7_000_00, SettlementRoute.NOT_SETTLED, false, 0);
    assertTrue(doc.contains("pays (7,000.00 − 800.00) × 100% = 6,200.00"));
    assertTrue(doc.contains("The same bill `NOT_SETTLED` pays 3,720.00 rightly."));
    assertArrayEquals(new long[] {6_200_00, 3_720_00},
        payouts("settlement-route", below, notSettled));
    Claim other = stay("OTHER", 8_800_00, SettlementRoute.LOCAL, true, 3_000_00);
    Claim alone = stay("ALONE", 8_800_00, SettlementRoute.LOCAL, true, 0);
    assertTrue(doc.contains("absolute form pays (8,800.00 − 3,000.00 − 2,000.00) × 80% = 3,040.00"));
    assertTrue(doc.contains("(8,800.00 − max(2,000.00, 3,000.00)) × 80% = 4,640.00"));
    assertTrue(doc.contains("(8,800.00 − 2,000.00) × 80% = 5,440.00"));
    assertArrayEquals(new long[] {3_040_00, 5_440_00},
        payouts("other-insurer-absolute", other, alone));
    assertArrayEquals(new long[] {4_640_00, 5_440_00},
        payouts("other-insurer-relative", other, alone));
  }
}
