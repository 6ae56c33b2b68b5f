package org.cosettle.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.LineItem;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.Ast.Expr;

/**
 * Checks a parsed policy (names, types with literal coercion) and compiles every expression to
 * {@link Node}s. Collects every error it finds; compiles nothing usable when there is one.
 */
final class Compiler {
  /** A compiled, typed expression. {@code literal} is its exact value when made only of literals. */
  record Typed(Type type, Node node) {}

  enum Kind { PARAM, PRIVATE_PARAM, STATE, LET, OUTPUT }

  /** A declared name. */
  static final class Symbol {
    final Kind kind;
    final String name;
    final Type type;
    final int slot;
    long constant;
    List<String> codes;
    long enumMask;

    /** A name whose declaration had an error: known, so later uses report nothing more. */
    static Symbol failed(String name) {
      return new Symbol(Kind.LET, name, null, -1);
    }

    Symbol(Kind kind, String name, Type type, int slot) {
      this.kind = kind;
      this.name = name;
      this.type = type;
      this.slot = slot;
    }
  }

  final List<Diagnostic> diagnostics = new ArrayList<>();
  final Map<String, Symbol> symbols = new LinkedHashMap<>();
  final Map<Integer, Type> types = new HashMap<>();
  final java.util.Set<String> aggregateNames = new java.util.HashSet<>();
  /** Input fields the policy reads, in first-use order: {@code claim.total}, {@code item.amount}. */
  final java.util.Set<String> fieldsRead = new java.util.LinkedHashSet<>();
  private String itemVariable;
  private int nextSlot;

  void error(Position p, String message) {
    diagnostics.add(new Diagnostic(p, message));
  }

  int allocateSlot() {
    return nextSlot++;
  }

  int slotCount() {
    return nextSlot;
  }

  // ---- literals -----------------------------------------------------------------------------

  static boolean isLiteral(Expr e) {
    if (e instanceof Ast.Num) {
      return true;
    }
    if (e instanceof Ast.Unary u) {
      return u.op().equals("-") && isLiteral(u.operand());
    }
    if (e instanceof Ast.Binary b) {
      return "+-*/".contains(b.op()) && b.op().length() == 1 && isLiteral(b.left()) && isLiteral(b.right());
    }
    return false;
  }

  private static boolean hasPercent(Expr e) {
    if (e instanceof Ast.Num n) {
      return n.text().endsWith("%");
    }
    if (e instanceof Ast.Unary u) {
      return hasPercent(u.operand());
    }
    if (e instanceof Ast.Binary b) {
      return hasPercent(b.left()) || hasPercent(b.right());
    }
    return false;
  }

  private static boolean allWhole(Expr e) {
    if (e instanceof Ast.Num n) {
      return !n.text().contains(".") && !n.text().endsWith("%");
    }
    if (e instanceof Ast.Unary u) {
      return allWhole(u.operand());
    }
    if (e instanceof Ast.Binary b) {
      return allWhole(b.left()) && allWhole(b.right()) && !b.op().equals("/");
    }
    return false;
  }

  /** The exact value of a literal-only expression, or null (with an error) when it has none. */
  BigDecimal literalValue(Expr e) {
    if (e instanceof Ast.Num n) {
      String t = n.text();
      if (t.endsWith("%")) {
        return new BigDecimal(t.substring(0, t.length() - 1)).movePointLeft(2);
      }
      return new BigDecimal(t);
    }
    if (e instanceof Ast.Unary u) {
      BigDecimal v = literalValue(u.operand());
      return v == null ? null : v.negate();
    }
    Ast.Binary b = (Ast.Binary) e;
    BigDecimal l = literalValue(b.left());
    BigDecimal r = literalValue(b.right());
    if (l == null || r == null) {
      return null;
    }
    switch (b.op()) {
      case "+": return l.add(r);
      case "-": return l.subtract(r);
      case "*": return l.multiply(r);
      default:
        if (r.signum() == 0) {
          error(b.pos(), "division by zero");
          return null;
        }
        try {
          return l.divide(r);
        } catch (ArithmeticException ex) {
          error(b.pos(), "the quotient of these literals has no exact decimal value");
          return null;
        }
    }
  }

  /** The type a literal-only expression takes with no context, or null (with an error). */
  Type defaultLiteralType(Expr e) {
    if (hasPercent(e)) {
      return Type.RATIO;
    }
    if (allWhole(e)) {
      return Type.INT;
    }
    error(e.pos(), "cannot tell the type of this number: write it where a money, ratio or int is expected, or use % for a ratio");
    return null;
  }

  /** Compiles a literal-only expression as a constant of {@code type}. */
  Typed literal(Expr e, Type type) {
    BigDecimal v = literalValue(e);
    if (v == null) {
      return null;
    }
    if (!type.isNumeric()) {
      error(e.pos(), "expected " + type + ", found a number");
      return null;
    }
    BigDecimal units = v.movePointRight(type.scale());
    long value;
    try {
      value = units.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    } catch (ArithmeticException ex) {
      error(e.pos(), "the number " + v.toPlainString() + " is not an exact " + type
          + (type == Type.MONEY ? " (whole fen)" : type == Type.RATIO ? " (at most 4 decimals)" : " (a whole number)"));
      return null;
    }
    types.put(e.id(), type);
    return new Typed(type, f -> value);
  }

  // ---- expressions ---------------------------------------------------------------------------

  /** Compiles {@code e}; {@code expected} (may be null) types a bare literal. Null on error. */
  Typed compile(Expr e, Type expected) {
    if (isLiteral(e)) {
      Type t = expected != null ? expected : defaultLiteralType(e);
      return t == null ? null : literal(e, t);
    }
    Typed r = compileNonLiteral(e, expected);
    if (r != null) {
      types.put(e.id(), r.type());
      if (expected != null && r.type() != expected) {
        error(e.pos(), "expected " + expected + ", found " + r.type());
        return null;
      }
    }
    return r;
  }

  /** Compiles two operands that must share a type, typing a literal side by the other side. */
  Typed[] pair(Expr a, Expr b, Type expected) {
    Typed ta;
    Typed tb;
    if (isLiteral(a) && !isLiteral(b)) {
      tb = compile(b, expected);
      ta = tb == null ? null : compile(a, tb.type());
    } else {
      ta = compile(a, expected);
      tb = ta == null ? (isLiteral(b) ? null : compile(b, null)) : compile(b, ta.type());
    }
    if (ta == null || tb == null) {
      return null;
    }
    return new Typed[] {ta, tb};
  }

  private Typed compileNonLiteral(Expr e, Type expected) {
    if (e instanceof Ast.BoolLit b) {
      long v = b.value() ? 1 : 0;
      return new Typed(Type.BOOL, f -> v);
    }
    if (e instanceof Ast.DateLit d) {
      long v = d.days();
      return new Typed(Type.DATE, f -> v);
    }
    if (e instanceof Ast.StrLit s) {
      error(s.pos(), "a string may only stand in a code set {\"...\"}");
      return null;
    }
    if (e instanceof Ast.Name n) {
      return name(n);
    }
    if (e instanceof Ast.Field fd) {
      return field(fd);
    }
    if (e instanceof Ast.Unary u) {
      return unary(u, expected);
    }
    if (e instanceof Ast.Binary b) {
      return binary(b, expected);
    }
    if (e instanceof Ast.In in) {
      return membership(in);
    }
    if (e instanceof Ast.SetLit s) {
      error(s.pos(), "a set may only stand after 'in' or as a set param's value");
      return null;
    }
    if (e instanceof Ast.If i) {
      Typed c = compile(i.condition(), Type.BOOL);
      Typed[] ab = pair(i.then(), i.otherwise(), expected);
      if (c == null || ab == null) {
        return null;
      }
      Node cn = c.node(), an = ab[0].node(), bn = ab[1].node();
      return new Typed(ab[0].type(), f -> {
        long cv = cn.eval(f);
        long av = an.eval(f);
        long bv = bn.eval(f);
        return cv != 0 ? av : bv;
      });
    }
    if (e instanceof Ast.Match m) {
      return match(m, expected);
    }
    if (e instanceof Ast.Call c) {
      return call(c, expected);
    }
    if (e instanceof Ast.Tiered t) {
      return tiered(t);
    }
    if (e instanceof Ast.Sum s) {
      return sum(s, expected);
    }
    if (e instanceof Ast.Count c) {
      return count(c);
    }
    throw new IllegalStateException("unknown node " + e);
  }

  private Typed name(Ast.Name n) {
    if (n.name().equals(itemVariable)) {
      error(n.pos(), "'" + n.name() + "' is one line item: use a field such as " + n.name() + ".amount");
      return null;
    }
    Symbol s = symbols.get(n.name());
    if (s == null) {
      Typed enumValue = enumLiteral(n.name());
      if (enumValue != null) {
        return enumValue;
      }
      error(n.pos(), "unknown name '" + n.name() + "'" + suggest(n.name(), symbols.keySet()));
      return null;
    }
    if (s.type == null) {
      return null;
    }
    if (s.type.isSet()) {
      error(n.pos(), "the set '" + n.name() + "' may only stand after 'in'");
      return null;
    }
    switch (s.kind) {
      case PARAM: {
        long v = s.constant;
        return new Typed(s.type, f -> v);
      }
      case PRIVATE_PARAM: {
        int slot = s.slot;
        return new Typed(s.type, f -> f.privateParams[slot]);
      }
      default: {
        int slot = s.slot;
        return new Typed(s.type, f -> f.slots[slot]);
      }
    }
  }

  static Typed enumLiteral(String name) {
    FeeCategory c = enumValue(FeeCategory.class, name);
    if (c != null) {
      long v = c.ordinal();
      return new Typed(Type.CATEGORY, f -> v);
    }
    VisitType vt = enumValue(VisitType.class, name);
    if (vt != null) {
      long v = vt.ordinal();
      return new Typed(Type.VISIT_TYPE, f -> v);
    }
    Sex sx = enumValue(Sex.class, name);
    if (sx != null) {
      long v = sx.ordinal();
      return new Typed(Type.SEX, f -> v);
    }
    return null;
  }

  static <E extends Enum<E>> E enumValue(Class<E> type, String name) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }

  static boolean isEnumName(String name) {
    return enumLiteral(name) != null;
  }

  private static final List<String> CLAIM_FIELDS = List.of("id", "insured_id", "hospital_id", "visit_type",
      "hospital_level", "admission_date", "discharge_date", "diagnosis", "total", "full_self_pay",
      "over_limit", "pre_self_pay", "in_scope", "fund_paid", "critical_paid", "assistance_paid",
      "account_paid", "cash_paid", "items");
  private static final List<String> ITEM_FIELDS = List.of("code", "category", "amount", "full_self_pay",
      "over_limit", "pre_self_pay", "in_scope", "special_drug");

  private Typed field(Ast.Field fd) {
    Typed t = fieldNode(fd);
    if (t != null) {
      fieldsRead.add((fd.object().equals(itemVariable) ? "item" : fd.object()) + "." + fd.field());
    }
    return t;
  }

  private Typed fieldNode(Ast.Field fd) {
    String o = fd.object();
    String n = fd.field();
    if (o.equals("claim")) {
      switch (n) {
        case "visit_type": return new Typed(Type.VISIT_TYPE, f -> f.claim.visitType().ordinal());
        case "hospital_level": return new Typed(Type.INT, f -> f.claim.hospitalLevel());
        case "admission_date": return new Typed(Type.DATE, f -> f.claim.admissionDate());
        case "discharge_date": return new Typed(Type.DATE, f -> f.claim.dischargeDate());
        case "diagnosis": return new Typed(Type.CODE, f -> { throw new IllegalStateException("code value"); });
        case "total": return new Typed(Type.MONEY, f -> f.claim.total());
        case "full_self_pay": return new Typed(Type.MONEY, f -> f.claim.fullSelfPay());
        case "over_limit": return new Typed(Type.MONEY, f -> f.claim.overLimit());
        case "pre_self_pay": return new Typed(Type.MONEY, f -> f.claim.preSelfPay());
        case "in_scope": return new Typed(Type.MONEY, f -> f.claim.inScope());
        case "fund_paid": return new Typed(Type.MONEY, f -> f.claim.fundPaid());
        case "critical_paid": return new Typed(Type.MONEY, f -> f.claim.criticalPaid());
        case "assistance_paid": return new Typed(Type.MONEY, f -> f.claim.assistancePaid());
        case "account_paid": return new Typed(Type.MONEY, f -> f.claim.accountPaid());
        case "cash_paid": return new Typed(Type.MONEY, f -> f.claim.cashPaid());
        case "id": case "insured_id":
          error(fd.pos(), "claim." + n + " is text and cannot be used in an expression");
          return null;
        case "hospital_id":
          error(fd.pos(), "claim.hospital_id may only be used as an aggregate key (by claim.hospital_id)");
          return null;
        case "items":
          error(fd.pos(), "claim.items may only be used in sum(... for item in claim.items) or count(item in claim.items)");
          return null;
        default:
          error(fd.pos(), "unknown field claim." + n + suggest(n, CLAIM_FIELDS));
          return null;
      }
    }
    if (o.equals("patient")) {
      switch (n) {
        case "age": return new Typed(Type.INT, f -> f.claim.age());
        case "sex": return new Typed(Type.SEX, f -> f.claim.sex().ordinal());
        default:
          error(fd.pos(), "unknown field patient." + n + suggest(n, List.of("age", "sex")));
          return null;
      }
    }
    if (o.equals("insured")) {
      switch (n) {
        case "preexisting": return new Typed(Type.BOOL, f -> f.preexisting ? 1 : 0);
        case "policy_start": return new Typed(Type.DATE, f -> f.policyStart);
        default:
          Symbol s = symbols.get(n);
          if (s != null && s.kind == Kind.STATE) {
            error(fd.pos(), "read the state by its name: " + n);
          } else {
            error(fd.pos(), "unknown field insured." + n + suggest(n, List.of("preexisting", "policy_start")));
          }
          return null;
      }
    }
    if (o.equals(itemVariable)) {
      switch (n) {
        case "code": return new Typed(Type.CODE, f -> { throw new IllegalStateException("code value"); });
        case "category": return new Typed(Type.CATEGORY, f -> f.item.category().ordinal());
        case "amount": return new Typed(Type.MONEY, f -> f.item.amount());
        case "full_self_pay": return new Typed(Type.MONEY, f -> f.item.fullSelfPay());
        case "over_limit": return new Typed(Type.MONEY, f -> f.item.overLimit());
        case "pre_self_pay": return new Typed(Type.MONEY, f -> f.item.preSelfPay());
        case "in_scope": return new Typed(Type.MONEY, f -> f.item.inScope());
        case "special_drug": return new Typed(Type.BOOL, f -> f.item.specialDrug() ? 1 : 0);
        default:
          error(fd.pos(), "unknown field " + o + "." + n + suggest(n, ITEM_FIELDS));
          return null;
      }
    }
    if (o.equals("item")) {
      error(fd.pos(), "item.* may only be used inside sum(... for item in claim.items) or count(item in claim.items)");
      return null;
    }
    error(fd.pos(), "unknown name '" + o + "' (fields are read from claim, patient, insured or a line item)");
    return null;
  }

  private Typed unary(Ast.Unary u, Type expected) {
    if (u.op().equals("not")) {
      Typed t = compile(u.operand(), Type.BOOL);
      if (t == null) {
        return null;
      }
      Node n = t.node();
      return new Typed(Type.BOOL, f -> n.eval(f) ^ 1);
    }
    Typed t = compile(u.operand(), expected);
    if (t == null) {
      return null;
    }
    if (!t.type().isNumeric()) {
      error(u.pos(), "'-' needs money, ratio or int, found " + t.type());
      return null;
    }
    Node n = t.node();
    return new Typed(t.type(), f -> Math.negateExact(n.eval(f)));
  }

  private Typed binary(Ast.Binary b, Type expected) {
    switch (b.op()) {
      case "and":
      case "or": {
        Typed l = compile(b.left(), Type.BOOL);
        Typed r = compile(b.right(), Type.BOOL);
        if (l == null || r == null) {
          return null;
        }
        Node ln = l.node(), rn = r.node();
        return b.op().equals("and")
            ? new Typed(Type.BOOL, f -> ln.eval(f) & rn.eval(f))
            : new Typed(Type.BOOL, f -> ln.eval(f) | rn.eval(f));
      }
      case "+":
      case "-": {
        Typed[] p = pair(b.left(), b.right(), expected);
        if (p == null) {
          return null;
        }
        if (!p[0].type().isNumeric()) {
          error(b.pos(), "'" + b.op() + "' needs money, ratio or int, found " + p[0].type());
          return null;
        }
        Node ln = p[0].node(), rn = p[1].node();
        return b.op().equals("+")
            ? new Typed(p[0].type(), f -> Math.addExact(ln.eval(f), rn.eval(f)))
            : new Typed(p[0].type(), f -> Math.subtractExact(ln.eval(f), rn.eval(f)));
      }
      case "*":
        return multiply(b, expected);
      case "/":
        return divide(b);
      default:
        return compare(b);
    }
  }

  private Typed multiply(Ast.Binary b, Type expected) {
    Typed l;
    Typed r;
    if (isLiteral(b.left()) != isLiteral(b.right())) {
      Expr lit = isLiteral(b.left()) ? b.left() : b.right();
      Expr other = isLiteral(b.left()) ? b.right() : b.left();
      Typed o = compile(other, null);
      if (o == null) {
        return null;
      }
      Type litType = o.type() == Type.RATIO ? Type.RATIO
          : (allWhole(lit) ? Type.INT : Type.RATIO);
      Typed t = compile(lit, litType);
      if (t == null) {
        return null;
      }
      l = isLiteral(b.left()) ? t : o;
      r = isLiteral(b.left()) ? o : t;
    } else {
      l = compile(b.left(), null);
      r = compile(b.right(), null);
      if (l == null || r == null) {
        return null;
      }
    }
    Type a = l.type(), c = r.type();
    Node ln = l.node(), rn = r.node();
    if ((a == Type.MONEY && c == Type.RATIO) || (a == Type.RATIO && c == Type.MONEY) || (a == Type.RATIO && c == Type.RATIO)) {
      Type result = a == Type.RATIO && c == Type.RATIO ? Type.RATIO : Type.MONEY;
      return new Typed(result, f -> Arith.round4(Math.multiplyExact(ln.eval(f), rn.eval(f))));
    }
    if ((a == Type.MONEY && c == Type.INT) || (a == Type.INT && c == Type.MONEY) || (a == Type.INT && c == Type.INT)) {
      Type result = a == Type.INT && c == Type.INT ? Type.INT : Type.MONEY;
      return new Typed(result, f -> Math.multiplyExact(ln.eval(f), rn.eval(f)));
    }
    error(b.pos(), "cannot multiply " + a + " by " + c + " (money × ratio, money × int, int × int or ratio × ratio)");
    return null;
  }

  private Typed divide(Ast.Binary b) {
    Typed l = compile(b.left(), Type.MONEY);
    long k;
    if (isLiteral(b.right())) {
      Typed t = compile(b.right(), Type.INT);
      if (t == null || l == null) {
        return null;
      }
      k = t.node().eval(null);
    } else if (b.right() instanceof Ast.Name n && symbols.get(n.name()) != null
        && symbols.get(n.name()).kind == Kind.PARAM && symbols.get(n.name()).type == Type.INT) {
      if (l == null) {
        return null;
      }
      k = symbols.get(n.name()).constant;
    } else {
      error(b.right().pos(), "the divisor must be an int literal or a public int param");
      return null;
    }
    if (k == 0) {
      error(b.right().pos(), "division by zero");
      return null;
    }
    Node ln = l.node();
    long divisor = k;
    return new Typed(Type.MONEY, f -> Arith.divRound(ln.eval(f), divisor));
  }

  private Typed compare(Ast.Binary b) {
    Typed[] p = pair(b.left(), b.right(), null);
    if (p == null) {
      return null;
    }
    Type t = p[0].type();
    boolean equality = b.op().equals("==") || b.op().equals("!=");
    if (!(t.isNumeric() || t == Type.DATE || (equality && (t == Type.BOOL || t.isEnum())))) {
      error(b.pos(), "cannot compare " + t + " with '" + b.op() + "'");
      return null;
    }
    Node ln = p[0].node(), rn = p[1].node();
    switch (b.op()) {
      case "<": return new Typed(Type.BOOL, f -> ln.eval(f) < rn.eval(f) ? 1 : 0);
      case "<=": return new Typed(Type.BOOL, f -> ln.eval(f) <= rn.eval(f) ? 1 : 0);
      case ">": return new Typed(Type.BOOL, f -> ln.eval(f) > rn.eval(f) ? 1 : 0);
      case ">=": return new Typed(Type.BOOL, f -> ln.eval(f) >= rn.eval(f) ? 1 : 0);
      case "==": return new Typed(Type.BOOL, f -> ln.eval(f) == rn.eval(f) ? 1 : 0);
      default: return new Typed(Type.BOOL, f -> ln.eval(f) != rn.eval(f) ? 1 : 0);
    }
  }

  private Typed membership(Ast.In in) {
    Expr v = in.value();
    if (v instanceof Ast.Field fd && fd.field().equals("code") && fd.object().equals(itemVariable)
        || v instanceof Ast.Field fd2 && fd2.object().equals("claim") && fd2.field().equals("diagnosis")) {
      List<String> codes = codeSet(in.set());
      if (codes == null) {
        return null;
      }
      CodeSet set = new CodeSet(codes);
      boolean isItem = ((Ast.Field) v).object().equals(itemVariable);
      fieldsRead.add(isItem ? "item.code" : "claim.diagnosis");
      return isItem
          ? new Typed(Type.BOOL, f -> set.contains(f.item.code()) ? 1 : 0)
          : new Typed(Type.BOOL, f -> set.contains(f.claim.diagnosis()) ? 1 : 0);
    }
    Typed t = compile(v, null);
    if (t == null) {
      return null;
    }
    if (!t.type().isEnum()) {
      error(in.pos(), "'in' needs a category, visit type, sex or code on the left, found " + t.type());
      return null;
    }
    Long mask = enumSet(in.set(), t.type());
    if (mask == null) {
      return null;
    }
    Node n = t.node();
    long m = mask;
    return new Typed(Type.BOOL, f -> (m >>> n.eval(f)) & 1);
  }

  /** The codes of a code-set literal or set<code> param, or null (with an error). */
  List<String> codeSet(Expr set) {
    if (set instanceof Ast.Name n) {
      Symbol s = symbols.get(n.name());
      if (s == null) {
        error(n.pos(), "unknown name '" + n.name() + "'" + suggest(n.name(), symbols.keySet()));
        return null;
      }
      if (s.type == null) {
        return null;
      }
      if (s.type != Type.SET_CODE) {
        error(n.pos(), "expected a set<code>, found " + s.type);
        return null;
      }
      return s.codes;
    }
    Ast.SetLit lit = (Ast.SetLit) set;
    List<String> codes = new ArrayList<>();
    boolean ok = true;
    for (Expr e : lit.elements()) {
      if (e instanceof Ast.StrLit s) {
        codes.add(s.value());
      } else {
        error(e.pos(), "a code set holds strings such as \"C34.9\" or \"C*\"");
        ok = false;
      }
    }
    return ok ? codes : null;
  }

  /** The bit mask of an enum-set literal or set param of element type {@code type}, or null. */
  Long enumSet(Expr set, Type type) {
    if (set instanceof Ast.Name n) {
      Symbol s = symbols.get(n.name());
      if (s == null) {
        error(n.pos(), "unknown name '" + n.name() + "'" + suggest(n.name(), symbols.keySet()));
        return null;
      }
      if (s.type == null) {
        return null;
      }
      if (s.type != type.setOf()) {
        error(n.pos(), "expected a " + type.setOf() + ", found " + s.type);
        return null;
      }
      return s.enumMask;
    }
    long mask = 0;
    boolean ok = true;
    for (Expr e : ((Ast.SetLit) set).elements()) {
      Typed t = e instanceof Ast.Name n ? enumLiteral(n.name()) : null;
      if (t == null || t.type() != type) {
        error(e.pos(), "expected a " + type + " name in this set" + (e instanceof Ast.Name n ? suggest(n.name(), enumNames(type)) : ""));
        ok = false;
      } else {
        mask |= 1L << t.node().eval(null);
      }
    }
    return ok ? mask : null;
  }

  static List<String> enumNames(Type type) {
    Enum<?>[] values = type == Type.CATEGORY ? FeeCategory.values() : type == Type.VISIT_TYPE ? VisitType.values() : Sex.values();
    List<String> names = new ArrayList<>();
    for (Enum<?> v : values) {
      names.add(v.name());
    }
    return names;
  }

  private Typed match(Ast.Match m, Type expected) {
    List<Node> conds = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    boolean ok = true;
    for (Ast.Arm arm : m.arms()) {
      Typed c = compile(arm.condition(), Type.BOOL);
      ok &= c != null;
      if (c != null) {
        conds.add(c.node());
      }
      values.add(arm.value());
    }
    values.add(m.otherwise());
    Type t = commonType(values, expected, m.pos());
    if (t == null) {
      return null;
    }
    List<Node> nodes = new ArrayList<>();
    for (Expr v : values) {
      Typed tv = compile(v, t);
      ok &= tv != null;
      if (tv != null) {
        nodes.add(tv.node());
      }
    }
    if (!ok) {
      return null;
    }
    Node[] c = conds.toArray(new Node[0]);
    Node[] v = nodes.toArray(new Node[0]);
    return new Typed(t, f -> {
      int chosen = c.length;
      for (int i = c.length - 1; i >= 0; i--) {
        if (c[i].eval(f) != 0) {
          chosen = i;
        }
      }
      long result = 0;
      for (int i = 0; i < v.length; i++) {
        long x = v[i].eval(f);
        if (i == chosen) {
          result = x;
        }
      }
      return result;
    });
  }

  /**
   * The type shared by {@code values} (arms of a match, arguments of min/max/clamp): the
   * context's, else the first non-literal's, else what the literals alone give. Null on error.
   */
  private Type commonType(List<Expr> values, Type expected, Position pos) {
    if (expected != null) {
      return expected;
    }
    for (Expr v : values) {
      if (!isLiteral(v)) {
        Typed tv = compile(v, null);
        return tv == null ? null : tv.type();
      }
    }
    return defaultLiteralTypeOfAll(values, pos);
  }

  private Type defaultLiteralTypeOfAll(List<Expr> values, Position pos) {
    boolean percent = false;
    boolean whole = true;
    for (Expr v : values) {
      percent |= hasPercent(v);
      whole &= allWhole(v);
    }
    if (percent) {
      return Type.RATIO;
    }
    if (whole) {
      return Type.INT;
    }
    error(pos, "cannot tell the type of these numbers: use % for a ratio, or give one arm a typed value");
    return null;
  }

  private Typed call(Ast.Call c, Type expected) {
    switch (c.function()) {
      case "min":
      case "max":
      case "clamp":
        return minMax(c, expected);
      case "days_between": {
        if (c.args().size() != 2) {
          error(c.pos(), "days_between takes two dates");
          return null;
        }
        Typed a = compile(c.args().get(0), Type.DATE);
        Typed b = compile(c.args().get(1), Type.DATE);
        if (a == null || b == null) {
          return null;
        }
        Node an = a.node(), bn = b.node();
        return new Typed(Type.INT, f -> bn.eval(f) - an.eval(f));
      }
      default:
        error(c.pos(), "unknown function '" + c.function() + "'" + suggest(c.function(), List.of("min", "max", "clamp", "days_between")));
        return null;
    }
  }

  private Typed minMax(Ast.Call c, Type expected) {
    String fn = c.function();
    List<Expr> args = c.args();
    if (fn.equals("clamp") ? args.size() != 3 : args.size() < 2) {
      error(c.pos(), fn.equals("clamp") ? "clamp takes three arguments (x, lo, hi)" : fn + " takes two or more arguments");
      return null;
    }
    Type t = commonType(args, expected, c.pos());
    if (t == null) {
      return null;
    }
    if (!t.isNumeric()) {
      error(c.pos(), fn + " needs money, ratio or int, found " + t);
      return null;
    }
    Node[] n = new Node[args.size()];
    boolean ok = true;
    for (int i = 0; i < n.length; i++) {
      Typed ta = compile(args.get(i), t);
      ok &= ta != null;
      if (ta != null) {
        n[i] = ta.node();
      }
    }
    if (!ok) {
      return null;
    }
    if (fn.equals("clamp")) {
      Node x = n[0], lo = n[1], hi = n[2];
      return new Typed(t, f -> Math.min(Math.max(x.eval(f), lo.eval(f)), hi.eval(f)));
    }
    boolean isMin = fn.equals("min");
    return new Typed(t, f -> {
      long r = n[0].eval(f);
      for (int i = 1; i < n.length; i++) {
        long v = n[i].eval(f);
        r = isMin ? Math.min(r, v) : Math.max(r, v);
      }
      return r;
    });
  }

  private Typed tiered(Ast.Tiered t) {
    Typed x = compile(t.value(), Type.MONEY);
    long[] bounds = new long[t.bounds().size()];
    Node[] rates = new Node[t.rates().size()];
    boolean ok = x != null;
    for (int i = 0; i < bounds.length; i++) {
      Expr b = t.bounds().get(i);
      if (!isLiteral(b)) {
        error(b.pos(), "a band bound must be a money literal");
        ok = false;
        continue;
      }
      Typed tb = literal(b, Type.MONEY);
      if (tb == null) {
        ok = false;
        continue;
      }
      bounds[i] = tb.node().eval(null);
      if (i == 0 && bounds[i] != 0) {
        error(b.pos(), "the first band must start at 0");
        ok = false;
      } else if (i > 0 && bounds[i] <= bounds[i - 1]) {
        error(b.pos(), "band bounds must increase strictly");
        ok = false;
      }
    }
    for (int i = 0; i < rates.length; i++) {
      Typed r = compile(t.rates().get(i), Type.RATIO);
      ok &= r != null;
      if (r != null) {
        rates[i] = r.node();
      }
    }
    if (!ok) {
      return null;
    }
    Node xn = x.node();
    return new Typed(Type.MONEY, f -> {
      long v = xn.eval(f);
      long total = 0;
      for (int i = 0; i < bounds.length; i++) {
        long rate = rates[i].eval(f);
        if (v > bounds[i]) {
          long top = i + 1 < bounds.length ? Math.min(v, bounds[i + 1]) : v;
          total = Math.addExact(total, Math.multiplyExact(top - bounds[i], rate));
        }
      }
      return Arith.round4(total);
    });
  }

  private Typed sum(Ast.Sum s, Type expected) {
    String saved = itemVariable;
    if (saved != null) {
      error(s.pos(), "sum over items cannot be nested");
      return null;
    }
    itemVariable = s.variable();
    try {
      Typed where = s.where() == null ? null : compile(s.where(), Type.BOOL);
      Typed body = compile(s.body(), expected);
      if (body == null || (s.where() != null && where == null)) {
        return null;
      }
      if (body.type() != Type.MONEY && body.type() != Type.INT) {
        error(s.body().pos(), "sum over items needs money or int, found " + body.type());
        return null;
      }
      Node bn = body.node();
      Node wn = where == null ? null : where.node();
      return new Typed(body.type(), f -> {
        long total = 0;
        List<LineItem> items = f.claim.items();
        for (int i = 0, n = items.size(); i < n; i++) {
          f.item = items.get(i);
          long v = bn.eval(f);
          if (wn == null || wn.eval(f) != 0) {
            total = Math.addExact(total, v);
          }
        }
        f.item = null;
        return total;
      });
    } finally {
      itemVariable = null;
    }
  }

  private Typed count(Ast.Count c) {
    if (itemVariable != null) {
      error(c.pos(), "count over items cannot be nested");
      return null;
    }
    itemVariable = c.variable();
    try {
      if (c.where() == null) {
        return new Typed(Type.INT, f -> f.claim.items().size());
      }
      Typed where = compile(c.where(), Type.BOOL);
      if (where == null) {
        return null;
      }
      Node wn = where.node();
      return new Typed(Type.INT, f -> {
        long total = 0;
        List<LineItem> items = f.claim.items();
        for (int i = 0, n = items.size(); i < n; i++) {
          f.item = items.get(i);
          total += wn.eval(f);
        }
        f.item = null;
        return total;
      });
    } finally {
      itemVariable = null;
    }
  }

  /** " (did you mean 'x'?)" for the closest candidate within a small edit distance, else "". */
  static String suggest(String name, Iterable<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = editDistance(name, c);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    if (best != null && bestDistance <= Math.max(2, name.length() / 3)) {
      return " (did you mean '" + best + "'?)";
    }
    return "";
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
