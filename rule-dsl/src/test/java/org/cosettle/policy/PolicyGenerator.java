package org.cosettle.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
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
import org.cosettle.policy.GenExpr.RefKind;
import org.cosettle.policy.GenExpr.SumItems;
import org.cosettle.policy.GenExpr.Tiered;

/**
 * Builds random well-typed policies, type-directed: every expression is generated for the type
 * its context needs. Literals are placed only where spec §3 types them without doubt (next to a
 * self-typed operand, in a declared param, as a tiered bound or rate, as a divisor), and in
 * {@code *} they are written so that their form decides the type (whole → int, {@code .}/{@code %} → ratio).
 */
final class PolicyGenerator {
  /** Generated values stay well inside 64 bits, so {@code check} rarely rejects a policy. */
  static final BigInteger SAFE = BigInteger.valueOf(Long.MAX_VALUE).shiftRight(2);

  static final List<String> CODES = List.of("C34.9", "C50.9", "C", "D0", "D01.2", "E11.9", "Z51.1",
      "z51.1", "F", "F32", "", "Z30.1", "C*", "A*B", "中医1", "Q\"1", "XL01XC", "XL", "HCA01", "ZB11", "X");
  private static final List<String> PATTERNS = List.of("C*", "D0*", "Z51.1", "F*", "*", "C**", "A*B",
      "XL*", "HCA01", "z51.1", "", "Q\"1", "中*", "E11.9");
  private static final String[] CLAIM_MONEY = {"total", "full_self_pay", "over_limit", "pre_self_pay",
      "in_scope", "fund_paid", "critical_paid", "assistance_paid", "account_paid", "cash_paid"};
  private static final String[] ITEM_MONEY = {"amount", "full_self_pay", "over_limit", "pre_self_pay", "in_scope"};
  private static final String[] STEMS = {"x", "amt", "rate", "免赔额", "赔付", "cap", "_t", "Σ", "比例", "n"};
  private static final String[] PARTIES = {"insurer", "data_holder", "insurer, data_holder", "data_holder, insurer"};

  private final Random rnd;
  /** The largest |value| (and exact product) an expression may reach for inputs within their bounds. */
  private BigInteger limit;
  private final List<GenPolicy.Decl> decls = new ArrayList<>();
  private final List<Ref> names = new ArrayList<>();
  private final List<GenPolicy.CategorySet> categorySets = new ArrayList<>();
  private final List<GenPolicy.CodeSet> codeSets = new ArrayList<>();
  private final List<GenPolicy.Param> divisorParams = new ArrayList<>();
  private String itemVariable;
  private int counter;

  private PolicyGenerator(Random rnd, BigInteger limit) {
    this.rnd = rnd;
    this.limit = limit;
  }

  static GenPolicy generate(Random rnd) {
    return generate(rnd, SAFE);
  }

  /**
   * A policy whose lets, outputs and updates stay within {@code limit}; above 2^63 some of them
   * can overflow, and {@code check} must reject exactly those. Aggregates always stay {@link #SAFE}.
   */
  static GenPolicy generate(Random rnd, BigInteger limit) {
    return new PolicyGenerator(rnd, limit).policy();
  }

  private GenPolicy policy() {
    param(GType.RATIO);
    for (int i = rnd.nextInt(5); i > 0; i--) {
      param(pick(GType.MONEY, GType.RATIO, GType.INT, GType.INT, GType.BOOL, GType.DATE));
    }
    for (int i = rnd.nextInt(3); i > 0; i--) {
      GenPolicy.CategorySet s = new GenPolicy.CategorySet(fresh("covered"), subset(List.of(FeeCategory.values())));
      categorySets.add(s);
      decls.add(s);
    }
    for (int i = rnd.nextInt(3); i > 0; i--) {
      GenPolicy.CodeSet s = new GenPolicy.CodeSet(fresh("codes"), subset(PATTERNS));
      codeSets.add(s);
      decls.add(s);
    }
    for (int i = rnd.nextInt(3); i > 0; i--) {
      GType t = pick(GType.MONEY, GType.RATIO, GType.INT, GType.BOOL, GType.DATE);
      GenPolicy.PrivateParam p = new GenPolicy.PrivateParam(fresh("secret"), t);
      decls.add(p);
      names.add(new Ref(p.name(), t, RefKind.PRIVATE_PARAM, typeBound(t)));
    }
    List<String> pendingUpdates = new ArrayList<>();
    for (int i = rnd.nextInt(4); i > 0; i--) {
      GenPolicy.State s = new GenPolicy.State(fresh("used"));
      decls.add(s);
      names.add(new Ref(s.name(), GType.MONEY, RefKind.STATE, GenExpr.CLAIM_MONEY));
      if (rnd.nextInt(10) < 8) {
        pendingUpdates.add(s.name());
      }
    }
    int body = 2 + rnd.nextInt(6);
    int aggregates = rnd.nextInt(3);
    boolean anyResult = false;
    while (body > 0 || aggregates > 0 || !pendingUpdates.isEmpty() || !anyResult) {
      int choice = rnd.nextInt(10);
      if (choice < 2 && !pendingUpdates.isEmpty()) {
        update(pendingUpdates.remove(rnd.nextInt(pendingUpdates.size())));
      } else if (choice < 3 && aggregates > 0) {
        aggregates--;
        aggregate();
        anyResult = true;
      } else if (body > 0 || !anyResult) {
        body--;
        anyResult |= letOrOutput();
      } else if (!pendingUpdates.isEmpty()) {
        update(pendingUpdates.remove(0));
      } else {
        aggregates--;
        aggregate();
      }
    }
    String name = pick("gen", "随机 保单", "q\"uote\\d", "p");
    return new GenPolicy(List.copyOf(decls), GenPolicy.render(name, 1 + rnd.nextInt(99), decls, rnd));
  }

  // ---- declarations ---------------------------------------------------------------------

  private void param(GType t) {
    GenExpr value;
    switch (t) {
      case BOOL: value = new BoolLit(rnd.nextBoolean()); break;
      case DATE: value = dateLit(); break;
      default: value = literal(t, true, false);
    }
    GenPolicy.Param p = new GenPolicy.Param(fresh("p"), t, value);
    decls.add(p);
    names.add(new Ref(p.name(), t, RefKind.PARAM, value.bound()));
    if (t == GType.INT && ((Lit) value).value().signum() != 0) {
      divisorParams.add(p);
    }
  }

  /** Returns whether it declared an output. */
  private boolean letOrOutput() {
    boolean output = rnd.nextInt(3) == 0;
    GType t = output ? pick(GType.MONEY, GType.MONEY, GType.RATIO, GType.INT, GType.BOOL)
        : pick(GType.MONEY, GType.MONEY, GType.MONEY, GType.RATIO, GType.INT, GType.INT, GType.BOOL,
            GType.BOOL, GType.DATE, GType.VISIT_TYPE, GType.SEX);
    GenExpr value = gen(t, 1 + rnd.nextInt(4));
    String name = fresh(STEMS[rnd.nextInt(STEMS.length)]);
    decls.add(output ? new GenPolicy.Output(name, value, pick(PARTIES)) : new GenPolicy.Let(name, value));
    names.add(new Ref(name, t, output ? RefKind.OUTPUT : RefKind.LET, value.bound()));
    return output;
  }

  private void update(String state) {
    GenExpr value;
    if (rnd.nextBoolean()) {
      Ref self = names.stream().filter(n -> n.name().equals(state)).findFirst().orElseThrow();
      value = new Arith(rnd.nextBoolean() ? '+' : '-', self, gen(GType.MONEY, 2), GType.MONEY);
    } else {
      value = operand(GType.MONEY, 3);
    }
    decls.add(new GenPolicy.Update(state, value));
  }

  private void aggregate() {
    BigInteger saved = limit;
    limit = SAFE;
    try {
      aggregateDecl();
    } finally {
      limit = saved;
    }
  }

  private void aggregateDecl() {
    GenExpr sum = rnd.nextInt(4) == 0 ? null : gen(pick(GType.MONEY, GType.MONEY, GType.RATIO, GType.INT), 2);
    GenExpr where = rnd.nextBoolean() ? gen(GType.BOOL, 2) : null;
    GenPolicy.GroupKey by;
    switch (rnd.nextInt(5)) {
      case 0: by = null; break;
      case 1: by = new GenPolicy.ByValue(gen(GType.BOOL, 2)); break;
      case 2: by = new GenPolicy.ByValue(gen(pick(GType.VISIT_TYPE, GType.SEX), 1)); break;
      case 3: {
        List<Long> pool = new ArrayList<>(List.of(-5L, 0L, 1L, 2L, 3L, 18L, 30L, 65L, 100L, 1000L));
        List<Long> bounds = new ArrayList<>();
        for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
          bounds.add(pool.remove(rnd.nextInt(pool.size())));
        }
        bounds.sort(null);
        by = new GenPolicy.ByBand(gen(GType.INT, 2), bounds);
        break;
      }
      default: by = new GenPolicy.ByHospital();
    }
    Integer cohort = rnd.nextInt(10) < 3 ? null : pick(1, 1, 2, 3, 4);
    decls.add(new GenPolicy.Aggregate(fresh("agg"), sum, where, by, pick(PARTIES), cohort));
  }

  // ---- expressions ------------------------------------------------------------------------

  /** A self-typed expression of type {@code t}: its type follows from it alone. */
  GenExpr gen(GType t, int depth) {
    for (int attempt = 0; attempt < 3 && depth > 0; attempt++) {
      GenExpr e = compound(t, depth - 1);
      if (fits(e)) {
        return e;
      }
    }
    return leaf(t);
  }

  private boolean fits(GenExpr e) {
    if (e.bound().compareTo(limit) > 0) {
      return false;
    }
    if (e instanceof Arith a && a.op() == '*') {
      return a.exactProductBound().compareTo(limit) <= 0;
    }
    return !(e instanceof Tiered t) || t.exactSumBound().compareTo(limit) <= 0;
  }

  /** An operand whose type the context gives: sometimes a literal. */
  private GenExpr operand(GType t, int depth) {
    if (t.isNumeric() && rnd.nextInt(10) < 3) {
      return rnd.nextInt(8) == 0 ? compoundLiteral(t, false) : literal(t, true, false);
    }
    return gen(t, depth);
  }

  private GenExpr compound(GType t, int d) {
    switch (t) {
      case MONEY: return money(d);
      case RATIO: return ratio(d);
      case INT: return integer(d);
      case BOOL: return bool(d);
      default:
        return rnd.nextInt(4) == 0 ? choice(t, d) : leaf(t);
    }
  }

  private GenExpr money(int d) {
    switch (rnd.nextInt(20)) {
      case 0: case 1: return leaf(GType.MONEY);
      case 2: case 3: case 4: return addSub(GType.MONEY, d);
      case 5: return new Neg(gen(GType.MONEY, d));
      case 6: case 7: case 8: {
        GenExpr r = rnd.nextBoolean() ? productLiteral(GType.RATIO) : gen(GType.RATIO, d);
        return product(gen(GType.MONEY, d), r, GType.MONEY);
      }
      case 9: case 10: {
        GenExpr i = rnd.nextInt(10) < 6 ? productLiteral(GType.INT) : gen(GType.INT, d);
        return product(gen(GType.MONEY, d), i, GType.MONEY);
      }
      case 11: return division(d);
      case 12: case 13: return choice(GType.MONEY, d);
      case 14: case 15: return call(GType.MONEY, d);
      case 16: return tiered(d);
      default: return itemVariable == null ? sum(GType.MONEY, d) : leaf(GType.MONEY);
    }
  }

  private GenExpr ratio(int d) {
    switch (rnd.nextInt(10)) {
      case 0: case 1: return leaf(GType.RATIO);
      case 2: case 3: return addSub(GType.RATIO, d);
      case 4: return new Neg(gen(GType.RATIO, d));
      case 5: case 6: {
        GenExpr r = rnd.nextBoolean() ? literal(GType.RATIO, true, true) : gen(GType.RATIO, d);
        return product(gen(GType.RATIO, d), r, GType.RATIO);
      }
      case 7: return choice(GType.RATIO, d);
      default: return call(GType.RATIO, d);
    }
  }

  private GenExpr integer(int d) {
    switch (rnd.nextInt(14)) {
      case 0: case 1: case 2: return leaf(GType.INT);
      case 3: case 4: return addSub(GType.INT, d);
      case 5: {
        GenExpr i = rnd.nextBoolean() ? literal(GType.INT, false, true) : gen(GType.INT, d);
        return product(gen(GType.INT, d), i, GType.INT);
      }
      case 6: return new Neg(gen(GType.INT, d));
      case 7: return new DaysBetween(gen(GType.DATE, d), gen(GType.DATE, d));
      case 8: case 9: return itemVariable == null ? count(d) : leaf(GType.INT);
      case 10: return itemVariable == null ? sum(GType.INT, d) : leaf(GType.INT);
      case 11: return choice(GType.INT, d);
      default: return call(GType.INT, d);
    }
  }

  private GenExpr bool(int d) {
    switch (rnd.nextInt(16)) {
      case 0: case 1: return leaf(GType.BOOL);
      case 2: case 3: case 4: case 5: {
        GType t = pick(GType.MONEY, GType.MONEY, GType.RATIO, GType.INT, GType.DATE);
        String op = pick("<", "<=", ">", ">=", "==", "!=");
        GenExpr a = gen(t, d);
        GenExpr b = t == GType.DATE && rnd.nextBoolean() ? dateLit() : operand(t, d);
        return rnd.nextBoolean() ? new Compare(op, a, b) : new Compare(op, b, a);
      }
      case 6: case 7: return new Logic(pick("and", "or"), gen(GType.BOOL, d), gen(GType.BOOL, d));
      case 8: return new Not(gen(GType.BOOL, d));
      case 9: case 10: {
        GType t = itemVariable != null && rnd.nextBoolean() ? GType.CATEGORY : pick(GType.VISIT_TYPE, GType.SEX);
        if (t == GType.CATEGORY && !categorySets.isEmpty() && rnd.nextBoolean()) {
          GenPolicy.CategorySet s = pick(categorySets);
          return new InEnum(gen(t, d), new ArrayList<Enum<?>>(s.members()), s.name());
        }
        return new InEnum(gen(t, d), subset(enumValues(t)), null);
      }
      case 11: case 12: {
        Field f = itemVariable != null && rnd.nextBoolean()
            ? new Field(itemVariable, "code", GType.CODE, true) : new Field("claim", "diagnosis", GType.CODE, false);
        if (!codeSets.isEmpty() && rnd.nextBoolean()) {
          GenPolicy.CodeSet s = pick(codeSets);
          return new InCode(f, s.members(), s.name());
        }
        return new InCode(f, subset(PATTERNS), null);
      }
      case 13: {
        GType t = pick(GType.BOOL, GType.VISIT_TYPE, GType.SEX, itemVariable != null ? GType.CATEGORY : GType.SEX);
        GenExpr a = gen(t, d);
        GenExpr b = rnd.nextBoolean() ? gen(t, d) : leaf(t);
        return new Compare(pick("==", "!="), a, b);
      }
      default: return choice(GType.BOOL, d);
    }
  }

  private GenExpr addSub(GType t, int d) {
    char op = rnd.nextBoolean() ? '+' : '-';
    GenExpr a = gen(t, d);
    GenExpr b = operand(t, d);
    return rnd.nextBoolean() ? new Arith(op, a, b, t) : new Arith(op, b, a, t);
  }

  private GenExpr product(GenExpr a, GenExpr b, GType result) {
    return rnd.nextBoolean() ? new Arith('*', a, b, result) : new Arith('*', b, a, result);
  }

  private GenExpr division(int d) {
    if (!divisorParams.isEmpty() && rnd.nextInt(3) == 0) {
      GenPolicy.Param p = pick(divisorParams);
      return new Div(gen(GType.MONEY, d), ((Lit) p.value()).value().longValueExact(), p.name());
    }
    long k = pick(2L, 2L, 3L, 4L, 7L, 100L, -2L, -3L, 1L);
    return new Div(gen(GType.MONEY, d), k, Long.toString(k));
  }

  /** if/match: one arm self-typed, the others may be literals typed by it. */
  private GenExpr choice(GType t, int d) {
    if (rnd.nextBoolean()) {
      List<GenExpr> arms = mixedOperands(t, 2, d);
      return new If(gen(GType.BOOL, d), arms.get(0), arms.get(1), t);
    }
    int n = 1 + rnd.nextInt(3);
    List<GenExpr> conditions = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      conditions.add(gen(GType.BOOL, d));
    }
    List<GenExpr> values = mixedOperands(t, n + 1, d);
    return new Match(conditions, values.subList(0, n), values.get(n), t);
  }

  private GenExpr call(GType t, int d) {
    if (rnd.nextInt(3) == 0) {
      return new Call("clamp", mixedOperands(t, 3, d), t);
    }
    return new Call(rnd.nextBoolean() ? "min" : "max", mixedOperands(t, 2 + rnd.nextInt(2), d), t);
  }

  private List<GenExpr> mixedOperands(GType t, int n, int d) {
    int typed = rnd.nextInt(n);
    List<GenExpr> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      out.add(k == typed ? gen(t, d) : operand(t, d));
    }
    return out;
  }

  private GenExpr tiered(int d) {
    List<Lit> bounds = new ArrayList<>();
    List<GenExpr> rates = new ArrayList<>();
    long bound = 0;
    for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
      bounds.add(bounds.isEmpty() ? new Lit(GType.MONEY, BigDecimal.ZERO, "0", false)
          : moneyLiteral(bound));
      rates.add(operand(GType.RATIO, d));
      bound += pick(1L, 50L, 10_000L, 50_000L, 123_456L, 2_000_000L);
    }
    return new Tiered(gen(GType.MONEY, d), bounds, rates);
  }

  private GenExpr sum(GType t, int d) {
    itemVariable = pick("item", "item", "it", "明细");
    try {
      GenExpr where = rnd.nextInt(10) < 6 ? gen(GType.BOOL, d) : null;
      return new SumItems(itemVariable, gen(t, d + 1), where);
    } finally {
      itemVariable = null;
    }
  }

  private GenExpr count(int d) {
    itemVariable = pick("item", "it", "明细");
    try {
      return new CountItems(itemVariable, rnd.nextInt(10) < 7 ? gen(GType.BOOL, d) : null);
    } finally {
      itemVariable = null;
    }
  }

  private GenExpr leaf(GType t) {
    List<Supplier<GenExpr>> options = new ArrayList<>();
    for (Ref r : names) {
      if (r.type() == t) {
        options.add(() -> r);
      }
    }
    boolean item = itemVariable != null;
    switch (t) {
      case MONEY:
        for (int k = 0; k < 3; k++) {
          options.add(() -> new Field("claim", pick(CLAIM_MONEY), GType.MONEY, false));
          if (item) {
            options.add(() -> new Field(itemVariable, pick(ITEM_MONEY), GType.MONEY, true));
            options.add(() -> new Field(itemVariable, pick(ITEM_MONEY), GType.MONEY, true));
          }
        }
        break;
      case INT:
        options.add(() -> new Field("patient", "age", GType.INT, false));
        options.add(() -> new Field("claim", "hospital_level", GType.INT, false));
        break;
      case BOOL:
        options.add(() -> new Field("insured", "preexisting", GType.BOOL, false));
        options.add(() -> new BoolLit(rnd.nextBoolean()));
        if (item) {
          options.add(() -> new Field(itemVariable, "special_drug", GType.BOOL, true));
          options.add(() -> new Field(itemVariable, "special_drug", GType.BOOL, true));
        }
        break;
      case DATE:
        options.add(() -> new Field("claim", pick("admission_date", "discharge_date"), GType.DATE, false));
        options.add(() -> new Field("insured", "policy_start", GType.DATE, false));
        options.add(this::dateLit);
        break;
      case VISIT_TYPE:
        options.add(() -> new Field("claim", "visit_type", GType.VISIT_TYPE, false));
        options.add(() -> new EnumLit(t, pick(VisitType.values())));
        break;
      case SEX:
        options.add(() -> new Field("patient", "sex", GType.SEX, false));
        options.add(() -> new EnumLit(t, pick(Sex.values())));
        break;
      case CATEGORY:
        options.add(() -> new Field(itemVariable, "category", GType.CATEGORY, true));
        options.add(() -> new Field(itemVariable, "category", GType.CATEGORY, true));
        options.add(() -> new EnumLit(t, pick(FeeCategory.values())));
        break;
      default:
        break;
    }
    return pick(options).get();
  }

  // ---- literals ---------------------------------------------------------------------------

  /**
   * A literal of type {@code t}. {@code mayLookWhole}: a whole ratio may be written without
   * {@code %} (its context types it); {@code inProduct}: it stands in {@code *}, where only the
   * plain whole form is int.
   */
  Lit literal(GType t, boolean mayLookWhole, boolean inProduct) {
    switch (t) {
      case MONEY:
        return moneyLiteral(pick(0L, 1L, -1L, 5L, -5L, 50L, 99L, 100L, -100L, 12_345L, 2_000_000L, 5_000L,
            rnd.nextInt(10_000_000) - 2_000_000L));
      case RATIO:
        return ratioLiteral(pick(0L, 5000L, 5000L, 2500L, 7500L, 1250L, 15_000L, 10_000L, 1L, 9999L, 3333L,
            8000L, 20_000L, -5000L, 100_000L, (long) rnd.nextInt(12_000)), mayLookWhole);
      default: {
        long v = pick(0L, 1L, 2L, 3L, -1L, 7L, 18L, 65L, 180L, 1000L, (long) rnd.nextInt(250) - 50);
        String text = !inProduct && rnd.nextInt(10) == 0 ? v + ".0" : Long.toString(v);
        return new Lit(GType.INT, BigDecimal.valueOf(v), text, false);
      }
    }
  }

  private Lit moneyLiteral(long fen) {
    BigDecimal v = BigDecimal.valueOf(fen, 2);
    String text = v.stripTrailingZeros().toPlainString();
    if (rnd.nextInt(3) == 0) {
      text = v.toPlainString() + (rnd.nextBoolean() ? "0" : "");
    }
    return new Lit(GType.MONEY, v, text, false);
  }

  private Lit ratioLiteral(long units, boolean mayLookWhole) {
    BigDecimal v = BigDecimal.valueOf(units, 4);
    boolean whole = units % 10_000 == 0;
    String text;
    if (rnd.nextBoolean() || (whole && !mayLookWhole)) {
      text = v.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    } else {
      text = v.stripTrailingZeros().toPlainString();
      if (!whole && rnd.nextInt(3) == 0) {
        text = text + "0";
      }
    }
    return new Lit(GType.RATIO, v, text, false);
  }

  /**
   * A literal next to money in {@code *}: int when written whole (spec §3), otherwise ratio;
   * sometimes a literal-only expression, whose first literal then decides the same way.
   */
  private Lit productLiteral(GType t) {
    return rnd.nextInt(5) == 0 ? compoundLiteral(t, true) : literal(t, false, true);
  }

  /**
   * {@code a + b}, {@code a - b} or {@code a * b} of two literals, typed as one literal by the
   * context; {@code inProduct}: it stands next to money in {@code *}, so its form must say its type.
   */
  private Lit compoundLiteral(GType t, boolean inProduct) {
    Lit a = literal(t, !inProduct, inProduct);
    Lit b = literal(t, true, inProduct);
    if (b.text().startsWith("-")) {
      b = new Lit(t, b.value().negate(), b.text().substring(1), false);
    }
    char op = pick('+', '-', '*');
    BigDecimal v = op == '+' ? a.value().add(b.value()) : op == '-' ? a.value().subtract(b.value()) : a.value().multiply(b.value());
    if (v.stripTrailingZeros().scale() > t.scale) {
      op = '+';
      v = a.value().add(b.value());
    }
    return new Lit(t, v, a.text() + " " + op + " " + b.text(), true);
  }

  private DateLit dateLit() {
    return new DateLit(pick(LocalDate.of(2026, 1, 1), LocalDate.of(2025, 12, 31), LocalDate.of(2024, 2, 29),
        LocalDate.of(1900, 1, 1), LocalDate.of(2199, 12, 31), LocalDate.of(2026, 3, 10)));
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static BigInteger typeBound(GType t) {
    switch (t) {
      case MONEY: return GenExpr.CLAIM_MONEY;
      case RATIO: return GenExpr.RATIO_BOUND;
      case INT: return GenExpr.INT_BOUND;
      case DATE: return GenExpr.DATE_BOUND;
      default: return BigInteger.ONE;
    }
  }

  private static List<Enum<?>> enumValues(GType t) {
    return List.<Enum<?>>of(t == GType.CATEGORY ? FeeCategory.values() : t == GType.VISIT_TYPE ? VisitType.values() : Sex.values());
  }

  private String fresh(String stem) {
    return stem + (++counter);
  }

  private <T> List<T> subset(List<T> all) {
    List<T> out = new ArrayList<>();
    for (T t : all) {
      if (rnd.nextInt(3) == 0) {
        out.add(t);
      }
    }
    if (out.isEmpty()) {
      out.add(all.get(rnd.nextInt(all.size())));
    }
    return out;
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[rnd.nextInt(options.length)];
  }

  private <T> T pick(List<T> options) {
    return options.get(rnd.nextInt(options.size()));
  }
}
