package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.LineItem;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.mpc.plan.Planner;

/**
 * Handshake mode's family chain against the plaintext evaluator: random policies coupling a state
 * shared by a family with per-person states (deductibles within a family deductible, a family cap
 * with a per-person cap of the insurer's, a family's running maximum, counters of the family's
 * claims read by a condition, one party's condition or factor on a chained value, an aggregate of
 * a chained value; half of them with the family state per policy year, the family's year and the
 * person's on shares, over admissions across anniversaries) over random families of up to ten
 * members whose claims interleave, with start values: every output, aggregate and state of every record (members without claims too) to the
 * unit, no correlation left over. Policies whose states all have prefix families without a cycle
 * (a family cap alone, plain or capped, a family's total of the persons' deductibles, counters)
 * run as family prefixes ({@code FamilyPrefix}), the others as the chain: both schedules run. The
 * same with reversals of members' claims put in (a batch holding one runs the chain), whole and cut
 * in two batches through both parties' ledgers of shares (the first part on family prefixes now
 * and then).
 */
class FamilyChainPropertyTest {
  @Property(tries = 30, shrinking = ShrinkingMode.OFF)
  void familyChainsSettleAsThePlaintextEvaluator(@ForAll long seed) throws Exception {
    Generated g = generate(seed);
    String outcome = HandshakePropertyTest.settleAndCompare(g.policy(), g.batch(),
        problem -> "seed " + seed + "\n" + g.text() + "\n" + problem);
    Statistics.label("outcome").collect(outcome);
    Statistics.label("schedule").collect(schedule(g.policy()));
    assertEquals("equal", outcome, g.text());
  }

  /**
   * The person's deductible within a family deductible (the guide's form, or with the person's
   * limit its own record's), the two states limiting each other: on family prefixes in two stages
   * ({@code CoupledStates}), equal to the plaintext evaluator.
   */
  @Property(tries = 30, shrinking = ShrinkingMode.OFF)
  void twoStageFamilyDeductiblesSettleAsThePlaintextEvaluator(@ForAll long seed) throws Exception {
    Generated g = generate(seed, true);
    String outcome = HandshakePropertyTest.settleAndCompare(g.policy(), g.batch(),
        problem -> "seed " + seed + "\n" + g.text() + "\n" + problem);
    Statistics.label("outcome").collect(outcome);
    String schedule = schedule(g.policy());
    Statistics.label("schedule").collect(schedule);
    assertEquals("family prefixes in two stages", schedule, g.text());
    assertEquals("equal", outcome, g.text());
  }

  /**
   * The coupled deductibles with reversals put in, cut in two batches: the first part on family
   * prefixes in two stages records each claim's true amount in both parties' ledgers of shares
   * (not the person's stage), which the second part's reversals take back: equal to the plaintext
   * evaluator over the whole batch.
   */
  @Property(tries = 20, shrinking = ShrinkingMode.OFF)
  void twoStageReversalsAcrossTwoBatchesSettleAsInOne(@ForAll long seed) throws Exception {
    Generated g = generate(seed, true);
    BatchGenerator.Batch batch = BatchGenerator.withReversals(new Random(seed * 31), g.batch());
    String outcome = HandshakeReversalsPropertyTest.acrossTwo("seed " + seed + "\n" + g.text(), g.policy(), batch,
        new Random(seed), seed);
    Statistics.label("outcome").collect(outcome);
    assertTrue(outcome.startsWith("equal") || outcome.equals("rejected whole"), outcome + "\n" + g.text());
  }

  /** The schedule the plan runs a batch of the policy on (a batch too small for prefixes aside). */
  private static String schedule(CompiledPolicy policy) {
    org.cosettle.mpc.plan.Plan plan = Planner.plan(policy);
    return plan.familyPrefixStages().isEmpty() ? "chain"
        : plan.familyCouplings().isEmpty() ? "family prefixes" : "family prefixes in two stages";
  }

  /**
   * The same policies and batches with reversals put in ({@link BatchGenerator#withReversals}: a
   * reversal of an earlier claim of the same person, between other members' claims), settled whole:
   * equal to the plaintext evaluator, or rejected by both where a reversal's state leaves its bound.
   */
  @Property(tries = 30, shrinking = ShrinkingMode.OFF)
  void familyChainsWithReversalsSettleAsThePlaintextEvaluator(@ForAll long seed) throws Exception {
    Generated g = generate(seed);
    BatchGenerator.Batch batch = BatchGenerator.withReversals(new Random(seed * 31), g.batch());
    String outcome = HandshakePropertyTest.settleAndCompare(g.policy(), batch,
        problem -> "seed " + seed + " with reversals\n" + g.text() + "\n" + problem);
    boolean reverses = batch.claims().stream().anyMatch(Claim::isReversal);
    Statistics.label("outcome").collect(outcome + (reverses ? " (with reversals)" : ""));
    assertTrue(outcome.equals("equal") || outcome.equals("both reject the batch"), outcome + "\n" + g.text());
  }

  /**
   * The batches with reversals cut in two, the second settled with both parties' ledgers of shares
   * the first wrote (a reversal of the first part's claim through them): equal to the plaintext
   * evaluator over the whole batch ({@link HandshakeReversalsPropertyTest#acrossTwo}).
   */
  @Property(tries = 20, shrinking = ShrinkingMode.OFF)
  void familyReversalsAcrossTwoBatchesSettleAsInOne(@ForAll long seed) throws Exception {
    Generated g = generate(seed);
    BatchGenerator.Batch batch = BatchGenerator.withReversals(new Random(seed * 31), g.batch());
    String outcome = HandshakeReversalsPropertyTest.acrossTwo("seed " + seed + "\n" + g.text(), g.policy(), batch,
        new Random(seed), seed);
    Statistics.label("outcome").collect(outcome);
    assertTrue(outcome.startsWith("equal") || outcome.equals("rejected whole"), outcome + "\n" + g.text());
  }

  /**
   * The same policies with a line-item value that reads a chained state (a per-person or family
   * state) and claims with up to four line items ({@link #withLineItemValue}); whole, with
   * reversals, and cut in two through both parties' ledgers of shares.
   */
  @Property(tries = 25, shrinking = ShrinkingMode.OFF)
  void lineItemValuesReadingChainedStatesSettleAsThePlaintextEvaluator(@ForAll long seed) throws Exception {
    Generated g = generate(seed, false, true);
    String outcome = HandshakePropertyTest.settleAndCompare(g.policy(), g.batch(),
        problem -> "seed " + seed + "\n" + g.text() + "\n" + problem);
    Statistics.label("schedule").collect(schedule(g.policy()));
    assertEquals("equal", outcome, g.text());
    BatchGenerator.Batch batch = BatchGenerator.withReversals(new Random(seed * 31), g.batch());
    String cut = HandshakeReversalsPropertyTest.acrossTwo("seed " + seed + "\n" + g.text(), g.policy(), batch,
        new Random(seed), seed);
    Statistics.label("with reversals, cut in two").collect(cut.startsWith("equal") ? "equal" : cut);
    assertTrue(cut.startsWith("equal") || cut.equals("rejected whole"), cut + "\n" + g.text());
  }

  /** A generated family policy ({@code text}, compiled) and a batch for it. */
  record Generated(String text, CompiledPolicy policy, BatchGenerator.Batch batch) {}

  static Generated generate(long seed) throws Exception {
    return generate(seed, false, false);
  }

  static Generated generate(long seed, boolean coupled) throws Exception {
    return generate(seed, coupled, false);
  }

  /**
   * As {@link #generate(long)}; {@code coupled}: a deductible within a family deductible, not per
   * year; {@code lineItems}: a line-item value reading a chained state in the policy, and line
   * items in the claims (drawn from their own stream, so the rest is as without).
   */
  static Generated generate(long seed, boolean coupled, boolean lineItems) throws Exception {
    Random random = new Random(seed);
    Random itemRandom = new Random(seed * 17 + 5);
    String generated = policy(random, coupled);
    if (lineItems) {
      generated = withLineItemValue(itemRandom, generated);
    }
    // a family deductible per policy year now and then (the family's year a state of its own), with
    // admissions across anniversaries and each family's members sharing one start
    boolean yearly = random.nextBoolean() && !coupled;
    if (yearly) {
      generated = generated.replace("state family_used: money by insured.family\n",
          "state family_used: money by insured.family per policy_year\n");
      generated = random.nextBoolean()
          ? generated.replace("state own_used: money\n", "state own_used: money per policy_year\n") : generated;
    }
    String text = generated;
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(text);
    assertEquals(List.of(), Planner.plan(policy).refusals(), text);
    int people = 1 + random.nextInt(12);
    int[] family = new int[people];
    List<InsuredRecord> records = new ArrayList<>();
    long[] familyUsed = new long[people];
    long[] familyCount = new long[people];
    long[] familyYear = new long[people];
    int[] start = new int[people];
    for (int p = 0; p < people; p++) {
      // a new family, or one of an earlier person's, of at most ten members (the chain's slots)
      family[p] = p;
      if (p > 0 && random.nextInt(3) > 0) {
        int f = family[random.nextInt(p)];
        int members = 0;
        for (int q = 0; q < p; q++) {
          members += family[q] == f ? 1 : 0;
        }
        family[p] = members < 10 ? f : p;
      }
      if (family[p] == p) {
        familyUsed[p] = random.nextInt(4) == 0 ? 100L * random.nextInt(10_000) : 0;
        familyCount[p] = random.nextInt(3);
        familyYear[p] = yearly ? random.nextInt(3) : 0;
        start[p] = yearly ? 19_700 + random.nextInt(800) : 20_000;
      }
    }
    for (int p = 0; p < people; p++) {
      long own = random.nextInt(4) == 0 ? 100L * random.nextInt(5_000) : 0;
      long ownCount = random.nextInt(3);
      long cap = 100L * (1_000 + random.nextInt(30_000));
      long[] states = {own, familyUsed[family[p]], ownCount, familyCount[family[p]]};
      if (yearly) {
        states = new long[] {own, familyUsed[family[p]], ownCount, familyCount[family[p]], familyYear[family[p]],
            random.nextInt(3)};
      }
      records.add(new InsuredRecord("P" + p, false, start[family[p]], states, new long[] {family[p], cap},
          List.of(List.of("F" + family[p]), List.of())));
    }
    InsuredFile insured = InsuredFile.of(policy.insuredFields(), policy.stateColumns(), records);
    List<Claim> claims = new ArrayList<>();
    int count = 1 + random.nextInt(30);
    for (int c = 0; c < count; c++) {
      long inScope = 100L * random.nextInt(30_000);
      long fundPaid = 100L * random.nextInt(15_000);
      VisitType visit = random.nextBoolean() ? VisitType.INPATIENT : VisitType.OUTPATIENT;
      int p = random.nextInt(people);
      // admissions over three years and out of order now and then: anniversaries crossed both ways
      int admitted = yearly ? start[family[p]] - 30 + random.nextInt(3 * 366) : 20_500;
      List<LineItem> items = new ArrayList<>();
      if (lineItems) {
        // up to four items splitting the in-scope amount (none now and then: every row padding)
        long left = inScope;
        for (int i = itemRandom.nextInt(5); i > 0; i--) {
          long amount = i == 1 ? left : left == 0 ? 0 : 100L * itemRandom.nextInt((int) (left / 100) + 1);
          left -= amount;
          FeeCategory category = itemRandom.nextBoolean() ? FeeCategory.SURGERY : FeeCategory.WESTERN_DRUG;
          items.add(new LineItem("X" + itemRandom.nextInt(5), category, amount, 0, 0, 0, amount,
              category == FeeCategory.WESTERN_DRUG && itemRandom.nextBoolean()));
        }
      }
      claims.add(new Claim("C" + c, "P" + p, "", visit, 1 + random.nextInt(3), admitted, admitted + 3,
          "K35.8", 20 + random.nextInt(60), Sex.MALE, inScope, 0, 0, 0, inScope, fundPaid, 0, 0, 0, inScope, items, 0));
    }
    return new Generated(text, policy, new BatchGenerator.Batch(claims, insured, new long[0]));
  }

  /**
   * {@code policy} with one or two line-item values that read a chained state: an item amount
   * limited by the person's remaining limit, a ratio per item chosen by the family's total, an item
   * filter on the family's count, a fixed amount per item chosen by the family's count (not 0 on a
   * padding row by itself: masked on shares), or the burden from the items, each limited by the
   * insurer's per-person cap less the person's total.
   */
  private static String withLineItemValue(Random random, String policy) {
    String text = policy;
    int forms = 1 + random.nextInt(2);
    for (int f = 0; f < forms; f++) {
      String line = switch (random.nextInt(5)) {
        case 0 -> "output drugs_left = sum(min(item.in_scope, max(0, person_limit - own_used)) for item in claim.items"
            + " where item.special_drug) to insurer, data_holder\n";
        case 1 -> "output items_pay = sum(item.in_scope * (if family_used >= family_limit then 100% else ratio)"
            + " for item in claim.items) to insurer\n";
        case 2 -> "output surgery_early = sum(item.in_scope for item in claim.items where family_claims < 2 and"
            + " item.category == SURGERY) to insurer, data_holder\n";
        // a fixed amount per item, padding rows not 0 by themselves: masked on shares
        case 3 -> "output allowance = sum((if family_claims < 2 then item_allowance else item_allowance * 25%) for item"
            + " in claim.items) to insurer, data_holder\n";
        default -> null;
      };
      if (line == null) {
        text = text.replace("let burden = max(0, claim.in_scope - claim.fund_paid)\n",
            "let burden = max(0, sum(min(item.in_scope, max(0, insured.cap - own_used)) for item in claim.items)"
                + " - claim.fund_paid)\n");
      } else if (!text.contains(line)) {
        text = text.replace("update own_used", line + "update own_used");
        text = text.replace("state own_used", line.contains("item_allowance") ? "param item_allowance: money = 20.00\n"
            + "state own_used" : "state own_used");
      }
    }
    return text;
  }

  /** A random policy with a per-person and a family state coupled, and counters. */
  private static String policy(Random random, boolean coupled) {
    String personLimit = money(100L * random.nextInt(20_000));
    String familyLimit = money(100L * random.nextInt(30_000));
    int percent = 1 + random.nextInt(100);
    // half of them 4 to 7: the forms family prefixes run; coupled: 0 or 1
    int kind = coupled ? random.nextInt(2) : random.nextInt(8);
    String left = switch (kind) {
      // the guide's deductible within a family deductible
      case 0 -> "max(0, min(person_limit - own_used, family_limit - family_used))";
      // a family cap and the insurer's per-person cap
      case 1 -> "max(0, min(insured.cap - own_used, family_limit - family_used))";
      // one limit for the family's and the person's amounts together
      case 2 -> "max(0, family_limit - family_used - own_used)";
      case 3 -> "if family_claims >= 2 then 0 else max(0, person_limit - own_used)";
      // a family cap alone: a segmented prefix in family order (the person's total reads it)
      case 4, 5 -> "max(0, family_limit - family_used)";
      // the person's deductible alone, the family's total of what it took (reads the person's)
      default -> "max(0, person_limit - own_used)";
    };
    // a running total, or the family's largest per-person total (no prefix family)
    String familyUpdate = kind >= 4 ? (random.nextBoolean() ? "family_used + applied"
        : "min(family_used + applied, family_limit)") // capped: a start above the limit falls to it
        : random.nextBoolean() || coupled ? "family_used + applied" : "max(family_used, own_used + applied)";
    String factor = switch (random.nextInt(3)) {
      case 0 -> "ratio";
      // one party's condition on a chained value: the data holder's in the chain
      case 1 -> "(if claim.visit_type == INPATIENT then ratio else 50%)";
      // the insurer's condition: its value of the step's claim
      default -> "(if insured.cap > 1000000 then ratio else 90%)";
    };
    String extra = random.nextBoolean() ? "output family_before = family_claims to insurer\n"
        : "output own_before = own_claims * claim.hospital_level to insurer, data_holder\n";
    // an aggregate of a chained value: its parts go back through the inverse permutation
    String aggregate = random.nextBoolean() ? "aggregate applied_by_visit = sum(applied) by claim.visit_type to insurer\n"
        : "";
    return "policy \"generated\" version 1\n"
        + "insured field family: id\n"
        + "insured field cap: money\n"
        + "param person_limit: money = " + personLimit + "\n"
        + "param family_limit: money = " + familyLimit + "\n"
        + "param ratio: ratio = " + percent + "%\n"
        + "state own_used: money\n"
        + "state family_used: money by insured.family\n"
        + "state own_claims: int\n"
        + "state family_claims: int by insured.family\n"
        + "let burden = max(0, claim.in_scope - claim.fund_paid)\n"
        + "let applied = min(burden, " + left + ")\n"
        + "output payout = (burden - applied) * " + factor + " to insurer, data_holder\n"
        + extra
        + aggregate
        + "update own_used = own_used + applied\n"
        + "update family_used = " + familyUpdate + "\n"
        + "update own_claims = own_claims + 1\n"
        + "update family_claims = family_claims + (if burden > 0 then 1 else 0)\n";
  }

  private static String money(long fen) {
    return fen / 100 + "." + String.format("%02d", fen % 100);
  }
}
