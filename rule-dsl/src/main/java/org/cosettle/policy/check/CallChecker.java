package org.cosettle.policy.check;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.policy.Position;
import org.cosettle.policy.Type;
import org.cosettle.policy.syntax.Ast.Expr;
import org.cosettle.policy.syntax.Ast;

/**
 * The typing rules of {@code match}, the built-in functions ({@code min}, {@code max},
 * {@code clamp}, {@code days_between}), {@code tiered} and the sums and counts over line items
 * (spec §4); their operands are typed by {@link ExpressionChecker}.
 */
final class CallChecker {
  private final ExpressionChecker exprs;
  private final Findings found;

  CallChecker(ExpressionChecker exprs, Findings found) {
    this.exprs = exprs;
    this.found = found;
  }

  Type match(Ast.Match m, Type expected, Scope scope) {
    List<Expr> values = new ArrayList<>();
    boolean ok = true;
    for (Ast.Arm arm : m.arms()) {
      ok &= exprs.check(arm.condition(), Type.BOOL, scope) != null;
      values.add(arm.value());
    }
    values.add(m.otherwise());
    Type t = commonType(m, values, expected, scope);
    if (t == null) {
      return null;
    }
    for (Expr v : values) {
      ok &= exprs.check(v, t, scope) != null;
    }
    return ok ? t : null;
  }

  /**
   * The type shared by {@code values} (arms of a match, arguments of min/max/clamp): the
   * context's, else the first non-literal's, else what the literals alone give. Null on error.
   */
  private Type commonType(Expr node, List<Expr> values, Type expected, Scope scope) {
    if (expected != null) {
      return expected;
    }
    for (Expr v : values) {
      if (!Literals.takesContextType(v)) {
        Type tv = exprs.check(v, null, scope);
        if (tv != null) {
          found.typedFirst(node, v);
        }
        return tv;
      }
    }
    return defaultLiteralTypeOfAll(values, node.pos());
  }

  private Type defaultLiteralTypeOfAll(List<Expr> values, Position pos) {
    boolean percent = false;
    boolean whole = true;
    for (Expr v : values) {
      percent |= Literals.hasPercent(v);
      whole &= Literals.allWhole(v);
    }
    if (percent) {
      return Type.RATIO;
    }
    if (whole) {
      return Type.INT;
    }
    exprs.error(pos, "cannot tell the type of these numbers: use % for a ratio, or give one arm a typed value");
    return null;
  }

  Type call(Ast.Call c, Type expected, Scope scope) {
    switch (c.function()) {
      case "min":
      case "max":
      case "clamp":
        return minMax(c, expected, scope);
      case "days_between": {
        if (c.args().size() != 2) {
          exprs.error(c.pos(), "days_between takes two dates");
          return null;
        }
        Type a = exprs.check(c.args().get(0), Type.DATE, scope);
        Type b = exprs.check(c.args().get(1), Type.DATE, scope);
        return a == null || b == null ? null : Type.INT;
      }
      default:
        exprs.error(c.pos(), "unknown function '" + c.function() + "'"
            + Suggestions.suggest(c.function(), List.of("min", "max", "clamp", "days_between")));
        return null;
    }
  }

  private Type minMax(Ast.Call c, Type expected, Scope scope) {
    String fn = c.function();
    List<Expr> args = c.args();
    if (fn.equals("clamp") ? args.size() != 3 : args.size() < 2) {
      exprs.error(c.pos(), fn.equals("clamp") ? "clamp takes three arguments (x, lo, hi)" : fn + " takes two or more arguments");
      return null;
    }
    Type t = commonType(c, args, expected, scope);
    if (t == null) {
      return null;
    }
    if (!t.isNumeric()) {
      exprs.error(c.pos(), fn + " needs money, ratio or int, found " + t);
      return null;
    }
    boolean ok = true;
    for (Expr arg : args) {
      ok &= exprs.check(arg, t, scope) != null;
    }
    return ok ? t : null;
  }

  Type tiered(Ast.Tiered t, Scope scope) {
    boolean ok = exprs.check(t.value(), Type.MONEY, scope) != null;
    long[] bounds = new long[t.bounds().size()];
    for (int i = 0; i < bounds.length; i++) {
      Expr b = t.bounds().get(i);
      if (!Literals.isLiteral(b)) {
        exprs.error(b.pos(), "a band bound must be a money literal");
        ok = false;
        continue;
      }
      Long tb = exprs.literalUnits(b, Type.MONEY);
      if (tb == null) {
        ok = false;
        continue;
      }
      bounds[i] = tb;
      if (i == 0 && bounds[i] != 0) {
        exprs.error(b.pos(), "the first band must start at 0");
        ok = false;
      } else if (i > 0 && bounds[i] <= bounds[i - 1]) {
        exprs.error(b.pos(), "band bounds must increase strictly");
        ok = false;
      }
    }
    for (Expr rate : t.rates()) {
      ok &= exprs.check(rate, Type.RATIO, scope) != null;
    }
    if (t.from() != null) {
      ok &= exprs.check(t.from(), Type.MONEY, scope) != null;
    }
    return ok ? Type.MONEY : null;
  }

  Type sum(Ast.Sum s, Type expected, Scope scope) {
    if (scope.itemVariable() != null) {
      exprs.error(s.pos(), "sum over items cannot be nested");
      return null;
    }
    Scope items = scope.overItems(s.variable());
    Type where = s.where() == null ? null : exprs.check(s.where(), Type.BOOL, items);
    Type body = exprs.check(s.body(), expected, items);
    if (body == null || (s.where() != null && where == null)) {
      return null;
    }
    if (body != Type.MONEY && body != Type.INT) {
      exprs.error(s.body().pos(), "sum over items needs money or int, found " + body);
      return null;
    }
    return body;
  }

  Type count(Ast.Count c, Scope scope) {
    if (scope.itemVariable() != null) {
      exprs.error(c.pos(), "count over items cannot be nested");
      return null;
    }
    if (c.where() == null) {
      found.input(c, InputField.CLAIM_ITEM_COUNT);
      return Type.INT;
    }
    return exprs.check(c.where(), Type.BOOL, scope.overItems(c.variable())) == null ? null : Type.INT;
  }
}
