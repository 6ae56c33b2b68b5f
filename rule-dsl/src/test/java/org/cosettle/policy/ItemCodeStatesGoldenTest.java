package org.cosettle.policy;

import static org.cosettle.policy.InsuredFieldsGoldenTest.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.LineItem;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-worked results of a state kept per line item code ({@code state drug_paid: money by
 * item.code}, docs/language.md "States per item code"): a per-drug sub-cap crossed inside a batch,
 * by two items of one drug in one claim.
 */
class ItemCodeStatesGoldenTest {
  static final String POLICY = """
      policy "drug-sub-caps" version 1
      param drug_cap: money = 300000.00
      param ratio: ratio = 80%
      state drug_paid: money by item.code
      state paid_ytd: money
      let pays = sum(min(item.in_scope * ratio, max(0, drug_cap - drug_paid[item.code])) for item in claim.items where item.special_drug)
      output payout = pays to insurer, data_holder
      update drug_paid[item.code] = drug_paid[item.code] + min(item.in_scope * ratio, max(0, drug_cap - drug_paid[item.code])) for item in claim.items where item.special_drug
      update paid_ytd = paid_ytd + pays
      """;
  private static final String HEADER = "insured_id,preexisting,policy_start,drug_paid,paid_ytd\n";

  @TempDir
  Path dir;

  @Test
  void aSubCapIsCrossedByTheSecondItemOfOneDrugInOneClaim() throws Exception {
    CompiledPolicy policy = compile(POLICY);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,XL01XC=250000.00,250000.00\nP2,false,2026-01-01,,\n");
    List<Claim> claims = List.of(
        claim("A", "P1", item("XL01XC", 4_000_000, true), item("XL01XC", 3_000_000, true), item("XL01XE", 1_000_000, true),
            item("ZB06", 500_000, false)),
        claim("B", "P1", item("XL01XC", 1_000_000, true), item("XL01XE", 500_000, true)),
        claim("C", "P2", item("XL01XC", 1_000_000, true)));
    BatchResult r = Evaluator.evaluate(policy, claims, insured, new long[0]);
    // A: XL01XC 80% of 40,000.00 = 32,000.00 (282,000.00 used), then 80% of 30,000.00 = 24,000.00 but
    // 18,000.00 left: 18,000.00 (the cap met); XL01XE 8,000.00; ZB06 is no special drug. B: XL01XC
    // nothing, XL01XE 4,000.00. C: P2's XL01XC is its own, 8,000.00.
    assertEquals(5_800_000L, r.output(0, 0));
    assertEquals(400_000L, r.output(1, 0));
    assertEquals(800_000L, r.output(2, 0));
    assertEquals(Map.of("XL01XC", 30_000_000L, "XL01XE", 1_200_000L), r.valuesByCode(0, 0));
    assertEquals("""
        insured_id,preexisting,policy_start,drug_paid,paid_ytd
        P1,false,2026-01-01,XL01XC=300000.00|XL01XE=12000.00,312000.00
        P2,false,2026-01-01,XL01XC=8000.00,8000.00
        """, r.statesCsv());
    // the states written are the next batch's
    Path next = dir.resolve("next.csv");
    Files.writeString(next, r.statesCsv());
    InsuredFile after = InsuredFile.read(next, "next.csv", policy.insuredFields(), policy.stateColumns(), 100);
    BatchResult again = Evaluator.evaluate(policy, List.of(claim("D", "P1", item("XL01XE", 1_000_000, true))), after,
        new long[0]);
    assertEquals(800_000L, again.output(0, 0));
  }

  @Test
  void manyClaimsWithRepeatedCodesSettleAsClaimByClaimItemByItem() throws Exception {
    CompiledPolicy policy = compile(POLICY);
    StringBuilder csv = new StringBuilder(HEADER);
    int people = 500;
    for (int p = 0; p < people; p++) {
      csv.append("P").append(p).append(",false,2026-01-01,,\n");
    }
    InsuredFile insured = insured(policy, csv.toString());
    List<Claim> claims = new ArrayList<>();
    java.util.Random random = new java.util.Random(13);
    for (int c = 0; c < 10_000; c++) {
      List<LineItem> items = new ArrayList<>();
      for (int i = random.nextInt(5); i >= 0; i--) {
        items.add(item("D" + random.nextInt(3), 100 * random.nextInt(10_000_000), random.nextInt(4) > 0));
      }
      claims.add(claim("C" + c, "P" + random.nextInt(people), items.toArray(new LineItem[0])));
    }
    BatchResult r = Evaluator.evaluate(policy, claims, insured, new long[0], 2);
    List<Map<String, Long>> used = new ArrayList<>();
    for (int p = 0; p < people; p++) {
      used.add(new HashMap<>());
    }
    for (int c = 0; c < claims.size(); c++) {
      Map<String, Long> mine = used.get(Integer.parseInt(claims.get(c).insuredId().substring(1)));
      long pays = 0;
      for (LineItem item : claims.get(c).items()) {
        if (item.specialDrug()) {
          long before = mine.getOrDefault(item.code(), 0L);
          long pay = Math.min(roundedEightyPercent(item.inScope()), Math.max(0, 30_000_000 - before));
          mine.put(item.code(), before + pay);
          pays += pay;
        }
      }
      assertEquals(pays, r.output(c, 0), "claim C" + c);
    }
    for (int p = 0; p < people; p++) {
      Map<String, Long> expected = new HashMap<>(used.get(p));
      assertEquals(expected, r.valuesByCode(p, 0), "P" + p);
    }
  }

  @Test
  void aTestCaseGivesTheValuesPerCodeAsTheInsuredFileWritesThem() throws Exception {
    CompiledPolicy policy = compile(POLICY);
    String claim = "{\"visit_type\":\"INPATIENT\",\"hospital_level\":3,\"admission_date\":\"2026-03-01\","
        + "\"discharge_date\":\"2026-03-10\",\"diagnosis\":\"C50.9\",\"patient\":{\"age\":40,\"sex\":\"F\"},"
        + "\"total\":\"70000.00\",\"full_self_pay\":\"0.00\",\"over_limit\":\"0.00\",\"pre_self_pay\":\"0.00\","
        + "\"in_scope\":\"70000.00\",\"fund_paid\":\"0.00\",\"critical_paid\":\"0.00\",\"assistance_paid\":\"0.00\","
        + "\"account_paid\":\"0.00\",\"cash_paid\":\"70000.00\",\"items\":[{\"code\":\"XL01XC\",\"category\":"
        + "\"WESTERN_DRUG\",\"amount\":\"70000.00\",\"full_self_pay\":\"0.00\",\"over_limit\":\"0.00\",\"pre_self_pay\":"
        + "\"0.00\",\"in_scope\":\"70000.00\",\"special_drug\":true}]}";
    Path cases = dir.resolve("cases.jsonl");
    Files.writeString(cases, "{\"name\":\"cap nearly met\",\"claim\":" + claim + ",\"insured\":{\"policy_start\":"
        + "\"2026-01-01\",\"drug_paid\":\"XL01XC=290000.00\"},\"expect\":{\"payout\":\"10000.00\"}}\n");
    List<TestCase> read = TestCaseFile.read(cases, "cases.jsonl", policy);
    assertEquals(List.of(), read.get(0).differences(policy, new long[0]));
    Files.writeString(cases, "{\"name\":\"n\",\"claim\":" + claim + ",\"insured\":{\"policy_start\":\"2026-01-01\","
        + "\"drug_paid\":\"XL01XC\"},\"expect\":{\"payout\":\"1.00\"},\"expect_states\":{\"drug_paid\":\"1.00\"}}\n");
    InputException e = assertThrows(InputException.class, () -> TestCaseFile.read(cases, "cases.jsonl", policy));
    assertTrue(e.getMessage().contains("insured.drug_paid: expected CODE=VALUE pairs"), e.getMessage());
    assertTrue(e.getMessage().contains("a state kept per item code is not compared by a case"), e.getMessage());
  }

  @Test
  void aBadCellOfAStatePerCodeIsAnErrorOfTheInsuredFile() {
    CompiledPolicy policy = compile(POLICY);
    InputException e = assertThrows(InputException.class, () -> insured(policy, HEADER
        + "P1,false,2026-01-01,XL01XC,\nP2,false,2026-01-01,A=1.00|A=2.00,\nP3,false,2026-01-01,A=1.001,\n"));
    assertTrue(e.getMessage().contains("expected CODE=VALUE pairs separated by |"), e.getMessage());
    assertTrue(e.getMessage().contains("the code \"A\" appears twice"), e.getMessage());
    assertTrue(e.getMessage().contains("not a money amount"), e.getMessage());
  }

  @Test
  void aStatePerCodeIsReadAndUpdatedOnlyPerItem() {
    String head = "policy \"p\" version 1\nstate d: money by item.code\n";
    for (String[] c : new String[][] {
        {"output o = d to insurer\n", "state 'd' is kept per item code: read d[item.code]"},
        {"output o = sum(d[claim.diagnosis] for item in claim.items) to insurer\n", "kept per item code: read d[item.code]"},
        {"output o = claim.total to insurer\nupdate d = 0\n", "update d[item.code] = ... for item in claim.items"},
        {"state e: money\noutput o = claim.total to insurer\nupdate e[item.code] = 0 for item in claim.items\n",
            "state 'e' is not kept per item code"},
        {"state b: bool by item.code\noutput o = claim.total to insurer\n", "a state kept per item code is money or int"},
        {"let t = sum(d[item.code] for item in claim.items)\noutput o = t to insurer\n"
            + "update d[item.code] = d[item.code] + t for item in claim.items\n",
            "reads a claim's value computed from values per item code"},
    }) {
      Policies.Result r = Policies.compile(new Source("bad.cpl", head + c[0]));
      assertTrue(r.diagnostics().stream().anyMatch(d -> d.message().contains(c[1])), c[0] + r.diagnostics());
    }
  }

  private static long roundedEightyPercent(long fen) {
    return (fen * 8 + 5) / 10;
  }

  private InsuredFile insured(CompiledPolicy policy, String csv) throws Exception {
    Path file = dir.resolve("insured.csv");
    Files.writeString(file, csv);
    return InsuredFile.read(file, "insured.csv", policy.insuredFields(), policy.stateColumns(), 100);
  }

  @Test
  void aSubCapPerPolicyYearRestartsEveryCodeAtTheAnniversary() throws Exception {
    CompiledPolicy policy = compile(POLICY.replace("\"drug-sub-caps\"", "\"annual-drug-sub-caps\"")
        .replace("state drug_paid: money by item.code", "state drug_paid: money by item.code per policy_year"));
    InsuredFile insured = insured(policy, HEADER.replace("paid_ytd\n", "paid_ytd,policy_year\n")
        + "P1,false,2025-07-01,XL01XC=290000.00|XL01XE=5000.00,0.00,1\n"
        + "P2,false,2024-02-29,XL01XC=299000.00,0.00,\n");
    List<Claim> claims = List.of(
        dated(claim("A", "P1", item("XL01XC", 4_000_000, true)), "2026-06-30"),
        dated(claim("B", "P1", item("XL01XC", 2_000_000, true), item("XL01XC", 1_000_000, true)), "2026-07-01"),
        dated(claim("C", "P1", item("XL01XC", 1_000_000, true)), "2026-06-20"),
        dated(claim("D", "P2", item("XL01XC", 1_000_000, true)), "2027-03-01"),
        dated(claim("E", "P2", item("XL01XC", 1_000_000, true)), "2028-03-01"));
    BatchResult r = Evaluator.evaluate(policy, claims, insured, new long[0]);
    // A (year 1): 80% of 40,000.00 = 32,000.00, 10,000.00 left of the 300,000.00. B (2026-07-01,
    // year 2): every code restarts, so 16,000.00 then 8,000.00 for the second item of the drug; C
    // (a late claim of year 1) settles against year 2's values: 8,000.00. D: P2 has no year
    // recorded, so its values are the year of its first claim (year 4 from 2027-02-28's end):
    // 1,000.00 left. E: 2028-03-01 is in year 5 (from 29 February 2028): 8,000.00.
    assertEquals(List.of(1_000_000L, 2_400_000L, 800_000L, 100_000L, 800_000L),
        List.of(r.output(0, 0), r.output(1, 0), r.output(2, 0), r.output(3, 0), r.output(4, 0)));
    assertEquals("""
        insured_id,preexisting,policy_start,drug_paid,paid_ytd,policy_year
        P1,false,2025-07-01,XL01XC=32000.00,4200000.00,2
        P2,false,2024-02-29,XL01XC=8000.00,900000.00,5
        """.replace("4200000.00", "42000.00").replace("900000.00", "9000.00"), r.statesCsv());
  }

  private static Claim dated(Claim c, String admitted) {
    int day = (int) java.time.LocalDate.parse(admitted).toEpochDay();
    return new Claim(c.id(), c.insuredId(), c.hospitalId(), c.visitType(), c.hospitalLevel(), day, day, c.diagnosis(),
        c.age(), c.sex(), c.total(), c.fullSelfPay(), c.overLimit(), c.preSelfPay(), c.inScope(), c.fundPaid(),
        c.criticalPaid(), c.assistancePaid(), c.accountPaid(), c.cashPaid(), c.items(), 0);
  }

  private static Claim claim(String id, String insuredId, LineItem... items) {
    long total = 0;
    for (LineItem i : items) {
      total += i.amount();
    }
    return new Claim(id, insuredId, "", VisitType.INPATIENT, 2, 20_500, 20_503, "C50.9", 60, Sex.FEMALE,
        total, 0, 0, 0, total, 0, 0, 0, 0, total, List.of(items), 0);
  }

  private static LineItem item(String code, long inScope, boolean specialDrug) {
    return new LineItem(code, FeeCategory.WESTERN_DRUG, inScope, 0, 0, 0, inScope, specialDrug);
  }
}
