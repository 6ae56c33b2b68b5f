package org.cosettle.policy;

import static org.cosettle.policy.InsuredFieldsGoldenTest.compile;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.claim;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.insured;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.item;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.money;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.LineItem;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.KeptShares;
import org.cosettle.mpc.engine.TwoPartySettlement;
import org.cosettle.mpc.plan.Planner;
import org.junit.jupiter.api.Test;

/**
 * States kept per item code declared {@code per policy_year} in handshake mode: every code restarts
 * on the claim's restart flag on shares. The plaintext golden batch across an anniversary (two
 * items of one drug in the claim that starts the new year, a late claim of the old year, a person
 * with no recorded year, a 29 February start), the same cut in two batches through the kept
 * shares, and random batches in one or two batches, each equal to the plaintext evaluator: the
 * outputs, the states per person, and the values per code (the insurer's recorded values after the
 * batch plus the jointly opened kept shares), with exactly the correlated values the plan counts.
 */
class YearlyItemCodeStatesHandshakeTest {
  static final String POLICY = ItemCodeStatesGoldenTest.POLICY.replace("\"drug-sub-caps\"", "\"annual-drug-sub-caps\"")
      .replace("state drug_paid: money by item.code", "state drug_paid: money by item.code per policy_year");
  private static final String HEADER = "insured_id,preexisting,policy_start,drug_paid,paid_ytd,policy_year\n";
  private static final String[] CODES = {"XL01XC", "XL01XE", "L04AB", "ZB06"};

  private static List<Claim> goldenBatch() {
    return List.of(
        dated(claim("A", "P1", item("XL01XC", 4_000_000, true)), "2026-06-30"),
        dated(claim("B", "P1", item("XL01XC", 2_000_000, true), item("XL01XC", 1_000_000, true)), "2026-07-01"),
        dated(claim("C", "P1", item("XL01XC", 1_000_000, true)), "2026-06-20"),
        dated(claim("D", "P2", item("XL01XC", 1_000_000, true)), "2027-03-01"),
        dated(claim("E", "P2", item("XL01XC", 1_000_000, true)), "2028-03-01"));
  }

  private static InsuredFile goldenInsured(CompiledPolicy policy) throws Exception {
    return insured(policy, HEADER + "P1,false,2025-07-01,XL01XC=290000.00|XL01XE=5000.00,0.00,1\n"
        + "P2,false,2024-02-29,XL01XC=299000.00,0.00,4\n");
  }

  @Test
  void theGoldenBatchAcrossAnAnniversarySettlesAsWorkedByHand() throws Exception {
    CompiledPolicy policy = compile(POLICY);
    assertEquals(List.of(), Planner.plan(policy).refusals());
    InsuredFile insured = goldenInsured(policy);
    List<Claim> claims = goldenBatch();
    TwoPartySettlement.Sides sides = settled(TwoPartySettlement.runWithKept(policy, claims, insured, 0, null, null));
    // A (year 1): 10,000.00 left of the 300,000.00. B (2026-07-01, year 2): every code restarts, so
    // 16,000.00 then 8,000.00 for the second item of the drug. C (late, year 1) against year 2's
    // values: 8,000.00. D: year 4, as recorded: 1,000.00 left. E: year 5 from 29 February 2028 (the
    // start's 1 March anniversary): 8,000.00.
    List<Long> byHand = List.of(1_000_000L, 2_400_000L, 800_000L, 100_000L, 800_000L);
    for (int c = 0; c < claims.size(); c++) {
      assertEquals(byHand.get(c), sides.insurer().outputs()[0][c], "claim " + claims.get(c).id());
    }
    assertEquals("""
        insured_id,preexisting,policy_start,drug_paid,paid_ytd,policy_year
        P1,false,2025-07-01,XL01XC=32000.00,42000.00,2
        P2,false,2024-02-29,XL01XC=8000.00,9000.00,5
        """, BatchResult.statesCsv(policy, opened(policy, insured, sides), sides.insurer().states()));
    // both persons' years moved on: the insurer drops their recorded codes, the kept shares hold the new year's
    assertEquals("""
        insured_id,preexisting,policy_start,drug_paid,paid_ytd,policy_year
        P1,false,2025-07-01,,42000.00,2
        P2,false,2024-02-29,,9000.00,5
        """, BatchResult.statesCsv(policy, KeptShares.recordedAfter(policy, insured, sides.insurer().states()),
        sides.insurer().states()));
    assertEquals(0, sides.dataHolder().stats().correlationsLeft() + sides.insurer().stats().correlationsLeft());
  }

  @Test
  void valuesPerCodeWithoutARecordedYearAreRefusedByTheInsurerNamingTheClaim() throws Exception {
    CompiledPolicy policy = compile(POLICY);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2025-07-01,,0.00,\n"
        + "P2,false,2024-02-29,XL01XC=299000.00,0.00,\n");
    List<Claim> claims = goldenBatch();
    TwoPartySettlement.Sides sides = TwoPartySettlement.runWithKept(policy, claims, insured, 0, null, null);
    HandshakeSettlement.RefusedException refused = (HandshakeSettlement.RefusedException) sides.dataHolderFailure();
    assertEquals(org.cosettle.mpc.plan.Refusal.Kind.STATE_BY_ITEM_CODE, refused.refusals().get(0).kind());
    assertEquals(List.of("D"), refused.refusals().get(0).claimIds());
    assertTrue(refused.refusals().get(0).detail().contains("with no policy_year recorded"),
        refused.refusals().get(0).detail());
    // the control: the same person with the year recorded settles
    InsuredFile recorded = insured(policy, HEADER + "P1,false,2025-07-01,,0.00,\n"
        + "P2,false,2024-02-29,XL01XC=299000.00,0.00,4\n");
    settled(TwoPartySettlement.runWithKept(policy, claims, recorded, 0, null, null));
  }

  @Test
  void twoBatchesAcrossTheAnniversaryThroughTheKeptSharesEqualOnePlaintextRun() throws Exception {
    CompiledPolicy policy = compile(POLICY);
    InsuredFile insured = goldenInsured(policy);
    List<Claim> claims = goldenBatch();
    // the first batch: A in year 1 and D; the second crosses P1's anniversary (B, C) and P2's (E)
    List<Claim> first = List.of(claims.get(0), claims.get(3));
    List<Claim> second = List.of(claims.get(1), claims.get(2), claims.get(4));
    assertEquals("equal", twoBatches(policy, insured, first, second, "golden"));
  }

  @Test
  void aNewYearInTheSecondBatchDropsTheKeptIncrementsOfTheOldYear() throws Exception {
    CompiledPolicy policy = compile(POLICY);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2025-07-01,XL01XC=100000.00,0.00,1\n");
    // year 1: 100,000.00 recorded, 150,000.00 more kept on shares; year 2 must not see either
    List<Claim> first = List.of(dated(claim("A", "P1", item("XL01XC", 18_750_000, true),
        item("XL01XE", 1_000_000, true)), "2026-05-01"));
    List<Claim> second = List.of(dated(claim("B", "P1", item("XL01XC", 30_000_000, true)), "2026-07-01"),
        dated(claim("C", "P1", item("XL01XE", 1_000_000, true)), "2026-08-01"));
    assertEquals("equal", twoBatches(policy, insured, first, second, "anniversary"));
    BatchResult plaintext = Evaluator.evaluate(policy, List.of(first.get(0), second.get(0), second.get(1)), insured,
        new long[0]);
    assertEquals(List.of(15_800_000L, 24_000_000L, 800_000L),
        List.of(plaintext.output(0, 0), plaintext.output(1, 0), plaintext.output(2, 0)));
  }

  @Property(tries = 10, shrinking = ShrinkingMode.OFF)
  void handshakeEqualsPlaintextOnRandomBatchesAcrossAnniversaries(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    long drugCap = 100 * random.nextInt(50_000);
    boolean counted = random.nextBoolean();
    String text = "policy \"generated\" version 1\n"
        + "param drug_cap: money = " + money(drugCap) + "\n"
        + "param ratio: ratio = " + (1 + random.nextInt(100)) + "%\n"
        + "state drug_paid: money by item.code per policy_year\n"
        + "state paid_ytd: money" + (random.nextBoolean() ? " per policy_year" : "") + "\n"
        + (counted ? "state times: int by item.code" + (random.nextBoolean() ? " per policy_year" : "") + "\n" : "")
        + "let drugs = sum(min(item.in_scope * ratio, max(0, drug_cap - drug_paid[item.code])) for item in claim.items"
        + " where item.special_drug)\n"
        + "output payout = drugs to insurer\n"
        + (counted ? "output seen = count(item in claim.items where times[item.code] > 0) to data_holder\n" : "")
        + "update paid_ytd = paid_ytd + drugs\n"
        + "update drug_paid[item.code] = drug_paid[item.code] + min(item.in_scope * ratio, max(0, drug_cap"
        + " - drug_paid[item.code])) for item in claim.items where item.special_drug\n"
        + (counted ? "update times[item.code] = times[item.code] + 1 for item in claim.items\n" : "");
    CompiledPolicy policy = compile(text);
    String[] starts = {"2025-07-01", "2024-02-29", "2025-12-31", "2026-01-01"};
    int people = 1 + random.nextInt(3);
    StringBuilder csv = new StringBuilder("insured_id,preexisting,policy_start,drug_paid,paid_ytd"
        + (counted ? ",times" : "") + ",policy_year\n");
    for (int p = 0; p < people; p++) {
      csv.append("P").append(p).append(",false,").append(starts[random.nextInt(starts.length)]).append(',');
      int year = random.nextInt(4);
      List<String> cells = new ArrayList<>();
      for (String code : CODES) {
        // values per code belong to a recorded year (handshake mode refuses them without one)
        if (year > 0 && random.nextInt(3) == 0) {
          cells.add(code + "=" + money(100L * random.nextInt(60_000)));
        }
      }
      csv.append(String.join("|", cells)).append(",0.00").append(counted ? "," + (year > 0 && random.nextBoolean()
          ? "ZB06=2" : "") : "").append(',').append(year == 0 ? "" : String.valueOf(year)).append('\n');
    }
    InsuredFile insured = insured(policy, csv.toString());
    List<Claim> claims = new ArrayList<>();
    for (int c = 1 + random.nextInt(7); c > 0; c--) {
      List<LineItem> items = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        items.add(item(CODES[random.nextInt(CODES.length)], 100L * random.nextInt(200_000), random.nextBoolean()));
      }
      // admissions over four years, out of date order within a person
      String day = java.time.LocalDate.of(2025, 6, 1).plusDays(random.nextInt(4 * 365)).toString();
      claims.add(dated(claim("C" + claims.size(), "P" + random.nextInt(people), items.toArray(new LineItem[0])), day));
    }
    int cut = random.nextInt(claims.size() + 1);
    String outcome = twoBatches(policy, insured, claims.subList(0, cut), claims.subList(cut, claims.size()),
        "seed " + seed + "\n" + text + csv + claims);
    assertTrue(outcome.equals("equal") || outcome.equals("both reject the batch"), "seed " + seed + ": " + outcome);
  }

  /**
   * Settles {@code first} then {@code second} in handshake mode, the second reading the first's kept
   * shares and the insurer's states file after it, and compares with one plaintext run over both:
   * "equal", "both reject the batch", or the differences (named by {@code what}).
   */
  static String twoBatches(CompiledPolicy policy, InsuredFile insured, List<Claim> first, List<Claim> second,
      String what) throws Exception {
    List<Claim> both = new ArrayList<>(first);
    both.addAll(second);
    BatchResult plaintext;
    try {
      plaintext = Evaluator.evaluate(policy, both, insured, new long[0]);
    } catch (EvaluationException e) {
      plaintext = null;
    }
    InsuredFile states = insured;
    KeptShares platformKept = null;
    KeptShares insurerKept = null;
    List<String> differences = new ArrayList<>();
    int offset = 0;
    TwoPartySettlement.Sides last = null;
    for (List<Claim> batch : List.of(first, second)) {
      if (batch.isEmpty()) {
        continue;
      }
      TwoPartySettlement.Sides sides = TwoPartySettlement.runWithKept(policy, batch, states, 0, platformKept,
          insurerKept);
      if (sides.dataHolderFailure() != null || sides.insurerFailure() != null) {
        Throwable failure = sides.dataHolderFailure() != null ? sides.dataHolderFailure() : sides.insurerFailure();
        if (plaintext == null && failure instanceof HandshakeSettlement.RefusedException) {
          return "both reject the batch";
        }
        return what + ": a party failed: " + failure;
      }
      if (plaintext == null) {
        continue; // the other batch may be the one plaintext mode rejects
      }
      for (int o = 0; o < policy.outputs().size(); o++) {
        boolean insurer = policy.outputs().get(o).isFor(org.cosettle.core.Party.INSURER);
        long[] got = insurer ? sides.insurer().outputs()[o] : sides.dataHolder().outputs()[o];
        for (int c = 0; c < batch.size(); c++) {
          long want = plaintext.output(offset + c, o);
          if (got[c] != want) {
            differences.add("claim " + batch.get(c).id() + " output " + o + ": expected " + want + " got " + got[c]);
          }
        }
      }
      if (sides.dataHolder().stats().correlationsLeft() != 0 || sides.insurer().stats().correlationsLeft() != 0) {
        differences.add("correlations left over: " + sides.dataHolder().stats().correlationsLeft() + " and "
            + sides.insurer().stats().correlationsLeft());
      }
      states = insured(policy, BatchResult.statesCsv(policy, KeptShares.recordedAfter(policy, states,
          sides.insurer().states()), sides.insurer().states()));
      platformKept = sides.dataHolder().kept();
      insurerKept = sides.insurer().kept();
      offset += batch.size();
      last = sides;
    }
    if (plaintext == null) {
      return what + ": handshake mode settled batches the plaintext evaluator rejects";
    }
    if (last != null) {
      String got = BatchResult.statesCsv(policy, KeptShares.opened(policy, states, platformKept, insurerKept),
          last.insurer().states());
      // a person of the first batch alone keeps the states file's values of after the first batch
      if (!got.equals(plaintext.statesCsv())) {
        differences.add("states after both batches: expected\n" + plaintext.statesCsv() + "got\n" + got);
      }
    }
    return differences.isEmpty() ? "equal" : what + ": " + String.join("\n", differences);
  }

  private static InsuredFile opened(CompiledPolicy policy, InsuredFile insured, TwoPartySettlement.Sides sides) {
    return KeptShares.opened(policy, KeptShares.recordedAfter(policy, insured, sides.insurer().states()),
        sides.dataHolder().kept(), sides.insurer().kept());
  }

  private static TwoPartySettlement.Sides settled(TwoPartySettlement.Sides sides) {
    assertNull(sides.dataHolderFailure());
    assertNull(sides.insurerFailure());
    return sides;
  }

  static Claim dated(Claim c, String admitted) {
    int day = (int) java.time.LocalDate.parse(admitted).toEpochDay();
    return new Claim(c.id(), c.insuredId(), c.hospitalId(), c.visitType(), c.hospitalLevel(), day, day, c.diagnosis(),
        c.age(), c.sex(), c.total(), c.fullSelfPay(), c.overLimit(), c.preSelfPay(), c.inScope(), c.fundPaid(),
        c.criticalPaid(), c.assistancePaid(), c.accountPaid(), c.cashPaid(), c.items(), 0);
  }
}
