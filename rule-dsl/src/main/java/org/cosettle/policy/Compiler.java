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
import org.cosettle.policy.ir.CodeSet;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.ir.IrBuilder;
import org.cosettle.policy.syntax.Ast.Expr;
import org.cosettle.policy.syntax.Ast;

/**
 * Checks a parsed policy (names, types with literal coercion) and compiles every expression to
 * the {@link Ir} through {@link IrBuilder}. Collects every error it finds; compiles nothing usable
 * when there is one. Built-in calls live in {@link Calls}, input fields in {@link Fields}.
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
  final IrBuilder ir = new IrBuilder(diagnostics::add);
  private final Calls calls = new Calls(this);
  private final Fields fields = new Fields(this);
  final Map<String, Symbol> symbols = new LinkedHashMap<>();
  final Map<Integer, Type> types = new HashMap<>();
  final java.util.Set<String> aggregateNames = new java.util.HashSet<>();
  /** Input fields the policy reads, in first-use order: {@code claim.total}, {@code item.amount}. */
  final java.util.Set<String> fieldsRead = new java.util.LinkedHashSet<>();
  /** The name of the line item inside sum(...)/count(...), else null. */
  String itemVariable;

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

  /**
   * Whether {@code e} has no type of its own and takes its context's, like a literal: a
   * literal, or {@code -}, {@code +}, {@code -}, {@code min}, {@code max}, {@code clamp}, an
   * {@code if} or a {@code match} whose values are all such expressions ({@code min(0, 5)}).
   */
  static boolean takesContextType(Expr e) {
    if (isLiteral(e)) {
      return true;
    }
    return !contextValues(e).isEmpty() && contextValues(e).stream().allMatch(Compiler::takesContextType);
  }

  /** The sub-expressions whose type is the type of {@code e}, for the forms that pass it through. */
  private static List<Expr> contextValues(Expr e) {
    if (e instanceof Ast.Unary u && u.op().equals("-")) {
      return List.of(u.operand());
    }
    if (e instanceof Ast.Binary b && (b.op().equals("+") || b.op().equals("-"))) {
      return List.of(b.left(), b.right());
    }
    if (e instanceof Ast.Call c && List.of("min", "max", "clamp").contains(c.function())) {
      return c.args();
    }
    if (e instanceof Ast.If i) {
      return List.of(i.then(), i.otherwise());
    }
    if (e instanceof Ast.Match m) {
      List<Expr> values = new ArrayList<>();
      m.arms().forEach(a -> values.add(a.value()));
      values.add(m.otherwise());
      return values;
    }
    return List.of();
  }

  static boolean hasPercent(Expr e) {
    if (e instanceof Ast.Num n) {
      return n.text().endsWith("%");
    }
    if (e instanceof Ast.Unary u) {
      return hasPercent(u.operand());
    }
    if (e instanceof Ast.Binary b) {
      return hasPercent(b.left()) || hasPercent(b.right());
    }
    return contextValues(e).stream().anyMatch(Compiler::hasPercent);
  }

  static boolean allWhole(Expr e) {
    if (e instanceof Ast.Num n) {
      return !n.text().contains(".") && !n.text().endsWith("%");
    }
    if (e instanceof Ast.Unary u) {
      return allWhole(u.operand());
    }
    if (e instanceof Ast.Binary b) {
      // a quotient of whole numbers is whole only when it divides exactly: 10 / 5 is int,
      // 1 / 2 is the ratio 0.5 (as the single literal 0.5 would be)
      return allWhole(b.left()) && allWhole(b.right()) && (!b.op().equals("/") || dividesExactly(b));
    }
    List<Expr> values = contextValues(e);
    return !values.isEmpty() && values.stream().allMatch(Compiler::allWhole);
  }

  private static boolean dividesExactly(Ast.Binary b) {
    // errors (division by zero, no exact quotient) are reported where the value is used
    BigDecimal q = literalValue(b, (at, message) -> { });
    return q != null && q.stripTrailingZeros().scale() <= 0;
  }

  /** The exact value of a literal-only expression, or null (with an error) when it has none. */
  BigDecimal literalValue(Expr e) {
    return literalValue(e, this::error);
  }

  /** As {@link #literalValue(Expr)}, reporting to {@code error} (which may ignore it). */
  private static BigDecimal literalValue(Expr e, java.util.function.BiConsumer<Position, String> error) {
    if (e instanceof Ast.Num n) {
      String t = n.text();
      if (t.endsWith("%")) {
        return new BigDecimal(t.substring(0, t.length() - 1)).movePointLeft(2);
      }
      return new BigDecimal(t);
    }
    if (e instanceof Ast.Unary u) {
      BigDecimal v = literalValue(u.operand(), error);
      return v == null ? null : v.negate();
    }
    Ast.Binary b = (Ast.Binary) e;
    BigDecimal l = literalValue(b.left(), error);
    BigDecimal r = literalValue(b.right(), error);
    if (l == null || r == null) {
      return null;
    }
    switch (b.op()) {
      case "+": return l.add(r);
      case "-": return l.subtract(r);
      case "*": return l.multiply(r);
      default:
        if (r.signum() == 0) {
          error.accept(b.pos(), "division by zero");
          return null;
        }
        try {
          return l.divide(r);
        } catch (ArithmeticException ex) {
          error.accept(b.pos(), "the quotient of these literals has no exact decimal value");
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
    if (takesContextType(a) && !takesContextType(b)) {
      tb = compile(b, expected);
      ta = tb == null ? null : compile(a, tb.type());
    } else {
      ta = compile(a, expected);
      tb = ta == null ? (takesContextType(b) ? null : compile(b, null)) : compile(b, ta.type());
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
      return fields.field(fd);
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
      return calls.match(m, expected);
    }
    if (e instanceof Ast.Call c) {
      return calls.call(c, expected);
    }
    if (e instanceof Ast.Tiered t) {
      return calls.tiered(t);
    }
    if (e instanceof Ast.Sum s) {
      return calls.sum(s, expected);
    }
    if (e instanceof Ast.Count c) {
      return calls.count(c);
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
      error(n.pos(), "unknown name '" + n.name() + "'" + Suggestions.suggest(n.name(), symbols.keySet()));
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

  /** The set param named {@code n} of type {@code setType}, or null (with an error unless its declaration failed). */
  private Symbol setParam(Ast.Name n, Type setType) {
    Symbol s = symbols.get(n.name());
    if (s == null) {
      error(n.pos(), "unknown name '" + n.name() + "'" + Suggestions.suggest(n.name(), symbols.keySet()));
      return null;
    }
    if (s.type == null) {
      return null;
    }
    if (s.type != setType) {
      error(n.pos(), "expected a " + setType + ", found " + s.type);
      return null;
    }
    return s;
  }

  /** The codes of a code-set literal or set<code> param, or null (with an error). */
  List<String> codeSet(Expr set) {
    if (set instanceof Ast.Name n) {
      Symbol s = setParam(n, Type.SET_CODE);
      return s == null ? null : s.codes;
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
      Symbol s = setParam(n, type.setOf());
      return s == null ? null : s.enumMask;
    }
    long mask = 0;
    boolean ok = true;
    for (Expr e : ((Ast.SetLit) set).elements()) {
      EnumValue t = e instanceof Ast.Name n ? enumLiteral(n.name()) : null;
      if (t == null || t.type() != type) {
        error(e.pos(), "expected a " + type + " name in this set" + (e instanceof Ast.Name n ? Suggestions.suggest(n.name(), enumNames(type)) : ""));
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


}
