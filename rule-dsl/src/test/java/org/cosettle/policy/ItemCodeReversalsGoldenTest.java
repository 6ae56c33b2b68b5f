package org.cosettle.policy;

import static org.cosettle.policy.InsuredFieldsGoldenTest.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.LineItem;
import org.cosettle.core.SettlementRoute;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.eval.ClaimBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-worked reversals under a state kept per item code (docs/language.md "Reversals"): a per-drug
 * sub-cap met by two items of one drug, taken back code by code in the same batch and through the
 * claim ledger in a later one, and per policy year across an anniversary.
 */
class ItemCodeReversalsGoldenTest {
  /** The worked example of docs/language.md, "Reversals". */
  static final String POLICY = """
      policy "drug-reversals" version 1
      param drug_cap: money = 1000.00
      param ratio: ratio = 80%
      state drug_paid: money by item.code
      let pays = sum(min(item.in_scope * ratio, max(0, drug_cap - drug_paid[item.code])) for item in claim.items)
      output payout = pays to insurer
      update drug_paid[item.code] = drug_paid[item.code] + min(item.in_scope * ratio, max(0, drug_cap - drug_paid[item.code])) for item in claim.items
      """;
  private static final String HEADER = "insured_id,preexisting,policy_start,drug_paid\n";
  private static final String BEFORE = HEADER + "P1,false,2026-01-01,XL01XC=200.00\nP2,false,2026-01-01,\n";

  @TempDir
  Path dir;

  @Test
  void aReversalInTheSameBatchTakesBackEachCodesIncrement() throws Exception {
    CompiledPolicy policy = compile(POLICY);
    BatchResult r = Evaluator.evaluate(policy, batch(), insured(policy, BEFORE), new long[0]);
    // A1: XL01XC 80% of 500.00 = 400.00 (600.00 used), 80% of 700.00 = 560.00 but 400.00 left, XL01XE
    // 80.00: 880.00, increments XL01XC +800.00, XL01XE +80.00. B1 (P2): 80.00. R1 pays back 880.00:
    // XL01XC 1,000.00 - 800.00 = 200.00, XL01XE back to 0.00 (left out of the file). A2: 80% of
    // 1,500.00 = 1,200.00, 800.00 left: 800.00
    assertEquals(List.of(88_000L, 8_000L, -88_000L, 80_000L), payouts(r));
    assertEquals(Map.of("XL01XC", 80_000L, "XL01XE", 8_000L), r.incrementsByCode(0, 0));
    assertEquals(Map.of("XL01XC", -80_000L, "XL01XE", -8_000L), r.incrementsByCode(2, 0));
    assertEquals(HEADER + "P1,false,2026-01-01,XL01XC=1000.00\nP2,false,2026-01-01,XL01XC=80.00\n",
        r.statesCsv());
    // without A2 nothing depended on A1: the states are as if A1 had never been settled
    BatchResult undone = Evaluator.evaluate(policy, List.of(batch().get(0), batch().get(2)), insured(policy, BEFORE),
        new long[0]);
    assertEquals(BEFORE, undone.statesCsv());
  }

  @Test
  void aReversalOfAnEarlierBatchsClaimReadsItsIncrementsPerCodeFromTheLedger() throws Exception {
    CompiledPolicy policy = compile(POLICY);
    BatchResult first = Evaluator.evaluate(policy, batch().subList(0, 2), insured(policy, BEFORE), new long[0]);
    Path file = dir.resolve("ledger.jsonl");
    Files.writeString(file, ClaimLedger.empty(policy).after(first).jsonl());
    assertEquals("""
        {"claim_id":"A1","insured_id":"P1","reverses":"","outputs":{"payout":"880.00"},"increments":{"drug_paid":"0.00"},\
        "increments_by_code":{"drug_paid":{"XL01XC":"800.00","XL01XE":"80.00"}}}
        {"claim_id":"B1","insured_id":"P2","reverses":"","outputs":{"payout":"80.00"},"increments":{"drug_paid":"0.00"},\
        "increments_by_code":{"drug_paid":{"XL01XC":"80.00"}}}
        """, Files.readString(file));
    ClaimLedger ledger = ClaimLedger.read(file, "ledger.jsonl", policy);
    InsuredFile between = insured(policy, first.statesCsv());
    BatchResult second = Evaluator.evaluate(policy, ClaimBatch.of(batch().subList(2, 4), between, ledger.records(),
        ledger.name()), PrivateValues.of(new long[0]), 1);
    assertEquals(List.of(-88_000L, 80_000L), payouts(second));
    assertEquals(HEADER + "P1,false,2026-01-01,XL01XC=1000.00\nP2,false,2026-01-01,XL01XC=80.00\n",
        second.statesCsv());
    String reversed = ledger.after(second).jsonl().lines().toList().get(2);
    assertEquals("{\"claim_id\":\"R1\",\"insured_id\":\"P1\",\"reverses\":\"A1\",\"outputs\":{\"payout\":\"-880.00\"},"
        + "\"increments\":{\"drug_paid\":\"0.00\"},\"increments_by_code\":{\"drug_paid\":{\"XL01XC\":\"-800.00\","
        + "\"XL01XE\":\"-80.00\"}}}", reversed);
    // docs/language.md works this example, docs/files.md shows these ledger lines
    assertTrue(Files.readString(Path.of("..", "docs", "language.md")).contains("```cpl\n" + POLICY + "```\n"));
    String files = Files.readString(Path.of("..", "docs", "files.md"));
    assertTrue(files.contains(Files.readString(file).lines().findFirst().orElseThrow() + "\n" + reversed + "\n"));
    // reversed alone in the second batch, the states are as if A1 had never been settled
    BatchResult undone = Evaluator.evaluate(policy, ClaimBatch.of(batch().subList(2, 3), between, ledger.records(),
        ledger.name()), PrivateValues.of(new long[0]), 1);
    assertEquals(HEADER + "P1,false,2026-01-01,XL01XC=200.00\nP2,false,2026-01-01,XL01XC=80.00\n",
        undone.statesCsv());
  }

  @Test
  void aLedgerWithoutIncrementsPerCodeStillReadsAndABadOneIsRejected() throws Exception {
    CompiledPolicy policy = compile(POLICY);
    Path file = dir.resolve("old.jsonl");
    Files.writeString(file, """
        {"claim_id":"A1","insured_id":"P1","reverses":"","outputs":{"payout":"880.00"},"increments":{"drug_paid":"0.00"}}
        """);
    ClaimLedger old = ClaimLedger.read(file, "old.jsonl", policy);
    assertEquals(Map.of(), old.records().get(0).incrementsByCode(0));
    Files.writeString(file, """
        {"claim_id":"A1","insured_id":"P1","reverses":"","outputs":{"payout":"880.00"},"increments":{"drug_paid":"0.00"},\
        "increments_by_code":{"paid":{"XL01XC":"1.00"},"drug_paid":{"XL01XC":"x"}}}
        """);
    InputException e = assertThrows(InputException.class, () -> ClaimLedger.read(file, "bad.jsonl", policy));
    assertEquals(2, e.errors().size(), e.getMessage());
  }

  @Test
  void aPerYearCodeIsTakenBackOnlyWithinTheYearTheIncrementWentInto() throws Exception {
    CompiledPolicy policy = compile(POLICY.replace("money by item.code", "money by item.code per policy_year"));
    String header = "insured_id,preexisting,policy_start,drug_paid,policy_year\n";
    // P1 started on 2025-07-01, 600.00 of year 1's XL01XC cap used
    String before = header + "P1,false,2025-07-01,XL01XC=600.00,1\n";
    List<Claim> batch = List.of(
        dated("A1", "2026-06-01", "", item("XL01XC", 50_000)),   // year 1: 400.00 left, 1,000.00 used
        dated("A2", "2026-07-10", "", item("XL01XC", 25_000)),   // year 2 restarts: 200.00
        dated("R2", "2026-07-10", "A2", item("XL01XC", 25_000)), // year 2 is recorded: XL01XC back to 0.00
        dated("R1", "2026-06-01", "A1", item("XL01XC", 50_000)), // year 1 is closed: year 2 stays
        dated("A3", "2026-08-01", "", item("XL01XC", 150_000))); // the whole cap of year 2: 1,000.00
    BatchResult whole = Evaluator.evaluate(policy, batch, insured(policy, before), new long[0]);
    assertEquals(List.of(40_000L, 20_000L, -20_000L, -40_000L, 100_000L), payouts(whole));
    assertEquals(Map.of(), whole.incrementsByCode(3, 0));
    assertEquals(header + "P1,false,2025-07-01,XL01XC=1000.00,2\n", whole.statesCsv());
    // the same in two batches, through the ledger
    BatchResult first = Evaluator.evaluate(policy, batch.subList(0, 2), insured(policy, before), new long[0]);
    Path file = dir.resolve("yearly.jsonl");
    Files.writeString(file, ClaimLedger.empty(policy).after(first).jsonl());
    assertEquals("{\"claim_id\":\"A2\",\"insured_id\":\"P1\",\"reverses\":\"\",\"outputs\":{\"payout\":\"200.00\"},"
        + "\"increments\":{\"drug_paid\":\"0.00\",\"policy_year\":\"2\"},\"increments_by_code\":{\"drug_paid\":"
        + "{\"XL01XC\":\"200.00\"}}}", Files.readString(file).lines().toList().get(1));
    ClaimLedger ledger = ClaimLedger.read(file, "yearly.jsonl", policy);
    BatchResult second = Evaluator.evaluate(policy, ClaimBatch.of(batch.subList(2, 5), insured(policy,
        first.statesCsv()), ledger.records(), ledger.name()), PrivateValues.of(new long[0]), 1);
    assertEquals(List.of(-20_000L, -40_000L, 100_000L), payouts(second));
    assertEquals(header + "P1,false,2025-07-01,XL01XC=1000.00,2\n", second.statesCsv());
  }

  /** A1 (P1, two items of XL01XC and one of XL01XE), B1 (P2), R1 reversing A1, A2 (P1). */
  private static List<Claim> batch() {
    return List.of(
        claim("A1", "P1", "", item("XL01XC", 50_000), item("XL01XC", 70_000), item("XL01XE", 10_000)),
        claim("B1", "P2", "", item("XL01XC", 10_000)),
        claim("R1", "P1", "A1", item("XL01XC", 50_000), item("XL01XC", 70_000), item("XL01XE", 10_000)),
        claim("A2", "P1", "", item("XL01XC", 150_000)));
  }

  private static List<Long> payouts(BatchResult r) {
    List<Long> out = new ArrayList<>();
    for (int c = 0; c < r.claimCount(); c++) {
      out.add(r.output(c, 0));
    }
    return out;
  }

  private InsuredFile insured(CompiledPolicy policy, String csv) throws Exception {
    Path file = dir.resolve("insured.csv");
    Files.writeString(file, csv);
    return InsuredFile.read(file, "insured.csv", policy.insuredFields(), policy.stateColumns(), 100);
  }

  /** A claim of P1 admitted on {@code admitted}. */
  private static Claim dated(String id, String admitted, String reverses, LineItem... items) {
    return claim(id, "P1", ReversalsGoldenTest.day(admitted), reverses, items);
  }

  private static Claim claim(String id, String insuredId, String reverses, LineItem... items) {
    return claim(id, insuredId, 20_500, reverses, items);
  }

  static Claim claim(String id, String insuredId, int day, String reverses, LineItem... items) {
    long total = 0;
    for (LineItem i : items) {
      total += i.amount();
    }
    return new Claim(id, insuredId, "", VisitType.INPATIENT, 2, day, day + 3, "C50.9", 60, Sex.FEMALE, total, 0, 0, 0,
        total, 0, 0, 0, 0, total, List.of(items), SettlementRoute.LOCAL, false, 0, day, reverses, 0);
  }

  static LineItem item(String code, long inScope) {
    return new LineItem(code, FeeCategory.WESTERN_DRUG, inScope, 0, 0, 0, inScope, true);
  }
}
