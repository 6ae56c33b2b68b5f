package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.LineItem;
import org.cosettle.core.VisitType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenCommandTest {
  static final Path POLICY = Path.of("..", "testdata", "conformance", "inclusive", "policy.cpl");
  @TempDir static Path tmp;
  static List<Claim> claims;

  static Cli gen(String name, long seed) {
    return Cli.run("gen", "--count", "5000", "--persons", "600", "--seed", Long.toString(seed),
        "--out-claims", tmp.resolve(name + ".jsonl").toString(), "--out-insured", tmp.resolve(name + ".csv").toString(),
        "--policy", POLICY.toString());
  }

  @BeforeAll
  static void generate() throws Exception {
    assertEquals(0, gen("a", 42).code());
    ClaimsFile.Result r = ClaimsFile.read(tmp.resolve("a.jsonl"), "a.jsonl");
    assertEquals(List.of(), r.rejected(), "every generated line passes the claims reader");
    claims = r.claims();
    assertEquals(5000, claims.size());
  }

  @Test
  void theSameSeedGivesTheSameFilesAndAnotherSeedOthers() throws Exception {
    assertEquals(0, gen("b", 42).code());
    assertEquals(Files.readString(tmp.resolve("a.jsonl")), Files.readString(tmp.resolve("b.jsonl")));
    assertEquals(Files.readString(tmp.resolve("a.csv")), Files.readString(tmp.resolve("b.csv")));
    assertEquals(0, gen("c", 43).code());
    assertNotEquals(Files.readString(tmp.resolve("a.jsonl")), Files.readString(tmp.resolve("c.jsonl")));
  }

  @Test
  void insuredFileCarriesThePolicysStatesAndRunsWithIt() throws Exception {
    InsuredFile insured = InsuredFile.read(tmp.resolve("a.csv"), "a.csv", List.of("deductible_used", "paid_ytd"), 10);
    assertEquals(600, insured.records().size());
    assertTrue(insured.records().stream().anyMatch(r -> r.preexisting()));
    assertEquals(0, Cli.run("run", POLICY.toString(), "--claims", tmp.resolve("a.jsonl").toString(),
        "--insured", tmp.resolve("a.csv").toString(), "--out", tmp.resolve("out.csv").toString()).code());
  }

  @Test
  void aPolicyWithFamilyAndPerCodeStatesGetsFamiliesAndEmptyValuesPerCodeThatRun() throws Exception {
    Path policy = tmp.resolve("family.cpl");
    Files.writeString(policy, """
        policy "family-and-drugs" version 1
        insured field family: id
        state family_paid: money by insured.family
        state drug_paid: money by item.code
        let drugs = sum(min(item.in_scope, max(0, 3000.00 - drug_paid[item.code])) for item in claim.items where item.special_drug)
        output payout = min(drugs, max(0, 20000.00 - family_paid)) to insurer
        update family_paid = family_paid + payout
        update drug_paid[item.code] = drug_paid[item.code] + min(item.in_scope, max(0, 3000.00 - drug_paid[item.code])) for item in claim.items where item.special_drug
        """);
    assertEquals(0, Cli.run("gen", "--count", "3000", "--persons", "300", "--seed", "5", "--out-claims",
        tmp.resolve("f.jsonl").toString(), "--out-insured", tmp.resolve("f.csv").toString(), "--policy", policy.toString())
        .code());
    List<String> rows = Files.readAllLines(tmp.resolve("f.csv"));
    assertEquals("insured_id,preexisting,policy_start,family,family_paid,drug_paid", rows.get(0));
    assertTrue(rows.get(1).matches("P000000,(true|false),[0-9-]+,F00000,0.00,"), rows.get(1));
    assertTrue(rows.get(10).matches("P000009,(true|false),[0-9-]+,F00000,0.00,"), rows.get(10));
    assertTrue(rows.get(11).matches("P000010,(true|false),[0-9-]+,F00001,0.00,"), rows.get(11));
    Cli run = Cli.run("run", policy.toString(), "--claims", tmp.resolve("f.jsonl").toString(), "--insured",
        tmp.resolve("f.csv").toString(), "--out", tmp.resolve("f-out.csv").toString(), "--states-out",
        tmp.resolve("f-states.csv").toString());
    assertEquals(0, run.code(), run.toString());
  }

  @Test
  void existingFilesAreReplacedOnlyWithForce() throws Exception {
    assertEquals(0, gen("r", 1).code());
    String claimsBefore = Files.readString(tmp.resolve("r.jsonl"));
    String insuredBefore = Files.readString(tmp.resolve("r.csv"));
    Cli again = gen("r", 2);
    assertEquals(1, again.code(), again.toString());
    assertEquals("cosettle gen: " + tmp.resolve("r.jsonl") + ": refusing to replace an existing file (use --force to "
        + "replace it)\n", again.err());
    assertEquals(claimsBefore, Files.readString(tmp.resolve("r.jsonl")));
    assertEquals(insuredBefore, Files.readString(tmp.resolve("r.csv")));

    Files.delete(tmp.resolve("r.jsonl"));
    Cli insuredOnly = gen("r", 2);
    assertEquals(1, insuredOnly.code(), insuredOnly.toString());
    assertTrue(insuredOnly.err().startsWith("cosettle gen: " + tmp.resolve("r.csv") + ": refusing"), insuredOnly.err());
    assertFalse(Files.exists(tmp.resolve("r.jsonl")), "nothing is written when one file exists");

    Files.createSymbolicLink(tmp.resolve("r.jsonl"), tmp.resolve("nowhere"));
    assertEquals(1, gen("r", 2).code(), "a link counts as a file, wherever it points");
    Files.delete(tmp.resolve("r.jsonl"));

    Cli forced = Cli.run("gen", "--count", "50", "--seed", "2", "--out-claims", tmp.resolve("r.jsonl").toString(),
        "--out-insured", tmp.resolve("r.csv").toString(), "--force");
    assertEquals(0, forced.code(), forced.toString());
    assertNotEquals(insuredBefore, Files.readString(tmp.resolve("r.csv")));

    Cli oneFile = Cli.run("gen", "--count", "5", "--out-claims", tmp.resolve("x.txt").toString(),
        "--out-insured", tmp.resolve(".").resolve("x.txt").toString());
    assertEquals(2, oneFile.code(), oneFile.toString());
    assertTrue(oneFile.err().startsWith("cosettle gen: --out-claims and --out-insured must be two different files\n"),
        oneFile.err());
    assertFalse(Files.exists(tmp.resolve("x.txt")));
  }

  @Test
  void bothFilesHaveTheModeOfEveryOtherOutput() throws Exception {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path results = tmp.resolve("modes-results.csv");
    assertEquals(0, Cli.run("run", POLICY.toString(), "--claims", tmp.resolve("a.jsonl").toString(),
        "--insured", tmp.resolve("a.csv").toString(), "--out", results.toString()).code());
    Set<PosixFilePermission> output = Files.getPosixFilePermissions(results);
    assertEquals(PosixFilePermissions.fromString("rw-r--r--"), output);
    assertEquals(output, Files.getPosixFilePermissions(tmp.resolve("a.jsonl")));
    assertEquals(output, Files.getPosixFilePermissions(tmp.resolve("a.csv")));
  }

  @Test
  void reversalsNegateAnEarlierClaimOfTheSamePerson() {
    List<Claim> reversals = claims.stream().filter(c -> c.total() < 0 && c.fundPaid() < 0).toList();
    assertTrue(reversals.size() > 20, "reversals: " + reversals.size());
    for (Claim r : reversals) {
      assertTrue(claims.stream().anyMatch(c -> c.line() < r.line() && c.insuredId().equals(r.insuredId())
          && c.total() == -r.total() && c.cashPaid() == -r.cashPaid() && c.admissionDate() == r.admissionDate()), r.id());
    }
    assertTrue(claims.stream().anyMatch(c -> c.total() > 0 && c.items().stream().anyMatch(i -> i.amount() < 0)),
        "a refunded item inside an ordinary claim");
  }

  @Test
  void reversalLinksNameTheClaimTakenBackAndRunPaysItBack() throws Exception {
    Cli linked = Cli.run("gen", "--count", "5000", "--persons", "600", "--seed", "42", "--reversal-links",
        "--out-claims", tmp.resolve("links.jsonl").toString(), "--out-insured", tmp.resolve("links.csv").toString(),
        "--policy", POLICY.toString());
    assertEquals(0, linked.code(), linked.toString());
    assertEquals(Files.readString(tmp.resolve("a.csv")), Files.readString(tmp.resolve("links.csv")));
    // the same lines as without the option, a reversal's with the id of the claim it takes back after insured_id
    List<String> plain = Files.readAllLines(tmp.resolve("a.jsonl"));
    List<String> lines = Files.readAllLines(tmp.resolve("links.jsonl"));
    assertEquals(plain.size(), lines.size());
    ClaimsFile.Result read = ClaimsFile.read(tmp.resolve("links.jsonl"), "links.jsonl");
    assertEquals(List.of(), read.rejected(), "every line with a reversal link passes the claims reader");
    Map<String, Claim> byId = new HashMap<>();
    int reversals = 0;
    for (int i = 0; i < lines.size(); i++) {
      Claim c = read.claims().get(i);
      if (c.isReversal()) {
        reversals++;
        Claim target = byId.get(c.reverses());
        assertTrue(target != null && !target.isReversal(), c.id() + " names an earlier ordinary claim");
        assertEquals(target.insuredId(), c.insuredId(), c.id());
        assertEquals(-target.total(), c.total(), c.id());
        String mark = "\"insured_id\":\"" + c.insuredId() + "\"";
        assertEquals(plain.get(i).replace(mark, mark + ",\"reverses\":\"" + target.id() + "\""), lines.get(i));
      } else {
        assertEquals(plain.get(i), lines.get(i));
      }
      byId.put(c.id(), c);
    }
    assertTrue(reversals > 20, "reversals: " + reversals);
    assertEquals(reversals, read.claims().stream().map(Claim::reverses).filter(r -> !r.isEmpty()).distinct().count(),
        "no claim is taken back twice");

    Path results = tmp.resolve("links-out.csv");
    Cli run = Cli.run("run", POLICY.toString(), "--claims", tmp.resolve("links.jsonl").toString(), "--insured",
        tmp.resolve("links.csv").toString(), "--out", results.toString(), "--states-out",
        tmp.resolve("links-states.csv").toString());
    assertEquals(0, run.code(), run.toString());
    Map<String, String> payout = new HashMap<>();
    for (String row : Files.readAllLines(results).subList(1, lines.size() + 1)) {
      payout.put(row.substring(0, row.indexOf(',')), row.substring(row.lastIndexOf(',') + 1));
    }
    int paidBack = 0;
    for (Claim c : read.claims()) {
      if (c.isReversal()) {
        String target = payout.get(c.reverses());
        assertEquals(target.startsWith("-") ? target.substring(1) : target.equals("0.00") ? "0.00" : "-" + target,
            payout.get(c.id()), c.id() + " pays back " + c.reverses());
        paidBack += target.equals("0.00") ? 0 : 1;
      }
    }
    assertTrue(paidBack > 5, "reversals of a claim that paid something: " + paidBack);
  }

  @Test
  void someVisitsForALongStandingConditionCarryAnEarlierDiagnosisDate() {
    List<Claim> dated = claims.stream().filter(c -> c.diagnosisDate() != c.admissionDate()).toList();
    assertTrue(dated.size() > 50 && dated.size() < claims.size() / 5, "claims with a diagnosis date: " + dated.size());
    for (Claim c : dated) {
      int before = c.admissionDate() - c.diagnosisDate();
      assertTrue(before >= 1 && before <= 180, c.id() + ": diagnosed " + before + " days before the admission");
      assertTrue(c.diagnosis().startsWith("C") || Set.of("E11.9", "I10", "N18.5", "I25.1", "J44.9").contains(c.diagnosis()),
          c.id() + " " + c.diagnosis());
    }
  }

  @Test
  void itemsFollowTheVisitType() {
    Map<VisitType, List<Claim>> byType = claims.stream().collect(Collectors.groupingBy(Claim::visitType));
    assertEquals(Set.of(VisitType.values()), byType.keySet());
    for (Claim c : byType.get(VisitType.INPATIENT)) {
      assertTrue(c.items().stream().anyMatch(i -> i.category() == FeeCategory.BED), c.id());
    }
    for (Claim c : byType.get(VisitType.OUTPATIENT)) {
      assertTrue(c.items().stream().noneMatch(i -> i.category() == FeeCategory.BED || i.category() == FeeCategory.SURGERY), c.id());
      assertEquals(c.admissionDate(), c.dischargeDate());
    }
    List<LineItem> special = claims.stream().flatMap(c -> c.items().stream()).filter(LineItem::specialDrug).toList();
    assertTrue(special.size() > 10 && special.stream().allMatch(i -> i.category() == FeeCategory.WESTERN_DRUG));
    assertTrue(claims.stream().filter(c -> c.items().stream().anyMatch(LineItem::specialDrug))
        .allMatch(c -> c.diagnosis().startsWith("C")));
    assertTrue(claims.stream().anyMatch(c -> c.items().isEmpty()));
    assertTrue(claims.stream().flatMap(c -> c.items().stream()).filter(i -> i.amount() > 0)
        .allMatch(i -> i.preSelfPay() >= 0 && i.preSelfPay() <= i.inScope()));
  }

  @Test
  void longStaysLargeBillsAndMissingHospitalsOccur() {
    assertTrue(claims.stream().anyMatch(c -> c.dischargeDate() - c.admissionDate() >= 30));
    assertTrue(claims.stream().anyMatch(c -> c.total() > 500_000_00L), "a bill over 500,000.00 yuan");
    long withoutHospital = claims.stream().filter(c -> c.hospitalId().isEmpty()).count();
    assertTrue(withoutHospital > 100 && withoutHospital < 2500, "without hospital id: " + withoutHospital);
  }

  @Test
  void repeatVisitsAreTheSamePatient() {
    Map<String, List<Claim>> byPerson = claims.stream().collect(Collectors.groupingBy(Claim::insuredId));
    assertTrue(byPerson.values().stream().anyMatch(l -> l.size() >= 10), "someone visits often");
    Map<String, Integer> sexes = new HashMap<>();
    for (Claim c : claims) {
      assertEquals(sexes.computeIfAbsent(c.insuredId(), k -> c.sex().ordinal()), c.sex().ordinal(), c.id());
      int ageSpread = byPerson.get(c.insuredId()).stream().mapToInt(Claim::age).max().getAsInt()
          - byPerson.get(c.insuredId()).stream().mapToInt(Claim::age).min().getAsInt();
      assertTrue(ageSpread <= 1, c.insuredId());
    }
  }
}
