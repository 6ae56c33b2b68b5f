package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.LineItem;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.TwoPartySettlement;
import org.cosettle.mpc.plan.Planner;
import org.junit.jupiter.api.Test;

/**
 * Item-level values that need both parties' data, on shares over every claim's line items padded
 * to the batch's item bound: generated policies (per-item ratios by category, per-item caps and
 * deductibles against the insurer's private params, counts and filters on the insurer's values,
 * per-item values from a state kept on shares) on batches with claims of no items, of exactly the
 * bound's items, and whose items a filter all drops, with amounts that put per-item roundings on
 * their ties, must equal the plaintext evaluator on every claim, with no correlated value left
 * unused; and a hand-worked case.
 */
class ItemLevelHandshakeTest {
  /** Per-item money expressions; {@code used} only in policies with the state. */
  private static final String[] VALUES = {
      "item.in_scope * r1",
      "min(item.amount, cap)",
      "if item.category in {WESTERN_DRUG, HERBAL_DRUG} then item.in_scope * r1 else item.in_scope * r2",
      "max(0, item.amount - floor)",
      "if item.special_drug then item.amount * r2 else item.over_limit",
      "(item.amount - min(item.amount, cap)) * r1",
      "item.pre_self_pay * r1 + item.over_limit",
      "item.amount",
      "item.amount * 50%",
      "cap",
      "min(item.amount, max(0, limit - used))",
  };
  /** Per-item filters. */
  private static final String[] FILTERS = {
      "item.category in {WESTERN_DRUG, BED}",
      "item.amount > floor",
      "item.special_drug and item.amount >= cap",
      "not item.special_drug",
      "item.in_scope * r1 > cap",
      "item.category == SURGERY",
  };
  private static final String[] PARAMS = {"r1", "r2", "cap", "floor"};
  private static final String[] RECIPIENTS = {"insurer", "data_holder", "insurer, data_holder"};

  @Property(tries = 30, shrinking = ShrinkingMode.OFF)
  void itemLevelValuesOnSharesEqualThePlaintextEvaluator(@ForAll long seed) throws Exception {
    Random rnd = new Random(seed);
    boolean stateful = rnd.nextInt(3) == 0;
    String text = policy(rnd, stateful);
    CompiledPolicy compiled = compile(text);
    Statistics.label("item rows on shares").collect(Planner.plan(compiled).itemRows());
    BatchGenerator.Batch batch = batch(rnd, compiled, stateful);
    String outcome = HandshakePropertyTest.settleAndCompare(compiled, batch,
        problem -> "seed " + seed + "\n" + text + "\n" + problem);
    Statistics.label("outcome").collect(outcome);
    if (!outcome.equals("equal") && !outcome.equals("both reject the batch")) {
      fail("seed " + seed + ": " + outcome + "\n" + text);
    }
  }

  @Test
  void aHandWorkedBatchWithTiesEmptyClaimsAndFilteredOutItems() throws Exception {
    CompiledPolicy compiled = compile("""
        policy "per-item golden" version 1
        private param r1: ratio
        private param cap: money
        output pay = sum(item.in_scope * r1 for item in claim.items where item.category == WESTERN_DRUG) to insurer, data_holder
        output capped = sum(min(item.amount, cap) for item in claim.items) to insurer
        output big = count(item in claim.items where item.amount > cap) to insurer
        """);
    FeeCategory drug = FeeCategory.WESTERN_DRUG;
    FeeCategory bed = FeeCategory.BED;
    Random rnd = new Random(7);
    List<Claim> claims = List.of(
        // 1.01 and 0.03 at 50%: 0.505 and 0.015 round half away from zero to 0.51 and 0.02; the bed is filtered out
        claim(rnd, "A", List.of(item(drug, 101, 101), item(drug, 3, 3), item(bed, 15_000, 50_000))),
        claim(rnd, "B", List.of()),
        // exactly K = 4 items, all filtered out of pay; 100.00 is not above the cap
        claim(rnd, "C", List.of(item(bed, 20_000, 1), item(bed, 1, 1), item(bed, -5, 1), item(bed, 10_000, 1))),
        // -0.03 at 50%: -0.015 rounds to -0.02
        claim(rnd, "D", List.of(item(drug, -3, -3))));
    InsuredFile insured = InsuredFile.of(List.of(), List.of(new InsuredRecord("P1", false, 20_000, new long[0])));
    BatchGenerator.Batch batch = new BatchGenerator.Batch(claims, insured, new long[] {5_000, 10_000});
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(compiled, batch, problem -> problem));
    HandshakeSettlement.InsurerOutcome theirs = TwoPartySettlement.settle(compiled, claims, insured,
        batch.privateParams()).insurer();
    assertArrayEquals(new long[] {53, 0, 0, -2}, theirs.outputs()[0]);
    assertArrayEquals(new long[] {10_104, 0, 19_996, -3}, theirs.outputs()[1]);
    assertArrayEquals(new long[] {1, 0, 1, 0}, theirs.outputs()[2]);
  }

  private static CompiledPolicy compile(String text) {
    Policies.Result r = Policies.compile(new Source("item-level.cpl", text));
    assertTrue(r.ok(), text + "\n" + r.diagnostics());
    return r.policy();
  }

  /** A policy of one or two item-level sums or counts over the insurer's params (and state). */
  static String policy(Random rnd, boolean stateful) {
    String a = aggregate(rnd, stateful, true);
    String b = aggregate(rnd, stateful, rnd.nextBoolean());
    String pay = switch (rnd.nextInt(3)) {
      case 0 -> "a";
      case 1 -> "a + (if claim.total > cap then 0 else 0)";
      default -> "min(a, max(0, limit - used))";
    };
    StringBuilder body = new StringBuilder();
    body.append("let a = ").append(a).append('\n');
    body.append("let b = ").append(b).append('\n');
    body.append("output pay = ").append(pay).append(" to ").append(RECIPIENTS[rnd.nextInt(RECIPIENTS.length)]).append('\n');
    body.append("output n = b to ").append(RECIPIENTS[rnd.nextInt(RECIPIENTS.length)]).append('\n');
    boolean hasState = stateful || body.indexOf("used") >= 0;
    if (hasState) {
      body.append("update used = used + ").append(stateful ? "a" : "0").append('\n');
    }
    StringBuilder head = new StringBuilder("policy \"item-level\" version 1\nparam limit: money = 3000.00\n");
    for (String p : PARAMS) {
      head.append("private param ").append(p).append(p.startsWith("r") ? ": ratio\n" : ": money\n");
    }
    if (hasState) {
      head.append("state used: money\n");
    }
    return head.append(body).toString();
  }

  private static String aggregate(Random rnd, boolean stateful, boolean money) {
    String where = rnd.nextInt(3) == 0 ? "" : " where " + FILTERS[rnd.nextInt(FILTERS.length)];
    if (!money) {
      return "count(item in claim.items" + (where.isEmpty() ? " where " + FILTERS[rnd.nextInt(FILTERS.length)] : where)
          + ")";
    }
    String value = VALUES[rnd.nextInt(stateful ? VALUES.length : VALUES.length - 1)];
    return "sum(" + value + " for item in claim.items" + where + ")";
  }

  /**
   * A batch for {@code compiled}: one to three persons, claims of 0 items, of the batch's most
   * items (a power of two, so exactly its bound, or one fewer), of items a filter drops (all
   * beds), amounts small and odd (ties at 50%) or up to 100,000.00, and the params drawn among
   * tie-making ratios and small caps.
   */
  static BatchGenerator.Batch batch(Random rnd, CompiledPolicy compiled, boolean stateful) {
    int most = 1 << rnd.nextInt(4);
    if (rnd.nextBoolean() && most > 1) {
      most--;
    }
    int persons = 1 + rnd.nextInt(3);
    List<InsuredRecord> records = new ArrayList<>();
    for (int p = 0; p < persons; p++) {
      long[] states = compiled.stateNames().isEmpty() ? new long[0] : new long[] {rnd.nextInt(400_000)};
      records.add(new InsuredRecord("P" + p, rnd.nextBoolean(), 20_000, states));
    }
    List<Claim> claims = new ArrayList<>();
    int n = 1 + rnd.nextInt(8);
    for (int c = 0; c < n; c++) {
      int count = switch (rnd.nextInt(4)) {
        case 0 -> 0;
        case 1 -> most;
        default -> rnd.nextInt(most + 1);
      };
      boolean allBeds = rnd.nextInt(4) == 0;
      List<LineItem> items = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        FeeCategory category = allBeds ? FeeCategory.BED : FeeCategory.values()[rnd.nextInt(FeeCategory.values().length)];
        items.add(new LineItem("XL01", category, money(rnd), money(rnd), money(rnd), money(rnd), money(rnd),
            rnd.nextInt(3) == 0));
      }
      claims.add(claim(rnd, "C" + c, records.get(rnd.nextInt(persons)).insuredId(), items));
    }
    long[] ratios = {5_000, 2_500, 7_500, 3_333, 10_000, 1, 12_345, -5_000, 0};
    long[] params = {ratios[rnd.nextInt(ratios.length)], ratios[rnd.nextInt(ratios.length)], money(rnd), money(rnd)};
    return new BatchGenerator.Batch(claims, InsuredFile.of(compiled.stateNames(), records), params);
  }

  private static long money(Random rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 -> 2 * rnd.nextInt(50) + 1; // odd fen: a tie at 50%
      case 1 -> -(2 * rnd.nextInt(50) + 1);
      case 2 -> 0;
      default -> rnd.nextInt(10_000_000);
    };
  }

  private static LineItem item(FeeCategory category, long amount, long inScope) {
    return new LineItem("XL01", category, amount, 0, 0, 0, inScope, false);
  }

  private static Claim claim(Random rnd, String id, List<LineItem> items) {
    return claim(rnd, id, "P1", items);
  }

  /** A consistent claim of the generator with {@code items} instead of its own. */
  private static Claim claim(Random rnd, String id, String insuredId, List<LineItem> items) {
    Claim c = BatchGenerator.consistentClaim(rnd, id, insuredId);
    return new Claim(c.id(), c.insuredId(), c.hospitalId(), c.visitType(), c.hospitalLevel(), c.admissionDate(),
        c.dischargeDate(), c.diagnosis(), c.age(), c.sex(), c.total(), c.fullSelfPay(), c.overLimit(), c.preSelfPay(),
        c.inScope(), c.fundPaid(), c.criticalPaid(), c.assistancePaid(), c.accountPaid(), c.cashPaid(), items, 0);
  }
}
