package org.cosettle.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.SettlementRoute;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.GenExpr.Arith;
import org.cosettle.policy.GenExpr.BoolLit;
import org.cosettle.policy.GenExpr.Call;
import org.cosettle.policy.GenExpr.Compare;
import org.cosettle.policy.GenExpr.CountItems;
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
 * Random well-typed expressions, type-directed: every expression is generated for the type its
 * context needs, from the names declared so far. Literals stand only where spec §3 types them
 * without doubt (next to a self-typed operand, as a tiered bound or rate, as a divisor), and in
 * {@code *} they are written so that their form decides the type (whole: int; {@code .} or {@code %}: ratio).
 */
final class ExprGenerator {
  static final List<String> CODES = List.of("C34.9", "C50.9", "C", "D0", "D01.2", "E11.9", "Z51.1",
      "z51.1", "F", "F32", "", "Z30.1", "C*", "A*B", "中医1", "Q\"1", "XL01XC", "XL", "HCA01", "ZB11", "X");
  static final List<String> PATTERNS = List.of("C*", "D0*", "Z51.1", "F*", "*", "C**", "A*B",
      "XL*", "HCA01", "z51.1", "", "Q\"1", "中*", "E11.9");
  private static final String[] CLAIM_MONEY = {"total", "full_self_pay", "over_limit", "pre_self_pay",
      "in_scope", "fund_paid", "critical_paid", "assistance_paid", "account_paid", "cash_paid", "other_insurer_paid"};
  private static final String[] ITEM_MONEY = {"amount", "full_self_pay", "over_limit", "pre_self_pay", "in_scope"};

  private final Dice dice;
  private final LiteralGenerator literals;
  /** The largest |value| (and exact product) an expression may reach for inputs within their bounds. */
  BigInteger limit;
  /** The names declared so far, readable by later expressions. */
  final List<Ref> names = new ArrayList<>();
  final List<GenPolicy.CategorySet> categorySets = new ArrayList<>();
  final List<GenPolicy.CodeSet> codeSets = new ArrayList<>();
  /** The private tables and private code sets declared so far. */
  final List<GenPolicy.PrivateTable> tables = new ArrayList<>();
  final List<GenPolicy.PrivateCodeSet> privateSets = new ArrayList<>();
  /** Public int params other than 0. */
  final List<GenPolicy.Param> divisorParams = new ArrayList<>();
  private String itemVariable;
  /** Whether private tables and code sets are looked up by claim.diagnosis only (handshake mode's claim-level lookups). */
  boolean claimLookupsOnly;
  /** Within a per-item expression, look a table up by the item's code three times in four (else one in two). */
  boolean itemLookupsOften;
  /** The states kept per item code that a per-item expression may read ({@code NAME[item.code]}). */
  final List<String> codeStates = new ArrayList<>();
  /** The type (money or int) of every state kept per item code declared so far. */
  final java.util.Map<String, GType> codeStateTypes = new java.util.HashMap<>();
  /** The lets and outputs whose value reads a state kept per item code, which no per-code update may read. */
  final Set<String> readsCodeStates = new HashSet<>();
  /** Whether an expression generated since it was last cleared read a state per item code or such a name. */
  boolean touchedCodeStates;

  ExprGenerator(Dice dice, LiteralGenerator literals, BigInteger limit) {
    this.dice = dice;
    this.literals = literals;
    this.limit = limit;
  }

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
  GenExpr operand(GType t, int depth) {
    if (t.isNumeric() && dice.nextInt(10) < 3) {
      return dice.nextInt(8) == 0 ? literals.compoundLiteral(t, false) : literals.literal(t, true, false);
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
        return dice.nextInt(4) == 0 ? choice(t, d) : leaf(t);
    }
  }

  private GenExpr money(int d) {
    switch (dice.nextInt(20)) {
      case 0: case 1: return leaf(GType.MONEY);
      case 2: case 3: case 4: return addSub(GType.MONEY, d);
      case 5: return new Neg(gen(GType.MONEY, d));
      case 6: case 7: case 8: {
        GenExpr r = dice.nextBoolean() ? literals.productLiteral(GType.RATIO) : gen(GType.RATIO, d);
        return product(gen(GType.MONEY, d), r, GType.MONEY);
      }
      case 9: case 10: {
        GenExpr i = dice.nextInt(10) < 6 ? literals.productLiteral(GType.INT) : gen(GType.INT, d);
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
    switch (dice.nextInt(10)) {
      case 0: case 1: return leaf(GType.RATIO);
      case 2: case 3: return addSub(GType.RATIO, d);
      case 4: return new Neg(gen(GType.RATIO, d));
      case 5: case 6: {
        GenExpr r = dice.nextBoolean() ? literals.literal(GType.RATIO, true, true) : gen(GType.RATIO, d);
        return product(gen(GType.RATIO, d), r, GType.RATIO);
      }
      case 7: return choice(GType.RATIO, d);
      default: return call(GType.RATIO, d);
    }
  }

  private GenExpr integer(int d) {
    switch (dice.nextInt(14)) {
      case 0: case 1: case 2: return leaf(GType.INT);
      case 3: case 4: return addSub(GType.INT, d);
      case 5: {
        GenExpr i = dice.nextBoolean() ? literals.literal(GType.INT, false, true) : gen(GType.INT, d);
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
    switch (dice.nextInt(16)) {
      case 0: case 1: return leaf(GType.BOOL);
      case 2: case 3: case 4: case 5: {
        GType t = dice.pick(GType.MONEY, GType.MONEY, GType.RATIO, GType.INT, GType.DATE);
        String op = dice.pick("<", "<=", ">", ">=", "==", "!=");
        GenExpr a = gen(t, d);
        GenExpr b = t == GType.DATE && dice.nextBoolean() ? literals.dateLit() : operand(t, d);
        return dice.nextBoolean() ? new Compare(op, a, b) : new Compare(op, b, a);
      }
      case 6: case 7: return new Logic(dice.pick("and", "or"), gen(GType.BOOL, d), gen(GType.BOOL, d));
      case 8: return new Not(gen(GType.BOOL, d));
      case 9: case 10: {
        GType t = itemVariable != null && dice.nextBoolean() ? GType.CATEGORY
            : dice.pick(GType.VISIT_TYPE, GType.SEX, GType.SETTLEMENT_ROUTE);
        if (t == GType.CATEGORY && !categorySets.isEmpty() && dice.nextBoolean()) {
          GenPolicy.CategorySet s = dice.pick(categorySets);
          return new InEnum(gen(t, d), new ArrayList<Enum<?>>(s.members()), s.name());
        }
        return new InEnum(gen(t, d), dice.subset(enumValues(t)), null);
      }
      case 11: case 12: {
        Field f = itemVariable != null && dice.nextBoolean()
            ? new Field(itemVariable, "code", GType.CODE, true) : new Field("claim", "diagnosis", GType.CODE, false);
        if (!privateSets.isEmpty() && dice.nextInt(3) == 0) {
          return new GenExpr.InPrivateSet(claimLookupsOnly ? new Field("claim", "diagnosis", GType.CODE, false) : f,
              dice.pick(privateSets).name());
        }
        if (!codeSets.isEmpty() && dice.nextBoolean()) {
          GenPolicy.CodeSet s = dice.pick(codeSets);
          return new InCode(f, s.members(), s.name());
        }
        return new InCode(f, dice.subset(PATTERNS), null);
      }
      case 13: {
        GType t = dice.pick(GType.BOOL, GType.VISIT_TYPE, GType.SEX, GType.SETTLEMENT_ROUTE,
            itemVariable != null ? GType.CATEGORY : GType.SEX);
        GenExpr a = gen(t, d);
        GenExpr b = dice.nextBoolean() ? gen(t, d) : leaf(t);
        return new Compare(dice.pick("==", "!="), a, b);
      }
      default: return choice(GType.BOOL, d);
    }
  }

  private GenExpr addSub(GType t, int d) {
    char op = dice.nextBoolean() ? '+' : '-';
    GenExpr a = gen(t, d);
    GenExpr b = operand(t, d);
    return dice.nextBoolean() ? new Arith(op, a, b, t) : new Arith(op, b, a, t);
  }

  private GenExpr product(GenExpr a, GenExpr b, GType result) {
    return dice.nextBoolean() ? new Arith('*', a, b, result) : new Arith('*', b, a, result);
  }

  private GenExpr division(int d) {
    if (!divisorParams.isEmpty() && dice.nextInt(3) == 0) {
      GenPolicy.Param p = dice.pick(divisorParams);
      return new Div(gen(GType.MONEY, d), ((Lit) p.value()).value().longValueExact(), p.name());
    }
    long k = dice.pick(2L, 2L, 3L, 4L, 7L, 100L, -2L, -3L, 1L);
    return new Div(gen(GType.MONEY, d), k, Long.toString(k));
  }

  /** if/match: one arm self-typed, the others may be literals typed by it. */
  private GenExpr choice(GType t, int d) {
    if (dice.nextBoolean()) {
      List<GenExpr> arms = mixedOperands(t, 2, d);
      return new If(gen(GType.BOOL, d), arms.get(0), arms.get(1), t);
    }
    int n = 1 + dice.nextInt(3);
    List<GenExpr> conditions = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      conditions.add(gen(GType.BOOL, d));
    }
    List<GenExpr> values = mixedOperands(t, n + 1, d);
    return new Match(conditions, values.subList(0, n), values.get(n), t);
  }

  private GenExpr call(GType t, int d) {
    if (dice.nextInt(3) == 0) {
      return new Call("clamp", mixedOperands(t, 3, d), t);
    }
    return new Call(dice.nextBoolean() ? "min" : "max", mixedOperands(t, 2 + dice.nextInt(2), d), t);
  }

  private List<GenExpr> mixedOperands(GType t, int n, int d) {
    int typed = dice.nextInt(n);
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
    for (int k = 1 + dice.nextInt(4); k > 0; k--) {
      bounds.add(bounds.isEmpty() ? new Lit(GType.MONEY, BigDecimal.ZERO, "0", false)
          : literals.moneyLiteral(bound));
      rates.add(operand(GType.RATIO, d));
      bound += dice.pick(1L, 50L, 10_000L, 50_000L, 123_456L, 2_000_000L);
    }
    GenExpr from = dice.nextInt(4) == 0 ? gen(GType.MONEY, d) : null;
    return new Tiered(gen(GType.MONEY, d), bounds, rates, from);
  }

  private GenExpr sum(GType t, int d) {
    itemVariable = dice.pick("item", "item", "it", "明细");
    try {
      GenExpr where = dice.nextInt(10) < 6 ? gen(GType.BOOL, d) : null;
      return new SumItems(itemVariable, gen(t, d + 1), where);
    } finally {
      itemVariable = null;
    }
  }

  /**
   * The value and filter (null or not) of {@code update STATE[VAR.code] = ... for VAR in claim.items}:
   * reading the item, the claim, {@code STATE[VAR.code]} itself, and names that read no state per
   * item code; now and then a sub-cap ({@code STATE + min(x, max(0, CAP - STATE))}).
   */
  GenExpr[] codeUpdate(String state, GType type, String variable) {
    List<String> readable = List.copyOf(codeStates);
    List<Ref> all = List.copyOf(names);
    codeStates.clear();
    codeStates.add(state);
    names.removeIf(r -> readsCodeStates.contains(r.name()));
    itemVariable = variable;
    try {
      GenExpr self = new GenExpr.CodeState(state, new Field(variable, "code", GType.CODE, true), type);
      GenExpr value;
      switch (dice.nextInt(type == GType.INT ? 4 : 3)) {
        case 0: value = new Arith('+', self, gen(type, 2), type); break;
        case 1: value = new Arith('+', self, underCap(self), type); break;
        case 2: value = gen(type, 3); break;
        // an int state per code counting the items of each code
        default: value = new Arith('+', self, new Lit(GType.INT, BigDecimal.ONE, "1", false), type);
      }
      GenExpr where = dice.nextBoolean() ? gen(GType.BOOL, 2) : null;
      return new GenExpr[] {value, where};
    } finally {
      itemVariable = null;
      codeStates.clear();
      codeStates.addAll(readable);
      names.clear();
      names.addAll(all);
    }
  }

  /**
   * A sum over the claim's items that reads {@code state[VAR.code]}: the value itself, a share of
   * it, or what an item pays under a sub-cap ({@code min(x, max(0, CAP - state[VAR.code]))}).
   */
  GenExpr codeSum(String state, GType type) {
    itemVariable = dice.pick("item", "it", "明细");
    try {
      touchedCodeStates = true;
      GenExpr self = new GenExpr.CodeState(state, new Field(itemVariable, "code", GType.CODE, true), type);
      GenExpr body;
      switch (dice.nextInt(3)) {
        case 0: body = self; break;
        case 1: body = type == GType.INT ? new Compare(dice.pick("<", ">="), self, literals.literal(GType.INT, true, false))
            : product(self, literals.productLiteral(GType.RATIO), GType.MONEY); break;
        default: body = underCap(self);
      }
      if (body.type() == GType.BOOL) {
        // of an int state per code: how many items found their code below (or at) a count
        return new CountItems(itemVariable, body);
      }
      GenExpr where = dice.nextBoolean() ? gen(GType.BOOL, 2) : null;
      return new SumItems(itemVariable, body, where);
    } finally {
      itemVariable = null;
    }
  }

  /**
   * {@code min(x, max(0, CAP - used))}: what an item pays under a sub-cap of which {@code used} is
   * used (of an int state, how many more it counts under a cap on the count).
   */
  private GenExpr underCap(GenExpr used) {
    GType t = used.type();
    GenExpr zero = new Lit(t, BigDecimal.ZERO, "0", false);
    GenExpr left = new Arith('-', literals.literal(t, true, false), used, t);
    return new Call("min", List.of(gen(t, 2), new Call("max", List.of(zero, left), t)), t);
  }

  private GenExpr count(int d) {
    itemVariable = dice.pick("item", "it", "明细");
    try {
      return new CountItems(itemVariable, dice.nextInt(10) < 7 ? gen(GType.BOOL, d) : null);
    } finally {
      itemVariable = null;
    }
  }

  private GenExpr leaf(GType t) {
    List<Supplier<GenExpr>> options = new ArrayList<>();
    for (Ref r : names) {
      if (r.type() == t) {
        options.add(() -> {
          touchedCodeStates |= readsCodeStates.contains(r.name());
          return r;
        });
      }
    }
    boolean item = itemVariable != null;
    if (item) {
      for (String state : codeStates) {
        GType type = codeStateTypes.getOrDefault(state, GType.MONEY);
        for (int k = 0; k < 3 && type == t; k++) {
          options.add(() -> {
            touchedCodeStates = true;
            return new GenExpr.CodeState(state, new Field(itemVariable, "code", GType.CODE, true), type);
          });
        }
      }
    }
    for (GenPolicy.PrivateTable table : tables) {
      if (table.type() == t) {
        options.add(() -> new GenExpr.Lookup(table.name(), item && (itemLookupsOften ? dice.nextInt(4) > 0 : dice.nextBoolean())
            && !claimLookupsOnly
            ? new Field(itemVariable, "code", GType.CODE, true) : new Field("claim", "diagnosis", GType.CODE, false), t));
      }
    }
    switch (t) {
      case MONEY:
        for (int k = 0; k < 3; k++) {
          options.add(() -> new Field("claim", dice.pick(CLAIM_MONEY), GType.MONEY, false));
          if (item) {
            options.add(() -> new Field(itemVariable, dice.pick(ITEM_MONEY), GType.MONEY, true));
            options.add(() -> new Field(itemVariable, dice.pick(ITEM_MONEY), GType.MONEY, true));
          }
        }
        break;
      case INT:
        options.add(() -> new Field("patient", "age", GType.INT, false));
        options.add(() -> new Field("claim", "hospital_level", GType.INT, false));
        break;
      case BOOL:
        options.add(() -> new Field("insured", "preexisting", GType.BOOL, false));
        options.add(() -> new Field("claim", "threshold_applied", GType.BOOL, false));
        options.add(() -> new BoolLit(dice.nextBoolean()));
        if (item) {
          options.add(() -> new Field(itemVariable, "special_drug", GType.BOOL, true));
          options.add(() -> new Field(itemVariable, "special_drug", GType.BOOL, true));
        }
        break;
      case DATE:
        options.add(() -> new Field("claim", dice.pick("admission_date", "discharge_date", "diagnosis_date"), GType.DATE, false));
        options.add(() -> new Field("insured", "policy_start", GType.DATE, false));
        options.add(literals::dateLit);
        break;
      case VISIT_TYPE:
        options.add(() -> new Field("claim", "visit_type", GType.VISIT_TYPE, false));
        options.add(() -> new EnumLit(t, dice.pick(VisitType.values())));
        break;
      case SEX:
        options.add(() -> new Field("patient", "sex", GType.SEX, false));
        options.add(() -> new EnumLit(t, dice.pick(Sex.values())));
        break;
      case SETTLEMENT_ROUTE:
        options.add(() -> new Field("claim", "settlement_route", GType.SETTLEMENT_ROUTE, false));
        options.add(() -> new EnumLit(t, dice.pick(SettlementRoute.values())));
        break;
      case CATEGORY:
        options.add(() -> new Field(itemVariable, "category", GType.CATEGORY, true));
        options.add(() -> new Field(itemVariable, "category", GType.CATEGORY, true));
        options.add(() -> new EnumLit(t, dice.pick(FeeCategory.values())));
        break;
      default:
        break;
    }
    return dice.pick(options).get();
  }

  private static List<Enum<?>> enumValues(GType t) {
    return List.<Enum<?>>of(t == GType.CATEGORY ? FeeCategory.values() : t == GType.VISIT_TYPE ? VisitType.values()
        : t == GType.SETTLEMENT_ROUTE ? SettlementRoute.values() : Sex.values());
  }
}
