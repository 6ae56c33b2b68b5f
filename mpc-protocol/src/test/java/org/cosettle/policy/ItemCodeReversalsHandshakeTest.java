package org.cosettle.policy;

import static org.cosettle.policy.InsuredFieldsGoldenTest.compile;
import static org.cosettle.policy.ItemCodeLedgerHandshakeTest.dated;
import static org.cosettle.policy.ItemCodeLedgerHandshakeTest.payouts;
import static org.cosettle.policy.ItemCodeReversalsGoldenTest.claim;
import static org.cosettle.policy.ItemCodeReversalsGoldenTest.item;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.insured;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.money;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.LineItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reversals under states kept per item code in handshake mode: a reversal's item rows carry the
 * codes and the increments of the claim it takes back, negated (for a state declared per policy
 * year only while the person's recorded year is the target's), so each code is lowered by what the
 * target added to it, as rules-come-in mode takes it back code by code. The hand-worked batches of
 * {@code ItemCodeReversalsGoldenTest} (two items of one drug; per policy year across an
 * anniversary, a reversal of a closed year) and random batches with reversals, equal to the
 * plaintext evaluator to the fen (outputs, states, the values per code through the kept shares)
 * with exactly the correlated values the plan counts, also cut in two batches through the ledgers of
 * shares with reversals across the cut ({@link ItemCodeLedgerHandshakeTest}).
 */
class ItemCodeReversalsHandshakeTest {
  private static final String HEADER = "insured_id,preexisting,policy_start,drug_paid\n";
  private static final String[] CODES = {"XL01XC", "XL01XE", "L04AB"};

  @Test
  void aReversalInTheSameBatchTakesBackEachCodesIncrementAsWorkedByHand() throws Exception {
    CompiledPolicy policy = compile(ItemCodeReversalsGoldenTest.POLICY);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,XL01XC=200.00\nP2,false,2026-01-01,\n");
    // R1 takes A1 back (its own items differ: the rows carry A1's codes), then A2 has 800.00 of the cap left
    List<Claim> claims = List.of(
        claim("A1", "P1", 20_500, "", item("XL01XC", 50_000), item("XL01XC", 70_000), item("XL01XE", 10_000)),
        claim("B1", "P2", 20_500, "", item("XL01XC", 10_000)),
        claim("R1", "P1", 20_500, "A1", item("L04AB", 1_000)),
        claim("A2", "P1", 20_500, "", item("XL01XC", 150_000)));
    BatchResult plaintext = Evaluator.evaluate(policy, claims, insured, new long[0]);
    assertEquals(List.of(88_000L, 8_000L, -88_000L, 80_000L), payouts(plaintext));
    assertEquals("equal", YearlyItemCodeStatesHandshakeTest.twoBatches(policy, insured, claims, List.of(), "golden"));
  }

  @Test
  void aPerYearCodeIsTakenBackOnlyWithinTheYearTheIncrementWentInto() throws Exception {
    CompiledPolicy policy = ItemCodeLedgerHandshakeTest.perYearPolicy();
    InsuredFile insured = ItemCodeLedgerHandshakeTest.perYearInsured(policy);
    List<Claim> claims = List.of(
        dated("A1", "2026-06-01", "", item("XL01XC", 50_000)),   // year 1: 400.00 left, 1,000.00 used
        dated("A2", "2026-07-10", "", item("XL01XC", 25_000)),   // year 2 restarts: 200.00
        dated("R2", "2026-07-10", "A2", item("XL01XC", 25_000)), // year 2 is recorded: XL01XC back to 0.00
        dated("R1", "2026-06-01", "A1", item("XL01XC", 50_000)), // year 1 is closed: year 2 stays
        dated("A3", "2026-08-01", "", item("XL01XC", 150_000))); // the whole cap of year 2: 1,000.00
    assertEquals(List.of(40_000L, 20_000L, -20_000L, -40_000L, 100_000L),
        payouts(Evaluator.evaluate(policy, claims, insured, new long[0])));
    assertEquals("equal", YearlyItemCodeStatesHandshakeTest.twoBatches(policy, insured, claims, List.of(), "yearly"));
  }

  @Test
  void aReversalOfAnEarlierBatchsClaimSettlesThroughTheLedgersOfShares(@TempDir Path dir) throws Exception {
    CompiledPolicy policy = compile(ItemCodeReversalsGoldenTest.POLICY);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,\n");
    ItemCodeLedgerHandshakeTest.Across across = ItemCodeLedgerHandshakeTest.acrossBatches(dir, policy, insured,
        List.of(claim("A0", "P1", 20_500, "", item("XL01XC", 1_000))),
        List.of(claim("R1", "P1", 20_500, "A0", item("XL01XC", 1_000))), java.util.function.UnaryOperator.identity());
    assertEquals("equal", across.outcome());
    assertEquals(List.of(-800L), payouts(across.plaintext()));
    assertEquals(HEADER + "P1,false,2026-01-01,\n", across.plaintext().statesCsv());
  }

  @Property(tries = 40, shrinking = ShrinkingMode.OFF)
  void handshakeEqualsPlaintextOnRandomReversalsUnderStatesPerItemCode(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    boolean yearly = random.nextBoolean();
    boolean counted = random.nextBoolean();
    String text = "policy \"generated\" version 1\n"
        + "param drug_cap: money = " + money(100 * random.nextInt(5_000)) + "\n"
        + "state drug_paid: money by item.code" + (yearly ? " per policy_year" : "") + "\n"
        + (counted ? "state times: int by item.code\n" : "")
        + "let drugs = sum(min(item.in_scope, max(0, drug_cap - drug_paid[item.code])) for item in claim.items"
        + " where item.special_drug)\n"
        + "output payout = drugs to insurer\n"
        + (counted ? "output seen = count(item in claim.items where times[item.code] > 1) to insurer\n" : "")
        + "update drug_paid[item.code] = drug_paid[item.code] + min(item.in_scope, max(0, drug_cap"
        + " - drug_paid[item.code])) for item in claim.items where item.special_drug\n"
        + (counted ? "update times[item.code] = times[item.code] + 1 for item in claim.items\n" : "");
    CompiledPolicy policy = compile(text);
    int people = 1 + random.nextInt(2);
    StringBuilder csv = new StringBuilder("insured_id,preexisting,policy_start,drug_paid" + (counted ? ",times" : "")
        + (yearly ? ",policy_year" : "") + "\n");
    for (int p = 0; p < people; p++) {
      csv.append("P").append(p).append(",false,2025-07-01,")
          .append(random.nextBoolean() ? "XL01XC=" + money(100L * random.nextInt(5_000)) : "")
          .append(counted ? ",XL01XE=1" : "").append(yearly ? ",1" : "").append('\n');
    }
    InsuredFile insured = insured(policy, csv.toString());
    List<Claim> claims = new ArrayList<>();
    Set<String> reversed = new HashSet<>();
    for (int c = 0; c < 3 + random.nextInt(6); c++) {
      String who = "P" + random.nextInt(people);
      List<LineItem> items = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        items.add(new LineItem(CODES[random.nextInt(CODES.length)], FeeCategory.WESTERN_DRUG, 100L
            * random.nextInt(3_000), 0, 0, 0, 100L * random.nextInt(3_000), random.nextBoolean()));
      }
      // a reversal of an earlier claim of the same person that is neither a reversal nor reversed yet
      List<Claim> targets = claims.stream().filter(t -> t.insuredId().equals(who) && !t.isReversal()
          && !reversed.contains(t.id())).toList();
      String target = !targets.isEmpty() && random.nextInt(3) == 0
          ? targets.get(random.nextInt(targets.size())).id() : "";
      reversed.add(target);
      int day = (int) java.time.LocalDate.of(2026, 3, 1).toEpochDay() + random.nextInt(700);
      claims.add(claim("C" + c, who, day, target, items.toArray(new LineItem[0])));
    }
    String outcome = YearlyItemCodeStatesHandshakeTest.twoBatches(policy, insured, claims, List.of(),
        "seed " + seed + "\n" + text + csv + claims);
    assertTrue(outcome.equals("equal") || outcome.equals("both reject the batch"), "seed " + seed + ": " + outcome);
    // the same claims cut in two batches, reversals across the cut through the ledgers of shares
    int cut = 1 + random.nextInt(claims.size() - 1);
    Set<String> before = claims.subList(0, cut).stream().map(Claim::id).collect(java.util.stream.Collectors.toSet());
    net.jqwik.api.statistics.Statistics.label("a reversal across the cut").collect(claims.subList(cut, claims.size())
        .stream().anyMatch(c -> before.contains(c.reverses())));
    Path dir = java.nio.file.Files.createTempDirectory("ledgers");
    String across;
    try {
      across = ItemCodeLedgerHandshakeTest.acrossBatches(dir, policy, insured, claims.subList(0, cut),
          claims.subList(cut, claims.size()), java.util.function.UnaryOperator.identity()).outcome();
    } finally {
      try (var files = java.nio.file.Files.list(dir)) {
        for (Path f : files.toList()) {
          java.nio.file.Files.delete(f);
        }
      }
      java.nio.file.Files.delete(dir);
    }
    assertTrue(across.equals("equal") || across.equals("both reject a batch"), "seed " + seed + ", cut before claim "
        + cut + ": " + across + "\n" + text + csv + claims);
  }
}
