package org.cosettle.policy.check;

import static org.cosettle.policy.check.Literals.allWhole;
import static org.cosettle.policy.check.Literals.hasPercent;
import static org.cosettle.policy.check.Literals.isLiteral;
import static org.cosettle.policy.check.Literals.takesContextType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.cosettle.policy.Position;
import org.cosettle.policy.Type;
import org.cosettle.policy.syntax.Ast.Expr;
import org.cosettle.policy.syntax.Ast;
import org.cosettle.policy.syntax.AstPrinter;

/**
 * Types expressions (spec §3–§4): names, fields, operators, membership and literal coercion.
 * What it learns (each node's type, what each name and field refers to, each literal's value)
 * and every error go to {@link Findings}; an expression it cannot type gives null, so its parent
 * reports nothing more. {@code match}, the built-in functions, {@code tiered} and the sums over
 * items are {@link CallChecker}'s rules, the sets after {@code in} {@link SetChecker}'s.
 *
 * <p>One class, just above the usual 400 lines: it is the one recursive dispatch over the
 * expression forms, and each form's typing rule (operators, literal coercion, membership,
 * lookups in private tables) reads the others through {@link #check}; the rules that stand apart
 * already live in {@link CallChecker}, {@link SetChecker} and {@link InsuredFields}.
 */
final class ExpressionChecker {
  private final Findings found;
  private final CallChecker calls;
  private final SetChecker sets;

  ExpressionChecker(Findings found, SetChecker sets) {
    this.found = found;
    this.sets = sets;
    this.calls = new CallChecker(this, found);
  }

  void error(Position p, String message) {
    found.error(p, message);
  }

  // ---- literals -----------------------------------------------------------------------------

  /** The type a literal-only expression takes with no context, or null (with an error). */
  private Type defaultLiteralType(Expr e) {
    if (hasPercent(e)) {
      return Type.RATIO;
    }
    if (allWhole(e)) {
      return Type.INT;
    }
    error(e.pos(), "cannot tell the type of this number: write it where a money, ratio or int is expected, or use % for a ratio");
    return null;
  }

  /** The value of a literal-only expression in the units of {@code type}, or null (with an error). */
  Long literalUnits(Expr e, Type type) {
    BigDecimal v = Literals.value(e, this::error);
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
    found.constant(e, type, value);
    return value;
  }

  // ---- expressions ---------------------------------------------------------------------------

  /** The type of {@code e} where {@code scope} stands; {@code expected} (may be null) types a bare literal. Null on error. */
  Type check(Expr e, Type expected, Scope scope) {
    int mark = found.mark();
    if (isLiteral(e)) {
      Type t = expected != null ? expected : defaultLiteralType(e);
      if (t == null || literalUnits(e, t) == null) {
        return null;
      }
      found.typed(mark, e);
      return t;
    }
    Type r = checkNonLiteral(e, expected, scope);
    if (r != null) {
      found.type(e, r);
      // lowered as it stands even when its context wanted another type: its own range is checked
      found.typed(mark, e);
      if (expected != null && r != expected) {
        error(e.pos(), "expected " + expected + ", found " + r);
        return null;
      }
    }
    return r;
  }

  /**
   * The type two operands share, typing a literal side by the other side (which is then typed
   * first: {@link Literals#takesContextType}). Null on error.
   */
  Type pair(Expr a, Expr b, Type expected, Scope scope) {
    Type ta;
    Type tb;
    if (takesContextType(a) && !takesContextType(b)) {
      tb = check(b, expected, scope);
      ta = tb == null ? null : check(a, tb, scope);
    } else {
      ta = check(a, expected, scope);
      tb = ta == null ? (takesContextType(b) ? null : check(b, null, scope)) : check(b, ta, scope);
    }
    return ta == null || tb == null ? null : ta;
  }

  private Type checkNonLiteral(Expr e, Type expected, Scope scope) {
    if (e instanceof Ast.BoolLit b) {
      found.constant(b, Type.BOOL, b.value() ? 1 : 0);
      return Type.BOOL;
    }
    if (e instanceof Ast.DateLit d) {
      found.constant(d, Type.DATE, d.days());
      return Type.DATE;
    }
    if (e instanceof Ast.StrLit s) {
      Symbol named = scope.symbol(s.value());
      boolean enumValue = Literals.enumLiteral(s.value()) != null
          || named != null && named.kind() == Symbol.Kind.ENUM_VALUE;
      error(s.pos(), "a string may only stand in a code set {\"...\"}"
          + (enumValue ? " (an enum value is written bare: " + s.value() + ")" : ""));
      return null;
    }
    if (e instanceof Ast.Name n) {
      return name(n, scope);
    }
    if (e instanceof Ast.Field fd) {
      Fields.Resolution r = Fields.resolve(fd, scope);
      if (r.insured() != null) {
        found.insuredRead(fd, r.insured());
        return r.insured().type();
      }
      if (r.field() == null) {
        if (r.error() != null) {
          error(fd.pos(), r.error());
        }
        return null;
      }
      found.input(fd, r.field());
      return r.field().type();
    }
    if (e instanceof Ast.Unary u) {
      return unary(u, expected, scope);
    }
    if (e instanceof Ast.Binary b) {
      return binary(b, expected, scope);
    }
    if (e instanceof Ast.In in) {
      return membership(in, scope);
    }
    if (e instanceof Ast.Lookup l) {
      return lookup(l, scope);
    }
    if (e instanceof Ast.SetLit s) {
      error(s.pos(), "a set may only stand after 'in' or as a set param's value");
      return null;
    }
    if (e instanceof Ast.If i) {
      Type c = check(i.condition(), Type.BOOL, scope);
      Type t = pair(i.then(), i.otherwise(), expected, scope);
      return c == null ? null : t;
    }
    if (e instanceof Ast.Match m) {
      return calls.match(m, expected, scope);
    }
    if (e instanceof Ast.Call c) {
      return calls.call(c, expected, scope);
    }
    if (e instanceof Ast.Tiered t) {
      return calls.tiered(t, scope);
    }
    if (e instanceof Ast.Sum s) {
      return calls.sum(s, expected, scope);
    }
    if (e instanceof Ast.Count c) {
      return calls.count(c, scope);
    }
    throw new IllegalStateException("unknown node " + e);
  }

  private Type name(Ast.Name n, Scope scope) {
    if (n.name().equals(scope.itemVariable())) {
      error(n.pos(), "'" + n.name() + "' is one line item: use a field such as " + n.name() + ".amount");
      return null;
    }
    Symbol s = scope.symbol(n.name());
    if (s == null) {
      Literals.EnumValue enumValue = Literals.enumLiteral(n.name());
      if (enumValue != null) {
        found.constant(n, enumValue.type(), enumValue.ordinal());
        return enumValue.type();
      }
      error(n.pos(), "unknown name '" + n.name() + "'" + Suggestions.suggest(n.name(), Literals.withEnumNames(scope)));
      return null;
    }
    if (s.type() == null) {
      return null;
    }
    if (s.type().isSet()) {
      error(n.pos(), "the set '" + n.name() + "' may only stand after 'in'");
      return null;
    }
    if (s.kind() == Symbol.Kind.ENUM_VALUE) {
      found.constant(n, Type.ENUM, s.constant());
      found.reference(n, s);
      return Type.ENUM;
    }
    if (s.kind() == Symbol.Kind.PRIVATE_TABLE) {
      error(n.pos(), "the private table '" + n.name() + "' is read per code: " + n.name() + "[claim.diagnosis] or "
          + n.name() + "[item.code]");
      return null;
    }
    if (s.kind() == Symbol.Kind.KEYED_STATE) {
      error(n.pos(), "state '" + n.name() + "' is kept per item code: read " + n.name() + "[item.code] inside a sum or"
          + " count over claim.items");
      return null;
    }
    found.reference(n, s);
    return s.type();
  }

  private Type unary(Ast.Unary u, Type expected, Scope scope) {
    if (u.op().equals("not")) {
      return check(u.operand(), Type.BOOL, scope) == null ? null : Type.BOOL;
    }
    Type t = check(u.operand(), expected, scope);
    if (t == null) {
      return null;
    }
    if (!t.isNumeric()) {
      error(u.pos(), "'-' needs money, ratio or int, found " + t);
      return null;
    }
    return t;
  }

  private Type binary(Ast.Binary b, Type expected, Scope scope) {
    switch (b.op()) {
      case "and":
      case "or": {
        Type l = check(b.left(), Type.BOOL, scope);
        Type r = check(b.right(), Type.BOOL, scope);
        return l == null || r == null ? null : Type.BOOL;
      }
      case "+":
      case "-": {
        Type t = pair(b.left(), b.right(), expected, scope);
        if (t == null) {
          return null;
        }
        if (!t.isNumeric()) {
          error(b.pos(), "'" + b.op() + "' needs money, ratio or int, found " + t);
          return null;
        }
        return t;
      }
      case "*":
        return multiply(b, scope);
      case "/":
        return divide(b, scope);
      default:
        return compare(b, scope);
    }
  }

  private Type multiply(Ast.Binary b, Scope scope) {
    Type l;
    Type r;
    String hint = "";
    if (isLiteral(b.left()) != isLiteral(b.right())) {
      Expr lit = isLiteral(b.left()) ? b.left() : b.right();
      Expr other = isLiteral(b.left()) ? b.right() : b.left();
      Type o = check(other, null, scope);
      if (o == null) {
        return null;
      }
      Type litType = o == Type.RATIO ? Type.RATIO : (allWhole(lit) ? Type.INT : Type.RATIO);
      if (o == Type.INT && litType == Type.RATIO && !hasPercent(lit)) {
        // 100.00 * days: an amount per day is money, which a literal next to an int never is
        hint = "; a number with decimals next to an int is a ratio: for an amount per day or per visit"
            + " declare a money param (param daily: money = 100.00) and write daily * days";
      }
      Type t = check(lit, litType, scope);
      if (t == null) {
        return null;
      }
      l = isLiteral(b.left()) ? t : o;
      r = isLiteral(b.left()) ? o : t;
    } else {
      l = check(b.left(), null, scope);
      r = check(b.right(), null, scope);
      if (l == null || r == null) {
        return null;
      }
    }
    Type product = productType(l, r);
    if (product == null) {
      error(b.pos(), "cannot multiply " + l + " by " + r + " (money × ratio, money × int, int × int or ratio × ratio" + hint + ")");
    }
    return product;
  }

  /** The type of {@code a × b} (spec §4), or null when the language has no such product. */
  static Type productType(Type a, Type b) {
    if ((a == Type.MONEY && b == Type.RATIO) || (a == Type.RATIO && b == Type.MONEY) || (a == Type.RATIO && b == Type.RATIO)) {
      return a == Type.RATIO && b == Type.RATIO ? Type.RATIO : Type.MONEY;
    }
    if ((a == Type.MONEY && b == Type.INT) || (a == Type.INT && b == Type.MONEY) || (a == Type.INT && b == Type.INT)) {
      return a == Type.INT && b == Type.INT ? Type.INT : Type.MONEY;
    }
    return null;
  }

  private Type divide(Ast.Binary b, Scope scope) {
    Type l = check(b.left(), Type.MONEY, scope);
    long k;
    if (isLiteral(b.right())) {
      Type t = check(b.right(), Type.INT, scope);
      if (t == null || l == null) {
        return null;
      }
      k = found.constant(b.right());
    } else if (b.right() instanceof Ast.Name n && scope.symbol(n.name()) != null
        && scope.symbol(n.name()).kind() == Symbol.Kind.PARAM && scope.symbol(n.name()).type() == Type.INT) {
      if (l == null) {
        return null;
      }
      found.reference(n, scope.symbol(n.name()));
      k = scope.symbol(n.name()).constant();
    } else {
      error(b.right().pos(), "the divisor must be an int literal or a public int param");
      return null;
    }
    if (k == 0) {
      error(b.right().pos(), "division by zero");
      return null;
    }
    return Type.MONEY;
  }

  private Type compare(Ast.Binary b, Scope scope) {
    Type t = pair(b.left(), b.right(), null, scope);
    if (t == null) {
      return null;
    }
    boolean equality = b.op().equals("==") || b.op().equals("!=");
    if (t == Type.ENUM) {
      return InsuredFields.compareEnums(found, b, equality, scope);
    }
    if (!(t.isNumeric() || t == Type.DATE || (equality && (t == Type.BOOL || t.isEnum())))) {
      error(b.pos(), "cannot compare " + t + " with '" + b.op() + "'");
      return null;
    }
    return Type.BOOL;
  }

  /** The code field {@code v} names ({@code claim.diagnosis}, or the item's code inside a sum), or null. */
  private static InputField codeField(Expr v, Scope scope) {
    if (v instanceof Ast.Field fd && fd.field().equals("code") && fd.object().equals(scope.itemVariable())) {
      return InputField.ITEM_CODE;
    }
    if (v instanceof Ast.Field fd && fd.object().equals("claim") && fd.field().equals("diagnosis")) {
      return InputField.CLAIM_DIAGNOSIS;
    }
    return null;
  }

  private Type membership(Ast.In in, Scope scope) {
    Expr v = in.value();
    InputField code = codeField(v, scope);
    if (code != null) {
      Symbol table = in.set() instanceof Ast.Name n ? scope.symbol(n.name()) : null;
      if (table != null && table.kind() == Symbol.Kind.PRIVATE_TABLE && table.type() != null) {
        if (!table.isPrivateCodeSet()) {
          error(in.set().pos(), "'" + table.name() + "' is a private table, not a code set: look a code up with "
              + table.name() + "[" + AstPrinter.print(v) + "]");
          return null;
        }
        found.privateLookup(in, code, table);
        return Type.BOOL;
      }
      if (in.set() instanceof Ast.Field fd && fd.object().equals("insured")) {
        return InsuredFields.codeMembership(found, in, fd, code, scope);
      }
      List<String> codes = sets.codes(in.set(), scope);
      if (codes == null) {
        return null;
      }
      found.codeTest(in, code, codes);
      return Type.BOOL;
    }
    Type t = check(v, null, scope);
    if (t == null) {
      return null;
    }
    if (t == Type.ENUM) {
      return InsuredFields.enumMembership(found, in, scope);
    }
    if (!t.isEnum()) {
      error(in.pos(), "'in' needs a category, visit type, sex, settlement route or code on the left, found " + t);
      return null;
    }
    Long mask = sets.enumMask(in.set(), t, scope);
    if (mask == null) {
      return null;
    }
    found.enumTest(in, mask);
    return Type.BOOL;
  }

  private Type lookup(Ast.Lookup l, Scope scope) {
    Symbol table = scope.symbol(l.table());
    if (table == null) {
      error(l.pos(), "unknown private table '" + l.table() + "'" + Suggestions.suggest(l.table(), scope.symbols().keySet()));
      return null;
    }
    if (table.type() == null) {
      return null;
    }
    if (table.kind() == Symbol.Kind.KEYED_STATE) {
      if (!(l.key() instanceof Ast.Field f && f.field().equals("code") && f.object().equals(scope.itemVariable()))) {
        error(l.key().pos(), "state '" + l.table() + "' is kept per item code: read " + l.table()
            + "[item.code] inside a sum or count over claim.items");
        return null;
      }
      found.privateLookup(l, InputField.ITEM_CODE, table);
      return table.type();
    }
    if (table.kind() != Symbol.Kind.PRIVATE_TABLE || table.isPrivateCodeSet()) {
      error(l.pos(), "'" + l.table() + "' is not a private table; only a 'private table' is read with [...]"
          + (table.isPrivateCodeSet() ? " (test a code against a code set with 'in')" : ""));
      return null;
    }
    InputField code = codeField(l.key(), scope);
    if (code == null) {
      Type t = check(l.key(), null, scope);
      if (t != null || !(l.key() instanceof Ast.Field)) {
        error(l.key().pos(), "a private table is looked up by a code: claim.diagnosis, or item.code inside a sum or count"
            + (t == null ? "" : ", found " + t));
      }
      return null;
    }
    found.privateLookup(l, code, table);
    return table.type();
  }
}
