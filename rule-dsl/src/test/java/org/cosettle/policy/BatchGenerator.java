package org.cosettle.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cosettle.core.Claim;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.InsuredColumn;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.LineItem;
import org.cosettle.core.SettlementRoute;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;

/**
 * Random batches that hit the nasty cases: amounts that make rounding ties, refunds (negative
 * amounts) and zero, claims without items, several claims of one insured person (so deductibles
 * and caps are crossed inside the batch), code prefixes, every category and visit type, states
 * near their bound. Most claims satisfy the settlement invariants of spec §8 (so they can also
 * go through {@code ClaimsFile}); the rest are arbitrary within the input bounds of spec §3.
 */
final class BatchGenerator {
  /**
   * A batch ready for the evaluator: claims in file order, insured records, private values, and
   * the values of the policy's private tables and code sets in declaration order.
   */
  record Batch(List<Claim> claims, InsuredFile insured, long[] privateParams, List<TableValues> tables) {
    Batch(List<Claim> claims, InsuredFile insured, long[] privateParams) {
      this(claims, insured, privateParams, List.of());
    }

    /** The private params and tables as the production evaluator takes them. */
    PrivateValues values() {
      return new PrivateValues(privateParams, tables.stream().map(TableValues::codeTable).toList());
    }
  }

  /** A private table's or code set's declaration as far as its values are concerned. */
  record TableShape(GType type, boolean codeSet, long size, long defaultUnits) {
    static TableShape of(CompiledPolicy.PrivateTable t) {
      return new TableShape(GType.valueOf(t.valueType().name()), t.codeSet(), t.size(), t.defaultValue());
    }
  }

  /**
   * One private table's values (code to value in the type's units, and the default) or one code
   * set's members (exact codes and {@code "C*"} prefixes).
   */
  record TableValues(TableShape shape, Map<String, Long> entries, List<String> members) {
    org.cosettle.policy.eval.CodeTable codeTable() {
      return shape.codeSet() ? org.cosettle.policy.eval.CodeTable.of(new org.cosettle.policy.ir.CodeSet(members))
          : org.cosettle.policy.eval.CodeTable.of(entries, shape.defaultUnits());
    }
  }

  static final long CLAIM_MONEY = 100_000_000_000L;
  static final long ITEM_MONEY = 1_000_000_000L;
  private static final List<String> HOSPITALS = List.of("", "H001", "H002", "h001", "H0010", "医院A",
      "\uFF21", "\uD840\uDC00", "H,\"1\"");
  private static final int DAY_2026 = 20_454;
  private static final int LEAP_DAY_2024 = 19_782;

  private final Random rnd;
  private final Dice dice;
  /** Every amount, age and private value at (or next to) its bound, for the overflow analysis. */
  private final boolean extreme;

  /** The codes line items are billed under. */
  private List<String> itemCodes = ExprGenerator.CODES;

  BatchGenerator(Random rnd, boolean extreme) {
    this.rnd = rnd;
    this.dice = new Dice(rnd);
    this.extreme = extreme;
  }

  /**
   * A batch for {@code policy} as {@link #generate(Random, List, List, List)} makes one; when the
   * policy declares an id field, states per item code or int or bool states, its insured records
   * carry families (one id, one start and one value of each shared state per family, the family's
   * year recorded or not), values per code and values of each state's type, and its claims' items
   * repeat a few codes.
   */
  static Batch forPolicy(Random rnd, GenPolicy policy, CompiledPolicy compiled) {
    List<String> stateNames = ReferencePropertyTest.stateNames(policy);
    List<GType> privateTypes = ReferencePropertyTest.privateTypes(policy);
    List<TableShape> tables = ReferencePropertyTest.tableShapes(compiled);
    List<GenPolicy.State> states = policy.all(GenPolicy.State.class);
    if (policy.all(GenPolicy.IdField.class).isEmpty() && states.stream().noneMatch(GenPolicy.State::byCode)
        && states.stream().allMatch(st -> st.type() == GType.MONEY)) {
      return generate(rnd, stateNames, privateTypes, tables);
    }
    BatchGenerator g = new BatchGenerator(rnd, false);
    if (states.stream().anyMatch(GenPolicy.State::byCode)) {
      List<String> pool = new ArrayList<>(ExprGenerator.CODES.stream().filter(c -> !c.isEmpty()).toList());
      g.itemCodes = new ArrayList<>();
      for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
        g.itemCodes.add(pool.remove(rnd.nextInt(pool.size())));
      }
    }
    Batch b = g.withTables(stateNames, privateTypes, tables);
    return new Batch(b.claims(), g.keyedRecords(policy, compiled, b.insured()), b.privateParams(), b.tables());
  }

  /**
   * {@code insured}'s records made into families (when the policy has an id field) and given values
   * per code for its states kept per item code.
   */
  private InsuredFile keyedRecords(GenPolicy policy, CompiledPolicy compiled, InsuredFile insured) {
    List<GenPolicy.State> declared = policy.all(GenPolicy.State.class);
    List<InsuredColumn> columns = compiled.stateColumns();
    boolean hasFamily = !policy.all(GenPolicy.IdField.class).isEmpty();
    boolean familyYearly = declared.stream().anyMatch(s -> s.sharedBy() != null && s.yearly());
    String familyYear = hasFamily ? ReferenceEvaluator.familyYear(policy) : null;
    boolean byCode = columns.stream().anyMatch(InsuredColumn::isByCode);
    List<InsuredRecord> old = insured.records();
    int[] head = new int[old.size()];
    String idStem = dice.pick("F", "家", "F-");
    List<InsuredRecord> records = new ArrayList<>();
    boolean sameStart = familyYearly || rnd.nextBoolean();
    for (int p = 0; p < old.size(); p++) {
      head[p] = p == 0 || rnd.nextInt(3) == 0 ? p : head[rnd.nextInt(p)];
      InsuredRecord own = old.get(p);
      InsuredRecord first = old.get(head[p]);
      long[] states = own.states();
      List<Map<String, Long>> values = new ArrayList<>();
      for (int s = 0; s < columns.size(); s++) {
        String name = columns.get(s).name();
        boolean shared = s < declared.size() ? declared.get(s).sharedBy() != null : name.equals(familyYear);
        GType type = s < declared.size() ? declared.get(s).type() : GType.INT;
        if (name.equals(familyYear) && head[p] == p) {
          states[s] = rnd.nextInt(4);
        } else if (shared && head[p] != p) {
          states[s] = records.get(head[p]).state(s);
        } else if (s < declared.size() && type != GType.MONEY) {
          states[s] = typedState(type);
        }
        Map<String, Long> mine = new HashMap<>();
        if (columns.get(s).isByCode()) {
          states[s] = 0;
          for (int k = rnd.nextInt(3); k > 0; k--) {
            long v = type == GType.INT ? typedState(type) : amount(CLAIM_MONEY / 1000);
            if (v != 0) {
              mine.put(dice.pick(itemCodes), v);
            }
          }
        }
        values.add(mine);
      }
      int start = hasFamily && sameStart ? first.policyStart() : own.policyStart();
      long[] fields = hasFamily ? new long[] {head[p]} : new long[0];
      List<List<String>> codes = hasFamily ? List.of(List.of(idStem + head[p])) : List.of();
      records.add(new InsuredRecord(own.insuredId(), own.preexisting(), start, states, fields, codes,
          byCode ? values : List.of()));
    }
    return InsuredFile.of(compiled.insuredFields(), columns, records);
  }

  /**
   * A value of an int state (a count: small, zero, now and then a negative one or one next to its
   * bound of ±1,000,000) or a bool state (0 or 1).
   */
  private long typedState(GType type) {
    if (type == GType.BOOL) {
      return rnd.nextInt(2);
    }
    switch (rnd.nextInt(10)) {
      case 0: case 1: case 2: return 0;
      case 3: return dice.pick(1_000_000L, 999_999L, -1_000_000L);
      case 4: return -1 - rnd.nextInt(5);
      default: return rnd.nextInt(20);
    }
  }

  static Batch generate(Random rnd, List<String> stateNames, List<GType> privateTypes) {
    return new BatchGenerator(rnd, false).batch(stateNames, privateTypes);
  }

  /** As {@link #generate(Random, List, List)}, with values for private tables and code sets of these shapes. */
  static Batch generate(Random rnd, List<String> stateNames, List<GType> privateTypes, List<TableShape> tables) {
    return new BatchGenerator(rnd, false).withTables(stateNames, privateTypes, tables);
  }

  /** As {@link #extreme(Random, List, List)}, with values for private tables and code sets of these shapes. */
  static Batch extreme(Random rnd, List<String> stateNames, List<GType> privateTypes, List<TableShape> tables) {
    return new BatchGenerator(rnd, true).withTables(stateNames, privateTypes, tables);
  }

  private Batch withTables(List<String> stateNames, List<GType> privateTypes, List<TableShape> tables) {
    Batch b = batch(stateNames, privateTypes);
    return new Batch(b.claims(), b.insured(), b.privateParams(), tables.stream().map(this::tableValues).toList());
  }

  /**
   * Values for a table: up to its size of codes the claims use (and some they do not), so that
   * lookups hit and miss; a code set's members mix exact codes and prefixes.
   */
  private TableValues tableValues(TableShape shape) {
    if (shape.codeSet()) {
      return new TableValues(shape, Map.of(), dice.subset(ExprGenerator.PATTERNS));
    }
    Map<String, Long> entries = new LinkedHashMap<>();
    for (String code : dice.subset(ExprGenerator.CODES)) {
      if (entries.size() < shape.size() && !code.isEmpty() && !code.endsWith("*")) {
        entries.put(code, value(shape.type()));
      }
    }
    return new TableValues(shape, entries, List.of());
  }

  /** A batch whose inputs sit at the bounds of spec §3, where an unsound range analysis shows. */
  static Batch extreme(Random rnd, List<String> stateNames, List<GType> privateTypes) {
    return new BatchGenerator(rnd, true).batch(stateNames, privateTypes);
  }

  private Batch batch(List<String> stateNames, List<GType> privateTypes) {
    List<InsuredRecord> records = new ArrayList<>();
    int persons = 1 + rnd.nextInt(4);
    boolean nearBound = extreme ? rnd.nextBoolean() : rnd.nextInt(25) == 0;
    for (int p = 0; p < persons; p++) {
      long[] states = new long[stateNames.size()];
      for (int s = 0; s < states.length; s++) {
        states[s] = stateNames.get(s).equals(ReferenceEvaluator.POLICY_YEAR) ? rnd.nextInt(4) : nearBound ? (CLAIM_MONEY - rnd.nextInt(1000)) * (rnd.nextBoolean() ? 1 : -1)
            : rnd.nextInt(3) == 0 ? 0 : amount(CLAIM_MONEY / 1000);
      }
      // now and then a 29 February start, whose anniversary is 1 March in 2026
      int start = rnd.nextInt(10) == 0 ? -25_567 : rnd.nextInt(15) == 0 ? LEAP_DAY_2024
          : DAY_2026 - 800 + rnd.nextInt(1100);
      records.add(new InsuredRecord(p == 1 ? "张三" : "P" + p, rnd.nextBoolean(), start, states));
    }
    List<Claim> claims = new ArrayList<>();
    // now and then one insured person with dozens of claims, as a dialysis patient has
    int n = rnd.nextInt(8) == 0 ? rnd.nextInt(2) : rnd.nextInt(8) == 1 ? 20 + rnd.nextInt(21) : 2 + rnd.nextInt(11);
    int stranger = rnd.nextInt(30) == 0 ? rnd.nextInt(Math.max(1, n)) : -1;
    for (int i = 0; i < n; i++) {
      String insured = i == stranger ? "NOBODY" : records.get(rnd.nextInt(persons)).insuredId();
      claims.add(claim(String.format("C%03d", i), insured, !extreme && rnd.nextInt(10) < 7));
    }
    long[] privateValues = new long[privateTypes.size()];
    for (int k = 0; k < privateValues.length; k++) {
      privateValues[k] = value(privateTypes.get(k));
    }
    return new Batch(claims, InsuredFile.of(stateNames, records), privateValues);
  }

  /**
   * {@code batch} with reversals put in: after a claim, now and then, a new claim of the same
   * person (its own data random) that takes back one of that person's earlier claims not yet
   * reversed; a reversal is never reversed.
   */
  static Batch withReversals(Random rnd, Batch batch) {
    List<Claim> out = new ArrayList<>();
    Map<String, List<Claim>> open = new LinkedHashMap<>();
    int made = 0;
    for (Claim c : batch.claims()) {
      out.add(c);
      open.computeIfAbsent(c.insuredId(), k -> new ArrayList<>()).add(c);
      while (rnd.nextInt(4) == 0) {
        List<Claim> candidates = open.get(out.get(rnd.nextInt(out.size())).insuredId());
        if (candidates.isEmpty()) {
          break;
        }
        Claim target = candidates.remove(rnd.nextInt(candidates.size()));
        Claim data = consistentClaim(rnd, String.format("R%03d", made++), target.insuredId());
        out.add(new Claim(data.id(), data.insuredId(), data.hospitalId(), data.visitType(), data.hospitalLevel(),
            data.admissionDate(), data.dischargeDate(), data.diagnosis(), data.age(), data.sex(), data.total(),
            data.fullSelfPay(), data.overLimit(), data.preSelfPay(), data.inScope(), data.fundPaid(),
            data.criticalPaid(), data.assistancePaid(), data.accountPaid(), data.cashPaid(), data.items(),
            data.route(), data.thresholdApplied(), data.otherInsurerPaid(), data.diagnosisDate(), target.id(), data.line()));
      }
    }
    return new Batch(out, batch.insured(), batch.privateParams(), batch.tables());
  }

  /** A claim that satisfies every settlement invariant of spec §8, so {@code ClaimsFile} accepts it. */
  static Claim consistentClaim(Random rnd, String id, String insuredId) {
    return new BatchGenerator(rnd, false).claim(id, insuredId, true);
  }

  /** One claim; {@code consistent} ones satisfy every settlement invariant of spec §8. */
  Claim claim(String id, String insuredId, boolean consistent) {
    List<LineItem> items = new ArrayList<>();
    int count = rnd.nextInt(10) < 3 ? 0 : 1 + rnd.nextInt(5);
    long itemPart = extreme ? ITEM_MONEY : ITEM_MONEY / 10;
    long claimPart = extreme ? CLAIM_MONEY : CLAIM_MONEY / 100;
    for (int k = 0; k < count; k++) {
      long fsp = amount(itemPart);
      long over = rnd.nextInt(4) == 0 ? amount(itemPart) : 0;
      long in = amount(itemPart);
      long amount = consistent ? fsp + over + in : amount(ITEM_MONEY);
      long pre = consistent ? Math.max(0, in) / (1 + rnd.nextInt(3)) : amount(ITEM_MONEY);
      items.add(new LineItem(dice.pick(itemCodes), dice.pick(FeeCategory.values()), amount, fsp, over, pre, in,
          rnd.nextInt(4) == 0));
    }
    long[] split = new long[5];
    if (count > 0 && consistent) {
      for (LineItem it : items) {
        split[0] += it.amount();
        split[1] += it.fullSelfPay();
        split[2] += it.overLimit();
        split[3] += it.preSelfPay();
        split[4] += it.inScope();
      }
    } else {
      for (int k = 1; k < 5; k++) {
        split[k] = amount(claimPart);
      }
      split[0] = consistent ? split[1] + split[2] + split[4] : amount(CLAIM_MONEY);
    }
    long[] paid = new long[5];
    for (int k = 0; k < 4; k++) {
      paid[k] = rnd.nextInt(3) == 0 ? 0 : amount(claimPart);
    }
    paid[4] = consistent ? split[0] - paid[0] - paid[1] - paid[2] - paid[3] : amount(CLAIM_MONEY);
    int admission = DAY_2026 + rnd.nextInt(365);
    int discharge = admission + (rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(30));
    int age = extreme || rnd.nextInt(30) == 0 ? dice.pick(-3, 1_000_000, -1_000_000) : rnd.nextInt(101);
    return new Claim(id, insuredId, dice.pick(HOSPITALS), dice.pick(VisitType.values()), 1 + rnd.nextInt(3), admission,
        discharge, dice.pick(ExprGenerator.CODES), age, dice.pick(Sex.values()), split[0], split[1], split[2], split[3],
        split[4], paid[0], paid[1], paid[2], paid[3], paid[4], items, dice.pick(SettlementRoute.values()),
        rnd.nextBoolean(), rnd.nextInt(3) == 0 ? 0 : amount(claimPart),
        rnd.nextInt(3) == 0 ? admission - rnd.nextInt(400) : admission, "", 0);
  }

  /** An amount in fen within ±{@code bound}, biased to rounding ties, zero and refunds. */
  long amount(long bound) {
    if (extreme) {
      return dice.pick(bound, -bound, bound, -bound, 0L, bound - 1);
    }
    long v;
    switch (rnd.nextInt(12)) {
      case 0: v = 0; break;
      case 1: v = dice.pick(1L, 2L, 5L, 15L, 25L, 125L, 3L); break;
      case 2: v = 2 * rnd.nextInt(500) + 1; break;
      case 3: v = bound; break;
      case 4: v = Math.min(bound, rnd.nextInt(100_000_000)); break;
      default: v = rnd.nextInt(1_000_000);
    }
    return rnd.nextInt(6) == 0 ? -v : v;
  }

  private long value(GType t) {
    if (extreme && t.isNumeric()) {
      long bound = t == GType.MONEY ? CLAIM_MONEY : t == GType.RATIO ? 100_000 : 1_000_000;
      return rnd.nextBoolean() ? bound : -bound;
    }
    switch (t) {
      case MONEY: return amount(CLAIM_MONEY);
      case RATIO: return rnd.nextBoolean() ? dice.pick(5000L, 2500L, 10_000L, 1L, 100_000L, -100_000L, 0L) : rnd.nextInt(20_000) - 5000;
      case INT: return rnd.nextInt(10) == 0 ? dice.pick(1_000_000L, -1_000_000L) : rnd.nextInt(200) - 20;
      case BOOL: return rnd.nextInt(2);
      case DATE: return DAY_2026 - 400 + rnd.nextInt(800);
      default: throw new IllegalArgumentException("no private param of type " + t);
    }
  }
}
