package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.Party;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PrivateParams;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every sample policy of examples/policies compiles, passes its own cases and settles generated data sensibly. */
class SamplePoliciesTest {
  static final Path POLICIES = Path.of("policies");
  @TempDir static Path tmp;
  static List<Claim> claims;
  static InsuredFile people;

  @BeforeAll
  static void generate() throws Exception {
    assertEquals(0, Cli.run("gen", "--count", "4000", "--persons", "800", "--seed", "11",
        "--out-claims", tmp.resolve("c.jsonl").toString(), "--out-insured", tmp.resolve("i.csv").toString()).code());
    claims = ClaimsFile.read(tmp.resolve("c.jsonl"), "c.jsonl").claims();
    people = InsuredFile.read(tmp.resolve("i.csv"), "i.csv", List.of(), 10);
  }

  static CompiledPolicy compile(String name) throws Exception {
    Policies.Result r = Policies.compile(new Source(name, Files.readString(POLICIES.resolve(name + ".cpl"))));
    assertEquals(List.of(), r.diagnostics(), name);
    return r.policy();
  }

  static BatchResult settle(CompiledPolicy policy, String name) throws Exception {
    Path params = POLICIES.resolve(name + ".params.json");
    long[] values = PrivateParams.read(Files.exists(params) ? params : null, params.toString(), policy);
    return Evaluator.evaluate(policy, claims, DemoCommand.withStates(people, policy), values);
  }

  @Test
  void everySamplePolicyIsInTheDemoAndPassesItsOwnCases() throws Exception {
    try (var files = Files.list(POLICIES)) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".cpl"))
          .map(f -> f.substring(0, f.length() - 4)).sorted().toList();
      assertEquals(DemoCommand.POLICIES.stream().sorted().toList(), names);
    }
    for (String name : DemoCommand.POLICIES) {
      Path params = POLICIES.resolve(name + ".params.json");
      Cli r = Files.exists(params)
          ? Cli.run("test", POLICIES.resolve(name + ".cpl").toString(), POLICIES.resolve(name + ".cases.jsonl").toString(),
              "--params", params.toString())
          : Cli.run("test", POLICIES.resolve(name + ".cpl").toString(), POLICIES.resolve(name + ".cases.jsonl").toString());
      assertEquals(0, r.code(), name + "\n" + r);
      assertTrue(r.out().endsWith(" passed, 0 failed\n"), r.out());
    }
  }

  @Test
  void cityInclusiveKeepsDeductibleAndCapPerPerson() throws Exception {
    CompiledPolicy p = compile("city-inclusive");
    BatchResult r = settle(p, "city-inclusive");
    long paid = 0;
    for (int i = 0; i < claims.size(); i++) {
      assertTrue(r.output(i, 0) >= 0);
      paid += r.output(i, 0);
    }
    assertTrue(paid > 0);
    for (int k = 0; k < people.records().size(); k++) {
      assertTrue(r.state(k, 0) <= 20_000_00L, "deductible used never exceeds the deductible");
      assertTrue(r.state(k, 1) <= 3_000_000_00L);
    }
  }

  @Test
  void criticalIllnessPaysOnlyCoveredDiagnosesAfterTheWaitingPeriod() throws Exception {
    BatchResult r = settle(compile("critical-illness"), "critical-illness");
    int paid = 0;
    for (int i = 0; i < claims.size(); i++) {
      Claim c = claims.get(i);
      InsuredRecord who = people.records().get(people.indexOf(c.insuredId()));
      if (r.output(i, 0) > 0) {
        paid++;
        assertTrue(!who.preexisting() && c.admissionDate() - who.policyStart() >= 90, c.id());
        assertTrue(c.diagnosis().matches("C.*|I21.*|I63.*|N18\\.5") && !c.diagnosis().startsWith("C44"), c.id());
        assertTrue(r.output(i, 0) <= 500_000_00L);
      }
      assertEquals(r.output(i, 0) > 0 ? 1 : r.output(i, 1), r.output(i, 1), "a payout only on a liable claim: " + c.id());
    }
    assertTrue(paid > 50, "paid claims: " + paid);
  }

  @Test
  void specialDrugPaysOnlyListedDrugsWithinThePerClaimCap() throws Exception {
    BatchResult r = settle(compile("special-drug"), "special-drug");
    int paid = 0;
    for (int i = 0; i < claims.size(); i++) {
      Claim c = claims.get(i);
      boolean listed = c.items().stream().anyMatch(it -> it.specialDrug() || it.code().startsWith("XL01XC") || it.code().startsWith("XL01XE"));
      assertTrue(listed || r.output(i, 0) == 0, c.id());
      assertTrue(r.output(i, 0) <= 50_000_00L, c.id());
      paid += r.output(i, 0) > 0 ? 1 : 0;
    }
    assertTrue(paid > 10, "paid claims: " + paid);
  }

  @Test
  void topUpSettlementPaysNoMoreThanTheLossLeftByOtherInsurers() throws Exception {
    BatchResult r = settle(compile("top-up-settlement"), "top-up-settlement");
    int notSettled = 0;
    int otherPaid = 0;
    for (int i = 0; i < claims.size(); i++) {
      Claim c = claims.get(i);
      long loss = Math.max(0, c.cashPaid() - c.otherInsurerPaid());
      assertTrue(r.output(i, 0) >= 0 && r.output(i, 0) <= loss, c.id());
      if (c.route() == org.cosettle.core.SettlementRoute.NOT_SETTLED && r.output(i, 0) > 0) {
        notSettled++;
        assertEquals(c.fundPaid(), 0L, c.id());
        assertTrue(r.output(i, 0) <= (loss - 800_00) * 6 / 10 + 1, c.id());
      }
      otherPaid += c.otherInsurerPaid() > 0 ? 1 : 0;
    }
    assertTrue(notSettled > 10 && otherPaid > 10, notSettled + " not settled, " + otherPaid + " paid by others");
  }

  @Test
  void hospitalClearingTellsTheInsurerOnlyTotalsPerHospital() throws Exception {
    CompiledPolicy p = compile("hospital-clearing");
    assertEquals(java.util.Set.of(Party.DATA_HOLDER), p.outputs().get(0).recipients());
    BatchResult r = settle(p, "hospital-clearing");
    Map<String, Long> owed = new HashMap<>();
    for (int i = 0; i < claims.size(); i++) {
      owed.merge(claims.get(i).hospitalId(), r.output(i, 0), Long::sum);
    }
    List<BatchResult.AggregateRow> rows = r.aggregates().stream().filter(a -> a.aggregate().equals("owed")).toList();
    assertEquals(owed.size(), rows.size());
    for (BatchResult.AggregateRow row : rows) {
      assertEquals(owed.get(row.group()), row.value(), row.group());
      assertEquals(row.claims() >= 1 && row.claims() < 10, row.withheld(), row.group());
    }
    assertTrue(rows.stream().anyMatch(row -> row.group().isEmpty()), "claims without a hospital id form their own group");
  }
}
