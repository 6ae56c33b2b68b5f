package org.cosettle.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.LineItem;
import org.cosettle.policy.GenExpr.Arith;
import org.cosettle.policy.GenExpr.BoolLit;
import org.cosettle.policy.GenExpr.Call;
import org.cosettle.policy.GenExpr.Compare;
import org.cosettle.policy.GenExpr.CountItems;
import org.cosettle.policy.GenExpr.DateLit;
import org.cosettle.policy.GenExpr.DaysBetween;
import org.cosettle.policy.GenExpr.Div;
import org.cosettle.policy.GenExpr.EnumLit;
import org.cosettle.policy.GenExpr.Field;
import org.cosettle.policy.GenExpr.If;
import org.cosettle.policy.GenExpr.InCode;
import org.cosettle.policy.GenExpr.InEnum;
import org.cosettle.policy.GenExpr.Lit;
import org.cosettle.policy.GenExpr.Logic;
import org.cosettle.policy.GenExpr.Match;
import org.cosettle.policy.GenExpr.Neg;
import org.cosettle.policy.GenExpr.Not;
import org.cosettle.policy.GenExpr.Ref;
import org.cosettle.policy.GenExpr.SumItems;
import org.cosettle.policy.GenExpr.Tiered;

/**
 * An independent reference implementation of the semantics of spec §3–§5 over the generator's
 * model, in exact decimals: every value is a {@link BigDecimal} at its type's scale, every
 * intermediate value and exact product is checked against 64 bits, rounding is
 * {@link RoundingMode#HALF_UP} (which is half away from zero). It shares no code with the
 * production compiler or evaluator. It is one file on purpose, longer than most: the whole
 * expression semantics in one place, to be read side by side with spec §4, and the states'
 * semantics of docs/language.md (per person, shared by a family, kept per item code, per policy
 * year, and taken back by reversals) beside it.
 */
final class ReferenceEvaluator {
  /**
   * Outputs per claim, states per insured record after the batch (a shared state's the family's,
   * a state per item code's 0), the values per code per record and declared state (empty for a
   * state not kept per code; codes sorted, none at 0), aggregate rows; or an error and its
   * culprit, the id of the first failing claim or the name of the overflowing aggregate.
   */
  record Outcome(long[][] outputs, long[][] states, List<List<Map<String, Long>>> valuesByCode,
      List<ReferenceAggregates.Row> rows, String error, String culprit) {}

  /** The state holding the policy year of the per-year states, last of the states when there are any. */
  static final String POLICY_YEAR = "policy_year";

  private static final BigDecimal STATE_BOUND = BigDecimal.valueOf(BatchGenerator.CLAIM_MONEY, 2);
  private static final BigDecimal INT_STATE_BOUND = BigDecimal.valueOf(1_000_000);

  /** The batch is rejected: a value left 64 bits, a state its bound, or an insured record is missing. */
  private static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String culprit;

    Failure(String culprit, String message) {
      super(message, null, false, false);
      this.culprit = culprit;
    }

    Failure(String message) {
      this(null, message);
    }
  }

  /** What one claim's expressions see. */
  private static final class Env {
    Claim claim;
    InsuredRecord record;
    BigDecimal[] statesBefore;
    /** Per declared state kept per item code, its values per code before the claim (null for the others). */
    List<Map<String, BigDecimal>> codesBefore;
    /** ... and after the claim's update of it. */
    List<Map<String, BigDecimal>> codesAfter;
    /** Per state kept per item code whose update has run, the value each item of the claim saw. */
    final Map<String, BigDecimal[]> chains = new HashMap<>();
    final Map<String, Object> values = new HashMap<>();
    LineItem item;
    /** The index of {@link #item} among the claim's items. */
    int itemIndex;
  }

  private final GenPolicy policy;
  private final Map<String, Object> constants = new HashMap<>();
  private final List<String> stateNames;
  /** The private tables' and code sets' values by name. */
  private final Map<String, BatchGenerator.TableValues> tables = new HashMap<>();

  private ReferenceEvaluator(GenPolicy policy) {
    this.policy = policy;
    this.stateNames = policy.all(GenPolicy.State.class).stream().map(GenPolicy.State::name).toList();
    this.yearly = policy.all(GenPolicy.State.class).stream().map(GenPolicy.State::yearly).toList();
    this.sharedBy = policy.all(GenPolicy.State.class).stream().map(GenPolicy.State::sharedBy).toList();
    this.byCode = policy.all(GenPolicy.State.class).stream().map(GenPolicy.State::byCode).toList();
    this.family = policy.all(GenPolicy.IdField.class).stream().map(GenPolicy.IdField::name).findFirst().orElse(null);
    this.updatedByCode = policy.all(GenPolicy.CodeUpdate.class).stream().map(GenPolicy.CodeUpdate::state).toList();
    this.types = policy.all(GenPolicy.State.class).stream().map(GenPolicy.State::type).toList();
  }

  /** Per declared state, its type: money (kept in fen), int or bool (kept as 0 or 1). */
  private final List<GType> types;

  /** The zero value of state {@code s} at its type's scale: what a new policy year restarts it from. */
  private BigDecimal zero(int s) {
    return BigDecimal.ZERO.setScale(types.get(s).scale);
  }

  /** Whether {@code value} leaves state {@code s}'s bound: ±1,000,000,000.00 for money, ±1,000,000 for int. */
  private boolean outOfBound(int s, BigDecimal value) {
    switch (types.get(s)) {
      case BOOL: return false;
      case INT: return value.abs().compareTo(INT_STATE_BOUND) > 0;
      default: return value.abs().compareTo(STATE_BOUND) > 0;
    }
  }

  /** Per declared state, the id field it is shared by ({@code by insured.family}), or null. */
  private final List<String> sharedBy;
  /** Which declared states are kept per item code. */
  private final List<Boolean> byCode;
  /** The policy's id field (the generator declares at most one), or null. */
  private final String family;
  /** The states per item code the policy updates. */
  private final List<String> updatedByCode;

  private boolean anyFamilyYearly() {
    for (int s = 0; s < stateNames.size(); s++) {
      if (yearly.get(s) && sharedBy.get(s) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * The state holding the family's policy year, {@code family_policy_year} for {@code insured field
   * family: id}, kept after the declared states when a state shared by the family is per policy_year.
   */
  static String familyYear(GenPolicy policy) {
    return policy.all(GenPolicy.IdField.class).get(0).name() + "_" + POLICY_YEAR;
  }

  /** Which of {@link #stateNames} are declared per policy_year. */
  private final List<Boolean> yearly;

  private boolean anyYearly() {
    return yearly.contains(true);
  }

  /**
   * The policy year of {@code day} for a policy started on {@code start}: the j with the (j-1)-th
   * anniversary on or before the day and the j-th after it, counting anniversaries on the calendar.
   */
  static long policyYear(int start, int day) {
    LocalDate s = LocalDate.ofEpochDay(start);
    LocalDate d = LocalDate.ofEpochDay(day);
    long j = d.getYear() - s.getYear() + 2;
    while (anniversary(s, j - 1).isAfter(d)) {
      j--;
    }
    return j;
  }

  /** The {@code k}-th anniversary of {@code start}; of a 29 February start, 1 March in a year without one. */
  private static LocalDate anniversary(LocalDate start, long k) {
    LocalDate a = start.plusYears(k);
    return start.getMonthValue() == 2 && start.getDayOfMonth() == 29 && a.getDayOfMonth() == 28 ? a.plusDays(1) : a;
  }

  static Outcome evaluate(GenPolicy policy, List<Claim> claims, InsuredFile insured, long[] privateValues) {
    return evaluate(policy, claims, insured, privateValues, List.of());
  }

  /** With the values of the policy's private tables and code sets, in declaration order. */
  static Outcome evaluate(GenPolicy policy, List<Claim> claims, InsuredFile insured, long[] privateValues,
      List<BatchGenerator.TableValues> tables) {
    try {
      ReferenceEvaluator r = new ReferenceEvaluator(policy);
      int next = 0;
      for (GenPolicy.Decl d : policy.decls()) {
        if (d instanceof GenPolicy.PrivateTable || d instanceof GenPolicy.PrivateCodeSet) {
          String name = d instanceof GenPolicy.PrivateTable t ? t.name() : ((GenPolicy.PrivateCodeSet) d).name();
          r.tables.put(name, tables.get(next++));
        }
      }
      return r.run(claims, insured, privateValues);
    } catch (Failure f) {
      return new Outcome(null, null, null, null, f.getMessage(), f.culprit);
    }
  }

  private Outcome run(List<Claim> claims, InsuredFile insured, long[] privateValues) {
    int nextPrivate = 0;
    for (GenPolicy.Decl d : policy.decls()) {
      if (d instanceof GenPolicy.Param p) {
        constants.put(p.name(), literal(p.value(), p.type()));
      } else if (d instanceof GenPolicy.PrivateParam p) {
        constants.put(p.name(), fromUnits(privateValues[nextPrivate++], p.type()));
      }
    }
    int count = stateNames.size();
    // after the declared states: the family's year (when a shared state is per year), then the person's
    int familyYearColumn = count;
    int yearColumn = count + (anyFamilyYearly() ? 1 : 0);
    List<InsuredRecord> records = insured.records();
    Map<String, Integer> recordOf = new HashMap<>();
    // a per-person state's value per record; a shared state's lives in its family's row of familyStates
    BigDecimal[][] states = new BigDecimal[records.size()][];
    // the year the per-year states belong to (0: not recorded)
    long[] years = new long[records.size()];
    String[] familyOf = new String[records.size()];
    Map<String, BigDecimal[]> familyStates = new HashMap<>();
    Map<String, Long> familyYears = new HashMap<>();
    // per record and state kept per item code, the value per code (null for the other states)
    List<List<Map<String, BigDecimal>>> codes = new ArrayList<>();
    for (int r = 0; r < records.size(); r++) {
      InsuredRecord record = records.get(r);
      years[r] = anyYearly() ? record.state(yearColumn) : 0;
      recordOf.put(record.insuredId(), r);
      states[r] = new BigDecimal[count];
      List<Map<String, BigDecimal>> mine = new ArrayList<>();
      for (int s = 0; s < count; s++) {
        states[r][s] = BigDecimal.valueOf(record.state(s), types.get(s).scale);
        mine.add(byCode.get(s) ? decimals(record.valuesByCode(s), types.get(s).scale) : null);
      }
      codes.add(mine);
      if (family != null) {
        // the first member's row gives the family's values (the rows of one family agree)
        familyOf[r] = record.codes(0).get(0);
        familyStates.putIfAbsent(familyOf[r], states[r].clone());
        familyYears.putIfAbsent(familyOf[r], anyFamilyYearly() ? record.state(familyYearColumn) : 0);
      }
    }
    List<GenPolicy.Output> outputs = policy.all(GenPolicy.Output.class);
    List<GenPolicy.Aggregate> aggregates = policy.all(GenPolicy.Aggregate.class);
    long[][] results = new long[claims.size()][outputs.size()];
    List<List<ReferenceAggregates.Share>> shares = new ArrayList<>();
    aggregates.forEach(a -> shares.add(new ArrayList<>()));
    // a claim without an insured record is an input error: the batch is refused before any
    // claim is evaluated (spec §8), so it is found first whatever comes before it
    for (Claim claim : claims) {
      if (!recordOf.containsKey(claim.insuredId())) {
        throw new Failure(claim.id(), "claim " + claim.id() + ": no insured record " + claim.insuredId());
      }
    }
    // a reversal (generated only of an earlier claim of its own person) is evaluated as any claim,
    // so that a failure on its data stops the batch as it would, and then settled as the claim
    // it takes back negated: outputs negated (a bool repeated), each state lowered by that
    // claim's increment (a state per item code code by code), no aggregate share
    Map<String, Integer> index = new HashMap<>();
    BigDecimal[][] increments = new BigDecimal[claims.size()][];
    List<List<Map<String, BigDecimal>>> codeIncrements = new ArrayList<>();
    // the years each claim's per-year increments went into: its person's and its family's recorded years after it
    long[] yearAfter = new long[claims.size()];
    long[] familyYearAfter = new long[claims.size()];
    for (int c = 0; c < claims.size(); c++) {
      Claim claim = claims.get(c);
      index.put(claim.id(), c);
      int r = recordOf.get(claim.insuredId());
      String f = familyOf[r];
      Env env = new Env();
      env.claim = claim;
      env.record = records.get(r);
      long year = anyYearly() ? policyYear(env.record.policyStart(), claim.admissionDate()) : 0;
      boolean restarts = years[r] > 0 && year > years[r];
      boolean familyRestarts = f != null && familyYears.get(f) > 0 && year > familyYears.get(f);
      env.statesBefore = new BigDecimal[count];
      env.codesBefore = new ArrayList<>();
      for (int s = 0; s < count; s++) {
        boolean shared = sharedBy.get(s) != null;
        BigDecimal current = shared ? familyStates.get(f)[s] : states[r][s];
        boolean restart = yearly.get(s) && (shared ? familyRestarts : restarts);
        env.statesBefore[s] = restart ? zero(s) : current;
        env.codesBefore.add(!byCode.get(s) ? null : restart ? new TreeMap<>() : new TreeMap<>(codes.get(r).get(s)));
      }
      if (!claim.isReversal()) {
        // a reversal leaves the recorded years as they are
        years[r] = Math.max(years[r], year);
        if (f != null) {
          familyYears.put(f, Math.max(familyYears.get(f), year));
        }
      }
      yearAfter[c] = years[r];
      familyYearAfter[c] = f == null ? 0 : familyYears.get(f);
      BigDecimal[] after;
      List<ReferenceAggregates.Share> claimShares = new ArrayList<>();
      try {
        after = claim(env, !claim.isReversal());
        for (int a = 0; a < aggregates.size(); a++) {
          claimShares.add(share(aggregates.get(a), env));
        }
      } catch (Failure failure) {
        throw new Failure(claim.id(), "claim " + claim.id() + ": " + failure.getMessage());
      }
      increments[c] = new BigDecimal[count];
      List<Map<String, BigDecimal>> codesAfter = new ArrayList<>();
      List<Map<String, BigDecimal>> claimCodeIncrements = new ArrayList<>();
      if (claim.isReversal()) {
        int t = index.get(claim.reverses());
        for (int s = 0; s < count; s++) {
          boolean shared = sharedBy.get(s) != null;
          BigDecimal current = shared ? familyStates.get(f)[s] : states[r][s];
          // a per-year state is taken back only within the year the increment went into: the
          // family's recorded year for a shared state, the person's for the others
          boolean closed = yearly.get(s) && (shared ? familyYearAfter[t] != familyYears.get(f) : yearAfter[t] != years[r]);
          // a bool state keeps its value
          BigDecimal taken = closed || types.get(s) == GType.BOOL ? zero(s) : increments[t][s];
          after[s] = current.subtract(taken);
          checkBound(claim, s, after[s]);
          increments[c][s] = taken.negate();
          Map<String, BigDecimal> values = null;
          Map<String, BigDecimal> back = null;
          if (byCode.get(s)) {
            values = new TreeMap<>(codes.get(r).get(s));
            back = new TreeMap<>();
            if (!closed) {
              for (Map.Entry<String, BigDecimal> e : codeIncrements.get(t).get(s).entrySet()) {
                BigDecimal v = values.getOrDefault(e.getKey(), zero(s)).subtract(e.getValue());
                checkBound(claim, s, v);
                values.put(e.getKey(), v);
                back.put(e.getKey(), e.getValue().negate());
              }
            }
          }
          codesAfter.add(values);
          claimCodeIncrements.add(back);
        }
        for (int o = 0; o < outputs.size(); o++) {
          results[c][o] = env.values.get(outputs.get(o).name()) instanceof Boolean ? results[t][o] : -results[t][o];
        }
        claimShares.replaceAll(share -> new ReferenceAggregates.Share(false, share.group(), BigDecimal.ZERO));
      } else {
        for (int s = 0; s < count; s++) {
          // a per-year state's increment counts from its value at the claim: 0 in a new year
          increments[c][s] = after[s].subtract(env.statesBefore[s]);
          Map<String, BigDecimal> added = null;
          if (byCode.get(s)) {
            // each code's value after the claim less its value before it, two items of one code together
            added = new TreeMap<>();
            Map<String, BigDecimal> before = env.codesBefore.get(s);
            for (Map.Entry<String, BigDecimal> e : env.codesAfter.get(s).entrySet()) {
              added.put(e.getKey(), e.getValue().subtract(before.getOrDefault(e.getKey(), zero(s))));
            }
          }
          codesAfter.add(byCode.get(s) ? env.codesAfter.get(s) : null);
          claimCodeIncrements.add(added);
        }
        for (int o = 0; o < outputs.size(); o++) {
          results[c][o] = units(env.values.get(outputs.get(o).name()));
        }
      }
      codeIncrements.add(claimCodeIncrements);
      for (int s = 0; s < count; s++) {
        if (sharedBy.get(s) != null) {
          familyStates.get(f)[s] = after[s];
        } else {
          states[r][s] = after[s];
        }
        if (byCode.get(s)) {
          codes.get(r).set(s, codesAfter.get(s));
        }
      }
      for (int a = 0; a < aggregates.size(); a++) {
        shares.get(a).add(claimShares.get(a));
      }
    }
    List<String> hospitals = claims.stream().map(Claim::hospitalId).toList();
    List<ReferenceAggregates.Row> rows = new ArrayList<>();
    for (int a = 0; a < aggregates.size(); a++) {
      GenPolicy.Aggregate aggregate = aggregates.get(a);
      try {
        rows.addAll(ReferenceAggregates.rows(aggregate, shares.get(a), hospitals));
      } catch (ArithmeticException e) {
        throw new Failure(aggregate.name(), "aggregate " + aggregate.name() + ": " + e.getMessage());
      }
    }
    long[][] stateUnits = new long[records.size()][yearColumn + (anyYearly() ? 1 : 0)];
    List<List<Map<String, Long>>> valuesByCode = new ArrayList<>();
    for (int r = 0; r < records.size(); r++) {
      List<Map<String, Long>> mine = new ArrayList<>();
      for (int s = 0; s < count; s++) {
        stateUnits[r][s] = units(sharedBy.get(s) != null ? familyStates.get(familyOf[r])[s] : states[r][s]);
        Map<String, Long> values = new TreeMap<>();
        if (byCode.get(s)) {
          // a code at 0 is no value: the states file leaves it out
          codes.get(r).get(s).forEach((code, v) -> {
            if (v.signum() != 0) {
              values.put(code, units(v));
            }
          });
        }
        mine.add(values);
      }
      valuesByCode.add(mine);
      if (anyFamilyYearly()) {
        stateUnits[r][familyYearColumn] = familyYears.get(familyOf[r]);
      }
      if (anyYearly()) {
        stateUnits[r][yearColumn] = years[r];
      }
    }
    return new Outcome(results, stateUnits, valuesByCode, rows, null, null);
  }

  private void checkBound(Claim claim, int s, BigDecimal value) {
    if (outOfBound(s, value)) {
      throw new Failure(claim.id(), "claim " + claim.id() + ": state " + stateNames.get(s) + " leaves its bound");
    }
  }

  private static Map<String, BigDecimal> decimals(Map<String, Long> units, int scale) {
    Map<String, BigDecimal> out = new TreeMap<>();
    units.forEach((code, v) -> out.put(code, BigDecimal.valueOf(v, scale)));
    return out;
  }

  /**
   * Evaluates one claim's lets, outputs and updates in declaration order (every read of a state
   * sees its value before the claim; of a state per item code, its value before the item, after
   * the claim's earlier items of the same code); returns the new states, within their bound when
   * {@code bounded} (a reversal's are not kept), and leaves the new values per code in {@code env}.
   */
  private BigDecimal[] claim(Env env, boolean bounded) {
    BigDecimal[] after = env.statesBefore.clone();
    env.codesAfter = new ArrayList<>(env.codesBefore);
    for (GenPolicy.Decl d : policy.decls()) {
      if (d instanceof GenPolicy.Let l) {
        env.values.put(l.name(), eval(l.value(), env));
      } else if (d instanceof GenPolicy.Output o) {
        env.values.put(o.name(), eval(o.value(), env));
      } else if (d instanceof GenPolicy.Update u) {
        Object value = eval(u.value(), env);
        after[stateNames.indexOf(u.state())] = value instanceof Boolean b ? BigDecimal.valueOf(b ? 1 : 0) : (BigDecimal) value;
      } else if (d instanceof GenPolicy.CodeUpdate u) {
        int s = stateNames.indexOf(u.state());
        env.codesAfter.set(s, chain(u, env, env.codesBefore.get(s), bounded));
      }
    }
    for (int s = 0; s < after.length && bounded; s++) {
      if (outOfBound(s, after[s])) {
        throw new Failure("state " + stateNames.get(s) + " would become " + after[s]);
      }
    }
    return after;
  }

  /**
   * Runs {@code update STATE[item.code] = ... for item in claim.items} over the claim's items in
   * order from the values per code {@code before}: each item reads (and every sum or count reads,
   * for that item) the value its code has after the earlier items; an item whose filter holds sets
   * it, and each value it sets is a new value of the state, within its bound when {@code bounded}
   * (even if a later item of the code brings it back). Returns the values after the last item.
   */
  private Map<String, BigDecimal> chain(GenPolicy.CodeUpdate u, Env env, Map<String, BigDecimal> before, boolean bounded) {
    Map<String, BigDecimal> values = new TreeMap<>(before);
    int s = stateNames.indexOf(u.state());
    List<LineItem> items = env.claim.items();
    BigDecimal[] seen = new BigDecimal[items.size()];
    env.chains.put(u.state(), seen);
    for (int i = 0; i < items.size(); i++) {
      env.item = items.get(i);
      env.itemIndex = i;
      seen[i] = values.getOrDefault(env.item.code(), zero(s));
      BigDecimal value = num(u.value(), env);
      if (u.where() == null || bool(u.where(), env)) {
        if (bounded && outOfBound(s, value)) {
          throw new Failure("state " + u.state() + " would become " + value + " for " + env.item.code());
        }
        values.put(env.item.code(), value);
      }
    }
    env.item = null;
    return values;
  }

  /** Evaluates (every operand, spec §4) the filter, key and value of one claim for aggregate {@code a}. */
  private ReferenceAggregates.Share share(GenPolicy.Aggregate a, Env env) {
    boolean kept = a.where() == null || bool(a.where(), env);
    String group;
    if (a.by() == null) {
      group = "";
    } else if (a.by() instanceof GenPolicy.ByHospital) {
      group = env.claim.hospitalId();
    } else if (a.by() instanceof GenPolicy.ByBand b) {
      group = ReferenceAggregates.band(b.bounds(), num(b.key(), env));
    } else {
      Object v = eval(((GenPolicy.ByValue) a.by()).key(), env);
      group = v instanceof Enum<?> e ? e.name() : v.toString();
    }
    BigDecimal value = a.sum() == null ? BigDecimal.ONE : num(a.sum(), env);
    return new ReferenceAggregates.Share(kept, group, value);
  }

  // ---- expressions ------------------------------------------------------------------------

  private Object eval(GenExpr e, Env env) {
    if (e instanceof Lit l) {
      return fit(l.value().setScale(l.type().scale, RoundingMode.UNNECESSARY));
    }
    if (e instanceof BoolLit b) {
      return b.value();
    }
    if (e instanceof DateLit d) {
      return BigDecimal.valueOf(d.date().toEpochDay());
    }
    if (e instanceof EnumLit en) {
      return en.value();
    }
    if (e instanceof Field f) {
      return field(f, env);
    }
    if (e instanceof Ref r) {
      return ref(r, env);
    }
    if (e instanceof Neg n) {
      return fit(num(n.operand(), env).negate());
    }
    if (e instanceof Arith a) {
      return arith(a, env);
    }
    if (e instanceof Div d) {
      return fit(num(d.left(), env).divide(BigDecimal.valueOf(d.divisor()), 2, RoundingMode.HALF_UP));
    }
    if (e instanceof Compare c) {
      Object l = eval(c.left(), env);
      Object r = eval(c.right(), env);
      if (l instanceof BigDecimal x) {
        int cmp = x.compareTo((BigDecimal) r);
        switch (c.op()) {
          case "<": return cmp < 0;
          case "<=": return cmp <= 0;
          case ">": return cmp > 0;
          case ">=": return cmp >= 0;
          case "==": return cmp == 0;
          default: return cmp != 0;
        }
      }
      return c.op().equals("==") == l.equals(r);
    }
    if (e instanceof Logic l) {
      boolean a = bool(l.left(), env);
      boolean b = bool(l.right(), env);
      return l.op().equals("and") ? a && b : a || b;
    }
    if (e instanceof Not n) {
      return !bool(n.operand(), env);
    }
    if (e instanceof InEnum in) {
      return in.members().contains(eval(in.value(), env));
    }
    if (e instanceof GenExpr.InPrivateSet in) {
      return inCodes((String) eval(in.value(), env), tables.get(in.set()).members());
    }
    if (e instanceof GenExpr.Lookup l) {
      BatchGenerator.TableValues t = tables.get(l.table());
      Long v = t.entries().get((String) eval(l.key(), env));
      return fromUnits(v != null ? v : t.shape().defaultUnits(), l.type());
    }
    if (e instanceof GenExpr.CodeState cs) {
      BigDecimal[] seen = env.chains.get(cs.state());
      if (seen != null) {
        return seen[env.itemIndex];
      }
      if (updatedByCode.contains(cs.state())) {
        throw new IllegalStateException("the generator reads " + cs.state() + "[item.code] before its update");
      }
      int s = stateNames.indexOf(cs.state());
      return env.codesBefore.get(s).getOrDefault(env.item.code(), zero(s));
    }
    if (e instanceof InCode in) {
      return inCodes((String) eval(in.value(), env), in.members());
    }
    if (e instanceof If i) {
      boolean c = bool(i.condition(), env);
      Object a = eval(i.then(), env);
      Object b = eval(i.otherwise(), env);
      return c ? a : b;
    }
    if (e instanceof Match m) {
      Object chosen = null;
      for (int k = 0; k < m.conditions().size(); k++) {
        boolean c = bool(m.conditions().get(k), env);
        Object v = eval(m.values().get(k), env);
        if (c && chosen == null) {
          chosen = v;
        }
      }
      Object otherwise = eval(m.otherwise(), env);
      return chosen != null ? chosen : otherwise;
    }
    if (e instanceof Call c) {
      List<BigDecimal> args = new ArrayList<>();
      for (GenExpr a : c.args()) {
        args.add(num(a, env));
      }
      switch (c.function()) {
        case "min": return args.stream().min(BigDecimal::compareTo).orElseThrow();
        case "max": return args.stream().max(BigDecimal::compareTo).orElseThrow();
        default: return args.get(0).max(args.get(1)).min(args.get(2));
      }
    }
    if (e instanceof DaysBetween d) {
      BigDecimal from = num(d.from(), env);
      return fit(num(d.to(), env).subtract(from));
    }
    if (e instanceof Tiered t) {
      return tiered(t, env);
    }
    if (e instanceof SumItems s) {
      BigDecimal total = BigDecimal.ZERO.setScale(s.type().scale);
      for (int i = 0; i < env.claim.items().size(); i++) {
        env.item = env.claim.items().get(i);
        env.itemIndex = i;
        BigDecimal v = num(s.body(), env);
        if (s.where() == null || bool(s.where(), env)) {
          total = fit(total.add(v));
        }
      }
      env.item = null;
      return total;
    }
    CountItems c = (CountItems) e;
    long n = 0;
    for (int i = 0; i < env.claim.items().size(); i++) {
      env.item = env.claim.items().get(i);
      env.itemIndex = i;
      if (c.where() == null || bool(c.where(), env)) {
        n++;
      }
    }
    env.item = null;
    return BigDecimal.valueOf(n);
  }

  private BigDecimal arith(Arith a, Env env) {
    BigDecimal l = num(a.left(), env);
    BigDecimal r = num(a.right(), env);
    switch (a.op()) {
      case '+': return fit(l.add(r));
      case '-': return fit(l.subtract(r));
      default: {
        // the exact product must fit before it is rounded (spec §3); its scale is the sum of the operands' scales
        BigDecimal exact = fit(l.multiply(r));
        return fit(exact.setScale(a.type().scale, RoundingMode.HALF_UP));
      }
    }
  }

  /**
   * Progressive bands: the exact band products are summed, then rounded once (spec §4); the
   * cumulative form is the bands at {@code total + x} less the bands at {@code total}.
   */
  private BigDecimal tiered(Tiered t, Env env) {
    BigDecimal x = num(t.value(), env);
    List<BigDecimal> rates = new ArrayList<>();
    for (GenExpr r : t.rates()) {
      rates.add(num(r, env));
    }
    if (t.from() == null) {
      return bands(t, x, rates);
    }
    BigDecimal total = num(t.from(), env);
    return fit(bands(t, fit(total.add(x)), rates).subtract(bands(t, total, rates)));
  }

  private BigDecimal bands(Tiered t, BigDecimal x, List<BigDecimal> rates) {
    BigDecimal total = BigDecimal.ZERO.setScale(6);
    int n = t.bounds().size();
    for (int i = 0; i < n; i++) {
      BigDecimal lower = t.bounds().get(i).value();
      if (x.compareTo(lower) > 0) {
        BigDecimal upper = i + 1 < n ? x.min(t.bounds().get(i + 1).value()) : x;
        total = fit(total.add(fit(upper.subtract(lower).setScale(2).multiply(rates.get(i)))));
      }
    }
    return fit(total.setScale(2, RoundingMode.HALF_UP));
  }

  private Object field(Field f, Env env) {
    if (f.item()) {
      LineItem it = env.item;
      switch (f.field()) {
        case "code": return it.code();
        case "category": return it.category();
        case "special_drug": return it.specialDrug();
        case "amount": return money(it.amount());
        case "full_self_pay": return money(it.fullSelfPay());
        case "over_limit": return money(it.overLimit());
        case "pre_self_pay": return money(it.preSelfPay());
        default: return money(it.inScope());
      }
    }
    Claim c = env.claim;
    switch (f.object() + "." + f.field()) {
      case "insured.preexisting": return env.record.preexisting();
      case "insured.policy_start": return BigDecimal.valueOf(env.record.policyStart());
      case "patient.age": return BigDecimal.valueOf(c.age());
      case "patient.sex": return c.sex();
      case "claim.visit_type": return c.visitType();
      case "claim.hospital_level": return BigDecimal.valueOf(c.hospitalLevel());
      case "claim.admission_date": return BigDecimal.valueOf(c.admissionDate());
      case "claim.diagnosis_date": return BigDecimal.valueOf(c.diagnosisDate());
      case "claim.discharge_date": return BigDecimal.valueOf(c.dischargeDate());
      case "claim.diagnosis": return c.diagnosis();
      case "claim.total": return money(c.total());
      case "claim.full_self_pay": return money(c.fullSelfPay());
      case "claim.over_limit": return money(c.overLimit());
      case "claim.pre_self_pay": return money(c.preSelfPay());
      case "claim.in_scope": return money(c.inScope());
      case "claim.fund_paid": return money(c.fundPaid());
      case "claim.critical_paid": return money(c.criticalPaid());
      case "claim.assistance_paid": return money(c.assistancePaid());
      case "claim.account_paid": return money(c.accountPaid());
      case "claim.cash_paid": return money(c.cashPaid());
      case "claim.settlement_route": return c.route();
      case "claim.threshold_applied": return c.thresholdApplied();
      case "claim.other_insurer_paid": return money(c.otherInsurerPaid());
      default: throw new IllegalArgumentException("unknown field " + f);
    }
  }

  /** Whether {@code code} is in the code set {@code members} (spec §4: a trailing {@code *} matches by prefix). */
  private static boolean inCodes(String code, List<String> members) {
    for (String m : members) {
      boolean prefix = m.endsWith("*");
      if (prefix ? code.startsWith(m.substring(0, m.length() - 1)) : code.equals(m)) {
        return true;
      }
    }
    return false;
  }

  private Object ref(Ref r, Env env) {
    switch (r.kind()) {
      case PARAM:
      case PRIVATE_PARAM:
        return constants.get(r.name());
      case STATE: {
        BigDecimal v = env.statesBefore[stateNames.indexOf(r.name())];
        return r.type() == GType.BOOL ? (Object) (v.signum() != 0) : v;
      }
      default:
        return env.values.get(r.name());
    }
  }

  private BigDecimal num(GenExpr e, Env env) {
    return (BigDecimal) eval(e, env);
  }

  private boolean bool(GenExpr e, Env env) {
    return (Boolean) eval(e, env);
  }

  // ---- values -----------------------------------------------------------------------------

  private static BigDecimal fit(BigDecimal v) {
    if (v.unscaledValue().bitLength() > 63) {
      throw new Failure("a value exceeds 64 bits: " + v);
    }
    return v;
  }

  private static BigDecimal money(long fen) {
    return BigDecimal.valueOf(fen, 2);
  }

  private static Object literal(GenExpr value, GType type) {
    if (value instanceof BoolLit b) {
      return b.value();
    }
    if (value instanceof DateLit d) {
      return BigDecimal.valueOf(d.date().toEpochDay());
    }
    return ((Lit) value).value().setScale(type.scale, RoundingMode.UNNECESSARY);
  }

  private static Object fromUnits(long units, GType type) {
    switch (type) {
      case BOOL: return units != 0;
      case DATE: return BigDecimal.valueOf(units);
      default: return BigDecimal.valueOf(units, type.scale);
    }
  }

  private static long units(Object v) {
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return ((BigDecimal) v).unscaledValue().longValueExact();
  }
}
