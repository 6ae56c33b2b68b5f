package org.cosettle.policy;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.policy.Compiler.Typed;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.syntax.Ast.Expr;
import org.cosettle.policy.syntax.Ast;

/**
 * The checker's rules for {@code match}, the built-in functions ({@code min}, {@code max},
 * {@code clamp}, {@code days_between}), {@code tiered} and the sums and counts over line
 * items, emitting their IR through the compiler's builder.
 */
final class Calls {
  private final Compiler checker;

  Calls(Compiler checker) {
    this.checker = checker;
  }

  Typed match(Ast.Match m, Type expected) {
    List<Integer> conds = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    boolean ok = true;
    for (Ast.Arm arm : m.arms()) {
      Typed c = checker.compile(arm.condition(), Type.BOOL);
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
      Typed tv = checker.compile(v, t);
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
      result = checker.ir.op(Ir.Opcode.SELECT, t, m.arms().get(i).condition().pos(), conds.get(i), arms.get(i), result);
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
      if (!Compiler.takesContextType(v)) {
        Typed tv = checker.compile(v, null);
        return tv == null ? null : tv.type();
      }
    }
    return defaultLiteralTypeOfAll(values, pos);
  }

  private Type defaultLiteralTypeOfAll(List<Expr> values, Position pos) {
    boolean percent = false;
    boolean whole = true;
    for (Expr v : values) {
      percent |= Compiler.hasPercent(v);
      whole &= Compiler.allWhole(v);
    }
    if (percent) {
      return Type.RATIO;
    }
    if (whole) {
      return Type.INT;
    }
    checker.error(pos, "cannot tell the type of these numbers: use % for a ratio, or give one arm a typed value");
    return null;
  }

  Typed call(Ast.Call c, Type expected) {
    switch (c.function()) {
      case "min":
      case "max":
      case "clamp":
        return minMax(c, expected);
      case "days_between": {
        if (c.args().size() != 2) {
          checker.error(c.pos(), "days_between takes two dates");
          return null;
        }
        Typed a = checker.compile(c.args().get(0), Type.DATE);
        Typed b = checker.compile(c.args().get(1), Type.DATE);
        if (a == null || b == null) {
          return null;
        }
        return new Typed(Type.INT, checker.ir.op(Ir.Opcode.SUB, Type.INT, c.pos(), b.op(), a.op()));
      }
      default:
        checker.error(c.pos(), "unknown function '" + c.function() + "'" + Suggestions.suggest(c.function(), List.of("min", "max", "clamp", "days_between")));
        return null;
    }
  }

  private Typed minMax(Ast.Call c, Type expected) {
    String fn = c.function();
    List<Expr> args = c.args();
    if (fn.equals("clamp") ? args.size() != 3 : args.size() < 2) {
      checker.error(c.pos(), fn.equals("clamp") ? "clamp takes three arguments (x, lo, hi)" : fn + " takes two or more arguments");
      return null;
    }
    Type t = commonType(args, expected, c.pos());
    if (t == null) {
      return null;
    }
    if (!t.isNumeric()) {
      checker.error(c.pos(), fn + " needs money, ratio or int, found " + t);
      return null;
    }
    int[] n = new int[args.size()];
    boolean ok = true;
    for (int i = 0; i < n.length; i++) {
      Typed ta = checker.compile(args.get(i), t);
      ok &= ta != null;
      if (ta != null) {
        n[i] = ta.op();
      }
    }
    if (!ok) {
      return null;
    }
    if (fn.equals("clamp")) {
      int low = checker.ir.op(Ir.Opcode.MAX, t, c.pos(), n[0], n[1]);
      return new Typed(t, checker.ir.op(Ir.Opcode.MIN, t, c.pos(), low, n[2]));
    }
    Ir.Opcode code = fn.equals("min") ? Ir.Opcode.MIN : Ir.Opcode.MAX;
    int r = n[0];
    for (int i = 1; i < n.length; i++) {
      r = checker.ir.op(code, t, c.pos(), r, n[i]);
    }
    return new Typed(t, r);
  }

  Typed tiered(Ast.Tiered t) {
    Typed x = checker.compile(t.value(), Type.MONEY);
    long[] bounds = new long[t.bounds().size()];
    int[] rates = new int[t.rates().size()];
    boolean ok = x != null;
    for (int i = 0; i < bounds.length; i++) {
      Expr b = t.bounds().get(i);
      if (!Compiler.isLiteral(b)) {
        checker.error(b.pos(), "a band bound must be a money literal");
        ok = false;
        continue;
      }
      Long tb = checker.literalUnits(b, Type.MONEY);
      if (tb == null) {
        ok = false;
        continue;
      }
      bounds[i] = tb;
      if (i == 0 && bounds[i] != 0) {
        checker.error(b.pos(), "the first band must start at 0");
        ok = false;
      } else if (i > 0 && bounds[i] <= bounds[i - 1]) {
        checker.error(b.pos(), "band bounds must increase strictly");
        ok = false;
      }
    }
    for (int i = 0; i < rates.length; i++) {
      Typed r = checker.compile(t.rates().get(i), Type.RATIO);
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
    int zero = checker.ir.constant(Type.MONEY, 0, at);
    int total = -1;
    for (int i = 0; i < bounds.length; i++) {
      int top = i + 1 < bounds.length ? checker.ir.op(Ir.Opcode.MIN, Type.MONEY, at, x.op(), checker.ir.constant(Type.MONEY, bounds[i + 1], at)) : x.op();
      int above = checker.ir.op(Ir.Opcode.SUB, Type.MONEY, at, top, checker.ir.constant(Type.MONEY, bounds[i], at));
      int part = checker.ir.op(Ir.Opcode.MAX, Type.MONEY, at, above, zero);
      int product = checker.ir.op(Ir.Opcode.MUL, Type.MONEY, at, note, 0, part, rates[i]);
      total = total < 0 ? product : checker.ir.op(Ir.Opcode.ADD, Type.MONEY, at, note, 0, total, product);
    }
    return new Typed(Type.MONEY, checker.ir.op(Ir.Opcode.ROUND4, Type.MONEY, at, total));
  }

  Typed sum(Ast.Sum s, Type expected) {
    String saved = checker.itemVariable;
    if (saved != null) {
      checker.error(s.pos(), "sum over items cannot be nested");
      return null;
    }
    checker.itemVariable = s.variable();
    try {
      Typed where = s.where() == null ? null : checker.compile(s.where(), Type.BOOL);
      Typed body = checker.compile(s.body(), expected);
      if (body == null || (s.where() != null && where == null)) {
        return null;
      }
      if (body.type() != Type.MONEY && body.type() != Type.INT) {
        checker.error(s.body().pos(), "sum over items needs money or int, found " + body.type());
        return null;
      }
      Type t = body.type();
      int kept = where == null ? body.op()
          : checker.ir.op(Ir.Opcode.SELECT, t, s.pos(), where.op(), body.op(), checker.ir.constant(t, 0, s.pos()));
      return new Typed(t, checker.ir.op(Ir.Opcode.SUM_ITEMS, t, s.pos(), kept));
    } finally {
      checker.itemVariable = null;
    }
  }

  Typed count(Ast.Count c) {
    if (checker.itemVariable != null) {
      checker.error(c.pos(), "count over items cannot be nested");
      return null;
    }
    checker.itemVariable = c.variable();
    try {
      if (c.where() == null) {
        checker.fieldsRead.add("claim.items");
        return new Typed(Type.INT, checker.ir.input(InputField.CLAIM_ITEM_COUNT, c.pos()));
      }
      Typed where = checker.compile(c.where(), Type.BOOL);
      if (where == null) {
        return null;
      }
      return new Typed(Type.INT, checker.ir.op(Ir.Opcode.SUM_ITEMS, Type.INT, c.pos(), where.op()));
    } finally {
      checker.itemVariable = null;
    }
  }
}
