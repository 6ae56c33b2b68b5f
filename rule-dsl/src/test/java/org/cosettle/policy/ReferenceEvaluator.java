package org.cosettle.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * expression semantics in one place, to be read side by side with spec §4.
 */
final class ReferenceEvaluator {
  /**
   * Outputs per claim, states per insured record after the batch, aggregate rows; or an error
   * and its culprit, the id of the first failing claim or the name of the overflowing aggregate.
   */
  record Outcome(long[][] outputs, long[][] states, List<ReferenceAggregates.Row> rows, String error, String culprit) {}

  /** The state holding the policy year of the per-year states, last of the states when there are any. */
  static final String POLICY_YEAR = "policy_year";

  private static final BigDecimal STATE_BOUND = BigDecimal.valueOf(BatchGenerator.CLAIM_MONEY, 2);

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
    final Map<String, Object> values = new HashMap<>();
    LineItem item;
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
      return new Outcome(null, null, null, f.getMessage(), f.culprit);
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
    List<InsuredRecord> records = insured.records();
    Map<String, Integer> recordOf = new HashMap<>();
    BigDecimal[][] states = new BigDecimal[records.size()][];
    // the year the per-year states belong to (0: not recorded), after the states in the insured file
    long[] years = new long[records.size()];
    for (int r = 0; r < records.size(); r++) {
      years[r] = anyYearly() ? records.get(r).state(stateNames.size()) : 0;
      recordOf.put(records.get(r).insuredId(), r);
      states[r] = new BigDecimal[stateNames.size()];
      for (int s = 0; s < stateNames.size(); s++) {
        states[r][s] = BigDecimal.valueOf(records.get(r).state(s), 2);
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
    // claim's increment, no aggregate share
    Map<String, Integer> index = new HashMap<>();
    BigDecimal[][] increments = new BigDecimal[claims.size()][];
    // the year each claim's per-year increments went into: its person's recorded year after it
    long[] yearAfter = new long[claims.size()];
    for (int c = 0; c < claims.size(); c++) {
      Claim claim = claims.get(c);
      index.put(claim.id(), c);
      Integer r = recordOf.get(claim.insuredId());
      Env env = new Env();
      env.claim = claim;
      env.record = records.get(r);
      env.statesBefore = states[r];
      long year = anyYearly() ? policyYear(env.record.policyStart(), claim.admissionDate()) : 0;
      if (years[r] > 0 && year > years[r]) {
        env.statesBefore = states[r].clone();
        for (int s = 0; s < stateNames.size(); s++) {
          if (yearly.get(s)) {
            env.statesBefore[s] = BigDecimal.ZERO.setScale(2);
          }
        }
      }
      if (!claim.isReversal()) {
        years[r] = Math.max(years[r], year); // a reversal leaves the recorded year as it is
      }
      yearAfter[c] = years[r];
      BigDecimal[] after;
      List<ReferenceAggregates.Share> claimShares = new ArrayList<>();
      try {
        after = claim(env, !claim.isReversal());
        for (int a = 0; a < aggregates.size(); a++) {
          claimShares.add(share(aggregates.get(a), env));
        }
      } catch (Failure f) {
        throw new Failure(claim.id(), "claim " + claim.id() + ": " + f.getMessage());
      }
      increments[c] = new BigDecimal[stateNames.size()];
      if (claim.isReversal()) {
        int t = index.get(claim.reverses());
        for (int s = 0; s < stateNames.size(); s++) {
          // a per-year state is taken back only within the year the increment went into
          BigDecimal taken = yearly.get(s) && yearAfter[t] != years[r] ? BigDecimal.ZERO.setScale(2) : increments[t][s];
          after[s] = states[r][s].subtract(taken);
          if (after[s].abs().compareTo(STATE_BOUND) > 0) {
            throw new Failure(claim.id(), "claim " + claim.id() + ": state " + stateNames.get(s) + " leaves its bound");
          }
          increments[c][s] = taken.negate();
        }
        for (int o = 0; o < outputs.size(); o++) {
          results[c][o] = env.values.get(outputs.get(o).name()) instanceof Boolean ? results[t][o] : -results[t][o];
        }
        claimShares.replaceAll(share -> new ReferenceAggregates.Share(false, share.group(), BigDecimal.ZERO));
      } else {
        for (int s = 0; s < stateNames.size(); s++) {
          // a per-year state's increment counts from its value at the claim: 0 in a new year
          increments[c][s] = after[s].subtract(env.statesBefore[s]);
        }
        for (int o = 0; o < outputs.size(); o++) {
          results[c][o] = units(env.values.get(outputs.get(o).name()));
        }
      }
      states[r] = after;
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
    long[][] stateUnits = new long[records.size()][stateNames.size() + (anyYearly() ? 1 : 0)];
    for (int r = 0; r < records.size(); r++) {
      for (int s = 0; s < stateNames.size(); s++) {
        stateUnits[r][s] = units(states[r][s]);
      }
      if (anyYearly()) {
        stateUnits[r][stateNames.size()] = years[r];
      }
    }
    return new Outcome(results, stateUnits, rows, null, null);
  }

  /**
   * Evaluates one claim's lets, outputs and updates in declaration order (every read of a state
   * sees its value before the claim); returns the new states, within their bound when {@code
   * bounded} (a reversal's are not kept).
   */
  private BigDecimal[] claim(Env env, boolean bounded) {
    BigDecimal[] after = env.statesBefore.clone();
    for (GenPolicy.Decl d : policy.decls()) {
      if (d instanceof GenPolicy.Let l) {
        env.values.put(l.name(), eval(l.value(), env));
      } else if (d instanceof GenPolicy.Output o) {
        env.values.put(o.name(), eval(o.value(), env));
      } else if (d instanceof GenPolicy.Update u) {
        after[stateNames.indexOf(u.state())] = num(u.value(), env);
      }
    }
    for (int s = 0; s < after.length && bounded; s++) {
      if (after[s].abs().compareTo(STATE_BOUND) > 0) {
        throw new Failure("state " + stateNames.get(s) + " would become " + after[s]);
      }
    }
    return after;
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
      for (LineItem it : env.claim.items()) {
        env.item = it;
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
    for (LineItem it : env.claim.items()) {
      env.item = it;
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
      case STATE:
        return env.statesBefore[stateNames.indexOf(r.name())];
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
