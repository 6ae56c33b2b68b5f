package org.cosettle.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.Ast.Expr;

/**
 * Checks a parsed policy (names, types with literal coercion) and compiles every expression to
 * {@link Node}s. Collects every error it finds; compiles nothing usable when there is one.
 */
final class Compiler {
  /** A compiled, typed expression: its type and the IR operation computing it. */
  record Typed(Type type, int op) {}

  /** An enum literal such as {@code INPATIENT}: its type and ordinal. */
  record EnumValue(Type type, int ordinal) {}

  enum Kind { PARAM, PRIVATE_PARAM, STATE, LET, OUTPUT }

  /** A declared name. */
  static final class Symbol {
    final Kind kind;
    final String name;
    final Type type;
    /** LET/OUTPUT: the op computing it; STATE: the state's index; PRIVATE_PARAM: its index. */
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
  final IrBuilder ir = new IrBuilder(this);
  final Map<String, Symbol> symbols = new LinkedHashMap<>();
  final Map<Integer, Type> types = new HashMap<>();
  final java.util.Set<String> aggregateNames = new java.util.HashSet<>();
  /** Input fields the policy reads, in first-use order: {@code claim.total}, {@code item.amount}. */
  final java.util.Set<String> fieldsRead = new java.util.LinkedHashSet<>();
  private String itemVariable;

  void error(Position p, String message) {
    diagnostics.add(new Diagnostic(p, message));
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
      return allWhole(b.left()) && allWhole(b.right());
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
    Long units = literalUnits(e, type);
    return units == null ? null : new Typed(type, ir.constant(type, units, e.pos()));
  }

  /** The value of a literal-only expression in the units of {@code type}, or null (with an error). */
  Long literalUnits(Expr e, Type type) {
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
    return value;
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
      return new Typed(Type.BOOL, ir.constant(Type.BOOL, b.value() ? 1 : 0, b.pos()));
    }
    if (e instanceof Ast.DateLit d) {
      return new Typed(Type.DATE, ir.constant(Type.DATE, d.days(), d.pos()));
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
      Type t = ab[0].type();
      return new Typed(t, ir.op(Ir.Opcode.SELECT, t, i.pos(), c.op(), ab[0].op(), ab[1].op()));
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
      EnumValue enumValue = enumLiteral(n.name());
      if (enumValue != null) {
        return new Typed(enumValue.type(), ir.constant(enumValue.type(), enumValue.ordinal(), n.pos()));
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
      case PARAM:
        return new Typed(s.type, ir.constant(s.type, s.constant, n.pos()));
      case PRIVATE_PARAM:
        return new Typed(s.type, ir.privateParam(s.slot, s.type, n.pos()));
      case STATE:
        return new Typed(s.type, ir.state(s.slot, n.pos()));
      default:
        return new Typed(s.type, s.slot);
    }
  }

  static EnumValue enumLiteral(String name) {
    FeeCategory c = enumValue(FeeCategory.class, name);
    if (c != null) {
      return new EnumValue(Type.CATEGORY, c.ordinal());
    }
    VisitType vt = enumValue(VisitType.class, name);
    if (vt != null) {
      return new EnumValue(Type.VISIT_TYPE, vt.ordinal());
    }
    Sex sx = enumValue(Sex.class, name);
    if (sx != null) {
      return new EnumValue(Type.SEX, sx.ordinal());
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

  private Typed input(InputField f, Ast.Field at) {
    return new Typed(f.type(), ir.input(f, at.pos()));
  }

  private Typed fieldNode(Ast.Field fd) {
    String o = fd.object();
    String n = fd.field();
    if (o.equals("claim")) {
      switch (n) {
        case "visit_type": return input(InputField.CLAIM_VISIT_TYPE, fd);
        case "hospital_level": return input(InputField.CLAIM_HOSPITAL_LEVEL, fd);
        case "admission_date": return input(InputField.CLAIM_ADMISSION_DATE, fd);
        case "discharge_date": return input(InputField.CLAIM_DISCHARGE_DATE, fd);
        case "total": return input(InputField.CLAIM_TOTAL, fd);
        case "full_self_pay": return input(InputField.CLAIM_FULL_SELF_PAY, fd);
        case "over_limit": return input(InputField.CLAIM_OVER_LIMIT, fd);
        case "pre_self_pay": return input(InputField.CLAIM_PRE_SELF_PAY, fd);
        case "in_scope": return input(InputField.CLAIM_IN_SCOPE, fd);
        case "fund_paid": return input(InputField.CLAIM_FUND_PAID, fd);
        case "critical_paid": return input(InputField.CLAIM_CRITICAL_PAID, fd);
        case "assistance_paid": return input(InputField.CLAIM_ASSISTANCE_PAID, fd);
        case "account_paid": return input(InputField.CLAIM_ACCOUNT_PAID, fd);
        case "cash_paid": return input(InputField.CLAIM_CASH_PAID, fd);
        case "diagnosis":
          error(fd.pos(), "claim.diagnosis is a code: test it with 'in', as in claim.diagnosis in {\"C*\"}");
          return null;
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
        case "age": return input(InputField.PATIENT_AGE, fd);
        case "sex": return input(InputField.PATIENT_SEX, fd);
        default:
          error(fd.pos(), "unknown field patient." + n + suggest(n, List.of("age", "sex")));
          return null;
      }
    }
    if (o.equals("insured")) {
      switch (n) {
        case "preexisting": return input(InputField.INSURED_PREEXISTING, fd);
        case "policy_start": return input(InputField.INSURED_POLICY_START, fd);
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
        case "code":
          error(fd.pos(), o + ".code is a code: test it with 'in', as in " + o + ".code in {\"XL01*\"}");
          return null;
        case "category": return input(InputField.ITEM_CATEGORY, fd);
        case "amount": return input(InputField.ITEM_AMOUNT, fd);
        case "full_self_pay": return input(InputField.ITEM_FULL_SELF_PAY, fd);
        case "over_limit": return input(InputField.ITEM_OVER_LIMIT, fd);
        case "pre_self_pay": return input(InputField.ITEM_PRE_SELF_PAY, fd);
        case "in_scope": return input(InputField.ITEM_IN_SCOPE, fd);
        case "special_drug": return input(InputField.ITEM_SPECIAL_DRUG, fd);
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
      return new Typed(Type.BOOL, ir.op(Ir.Opcode.NOT, Type.BOOL, u.pos(), t.op()));
    }
    Typed t = compile(u.operand(), expected);
    if (t == null) {
      return null;
    }
    if (!t.type().isNumeric()) {
      error(u.pos(), "'-' needs money, ratio or int, found " + t.type());
      return null;
    }
    return new Typed(t.type(), ir.op(Ir.Opcode.NEG, t.type(), u.pos(), t.op()));
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
        Ir.Opcode code = b.op().equals("and") ? Ir.Opcode.AND : Ir.Opcode.OR;
        return new Typed(Type.BOOL, ir.op(code, Type.BOOL, b.pos(), l.op(), r.op()));
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
        Ir.Opcode code = b.op().equals("+") ? Ir.Opcode.ADD : Ir.Opcode.SUB;
        return new Typed(p[0].type(), ir.op(code, p[0].type(), b.pos(), p[0].op(), p[1].op()));
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
    if ((a == Type.MONEY && c == Type.RATIO) || (a == Type.RATIO && c == Type.MONEY) || (a == Type.RATIO && c == Type.RATIO)) {
      Type result = a == Type.RATIO && c == Type.RATIO ? Type.RATIO : Type.MONEY;
      int product = ir.op(Ir.Opcode.MUL, result, b.pos(), "the exact product before rounding", 0, l.op(), r.op());
      return new Typed(result, ir.op(Ir.Opcode.ROUND4, result, b.pos(), product));
    }
    if ((a == Type.MONEY && c == Type.INT) || (a == Type.INT && c == Type.MONEY) || (a == Type.INT && c == Type.INT)) {
      Type result = a == Type.INT && c == Type.INT ? Type.INT : Type.MONEY;
      return new Typed(result, ir.op(Ir.Opcode.MUL, result, b.pos(), l.op(), r.op()));
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
      k = ir.constantValue(t.op());
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
    return new Typed(Type.MONEY, ir.opImm(Ir.Opcode.DIV_ROUND, Type.MONEY, b.pos(), k, l.op()));
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
    int l = p[0].op();
    int r = p[1].op();
    switch (b.op()) {
      case "<": return new Typed(Type.BOOL, ir.op(Ir.Opcode.LT, Type.BOOL, b.pos(), l, r));
      case "<=": return new Typed(Type.BOOL, ir.op(Ir.Opcode.LE, Type.BOOL, b.pos(), l, r));
      case ">": return new Typed(Type.BOOL, ir.op(Ir.Opcode.LT, Type.BOOL, b.pos(), r, l));
      case ">=": return new Typed(Type.BOOL, ir.op(Ir.Opcode.LE, Type.BOOL, b.pos(), r, l));
      case "==": return new Typed(Type.BOOL, ir.op(Ir.Opcode.EQ, Type.BOOL, b.pos(), l, r));
      default: return new Typed(Type.BOOL, ir.op(Ir.Opcode.NE, Type.BOOL, b.pos(), l, r));
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
      return new Typed(Type.BOOL, ir.codeIn(isItem ? InputField.ITEM_CODE : InputField.CLAIM_DIAGNOSIS, set, in.pos()));
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
    return new Typed(Type.BOOL, ir.opImm(Ir.Opcode.IN_MASK, Type.BOOL, in.pos(), mask, t.op()));
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
      EnumValue t = e instanceof Ast.Name n ? enumLiteral(n.name()) : null;
      if (t == null || t.type() != type) {
        error(e.pos(), "expected a " + type + " name in this set" + (e instanceof Ast.Name n ? suggest(n.name(), enumNames(type)) : ""));
        ok = false;
      } else {
        mask |= 1L << t.ordinal();
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
    List<Integer> conds = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    boolean ok = true;
    for (Ast.Arm arm : m.arms()) {
      Typed c = compile(arm.condition(), Type.BOOL);
      ok &= c != null;
      if (c != null) {
        conds.add(c.op());
      }
      values.add(arm.value());
    }
    values.add(m.otherwise());
    Type t = commonType(values, expected, m.pos());
    if (t == null) {
      return null;
    }
    List<Integer> arms = new ArrayList<>();
    for (Expr v : values) {
      Typed tv = compile(v, t);
      ok &= tv != null;
      if (tv != null) {
        arms.add(tv.op());
      }
    }
    if (!ok) {
      return null;
    }
    // the first true condition wins: fold from the last arm back to the first
    int result = arms.get(arms.size() - 1);
    for (int i = conds.size() - 1; i >= 0; i--) {
      result = ir.op(Ir.Opcode.SELECT, t, m.arms().get(i).condition().pos(), conds.get(i), arms.get(i), result);
    }
    return new Typed(t, result);
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
        return new Typed(Type.INT, ir.op(Ir.Opcode.SUB, Type.INT, c.pos(), b.op(), a.op()));
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
    int[] n = new int[args.size()];
    boolean ok = true;
    for (int i = 0; i < n.length; i++) {
      Typed ta = compile(args.get(i), t);
      ok &= ta != null;
      if (ta != null) {
        n[i] = ta.op();
      }
    }
    if (!ok) {
      return null;
    }
    if (fn.equals("clamp")) {
      int low = ir.op(Ir.Opcode.MAX, t, c.pos(), n[0], n[1]);
      return new Typed(t, ir.op(Ir.Opcode.MIN, t, c.pos(), low, n[2]));
    }
    Ir.Opcode code = fn.equals("min") ? Ir.Opcode.MIN : Ir.Opcode.MAX;
    int r = n[0];
    for (int i = 1; i < n.length; i++) {
      r = ir.op(code, t, c.pos(), r, n[i]);
    }
    return new Typed(t, r);
  }

  private Typed tiered(Ast.Tiered t) {
    Typed x = compile(t.value(), Type.MONEY);
    long[] bounds = new long[t.bounds().size()];
    int[] rates = new int[t.rates().size()];
    boolean ok = x != null;
    for (int i = 0; i < bounds.length; i++) {
      Expr b = t.bounds().get(i);
      if (!isLiteral(b)) {
        error(b.pos(), "a band bound must be a money literal");
        ok = false;
        continue;
      }
      Long tb = literalUnits(b, Type.MONEY);
      if (tb == null) {
        ok = false;
        continue;
      }
      bounds[i] = tb;
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
        rates[i] = r.op();
      }
    }
    if (!ok) {
      return null;
    }
    // the part of x in band i is max(0, min(x, b[i+1]) - b[i]); the band products are summed
    // exactly and rounded once (spec §4)
    String note = "the exact sum of the band products";
    Position at = t.pos();
    int zero = ir.constant(Type.MONEY, 0, at);
    int total = -1;
    for (int i = 0; i < bounds.length; i++) {
      int top = i + 1 < bounds.length ? ir.op(Ir.Opcode.MIN, Type.MONEY, at, x.op(), ir.constant(Type.MONEY, bounds[i + 1], at)) : x.op();
      int above = ir.op(Ir.Opcode.SUB, Type.MONEY, at, top, ir.constant(Type.MONEY, bounds[i], at));
      int part = ir.op(Ir.Opcode.MAX, Type.MONEY, at, above, zero);
      int product = ir.op(Ir.Opcode.MUL, Type.MONEY, at, note, 0, part, rates[i]);
      total = total < 0 ? product : ir.op(Ir.Opcode.ADD, Type.MONEY, at, note, 0, total, product);
    }
    return new Typed(Type.MONEY, ir.op(Ir.Opcode.ROUND4, Type.MONEY, at, total));
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
      Type t = body.type();
      int kept = where == null ? body.op()
          : ir.op(Ir.Opcode.SELECT, t, s.pos(), where.op(), body.op(), ir.constant(t, 0, s.pos()));
      return new Typed(t, ir.op(Ir.Opcode.SUM_ITEMS, t, s.pos(), kept));
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
        fieldsRead.add("claim.items");
        return new Typed(Type.INT, ir.input(InputField.CLAIM_ITEM_COUNT, c.pos()));
      }
      Typed where = compile(c.where(), Type.BOOL);
      if (where == null) {
        return null;
      }
      return new Typed(Type.INT, ir.op(Ir.Opcode.SUM_ITEMS, Type.INT, c.pos(), where.op()));
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
