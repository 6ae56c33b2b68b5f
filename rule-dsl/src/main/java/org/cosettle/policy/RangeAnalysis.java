package org.cosettle.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import org.cosettle.core.Bounds;
import org.cosettle.policy.Ast.Expr;

/**
 * Interval analysis over the input bounds of spec §3: every expression gets the interval of
 * values (in its type's units) it can take, and an expression whose value or exact product
 * before rounding could leave 64 bits is reported at its position. Intervals are kept per node
 * id so that the two-party engine can choose bit widths from them.
 */
final class RangeAnalysis {
  /** A closed interval of exact integers. */
  record Interval(BigInteger lo, BigInteger hi) {
    static Interval of(long lo, long hi) {
      return new Interval(BigInteger.valueOf(lo), BigInteger.valueOf(hi));
    }

    Interval union(Interval o) {
      return new Interval(lo.min(o.lo), hi.max(o.hi));
    }
  }

  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);
  private static final Interval BOOL = Interval.of(0, 1);

  private final Compiler c;
  final Map<Integer, Interval> intervals = new HashMap<>();
  final Map<String, Interval> names = new HashMap<>();
  private boolean reported;

  RangeAnalysis(Compiler c) {
    this.c = c;
  }

  /** Analyses one declaration's expression; reports at most one overflow per declaration. */
  Interval analyse(Expr e) {
    reported = false;
    Interval i = range(e);
    // after a reported overflow, later uses see the type's input bound so the error does not cascade
    return reported && c.types.get(e.id()) != null ? ofType(c.types.get(e.id())) : i;
  }

  private Interval check(Expr at, Interval i, String what) {
    if (i.lo.compareTo(MIN) < 0 || i.hi.compareTo(MAX) > 0) {
      if (!reported) {
        c.error(at.pos(), what + " could exceed 64 bits for inputs within their bounds (it may reach "
            + (i.hi.compareTo(MAX) > 0 ? i.hi : i.lo) + " in the smallest unit); split or bound it with min/max");
        reported = true;
      }
      return new Interval(i.lo.max(MIN), i.hi.min(MAX));
    }
    return i;
  }

  private Interval range(Expr e) {
    Interval i = compute(e);
    i = check(e, i, "this expression");
    intervals.put(e.id(), i);
    return i;
  }

  static Interval ofType(Type t) {
    switch (t) {
      case MONEY: return Interval.of(-Bounds.CLAIM_MONEY, Bounds.CLAIM_MONEY);
      case RATIO: return Interval.of(-Bounds.RATIO, Bounds.RATIO);
      case INT: return Interval.of(-Bounds.INT, Bounds.INT);
      case DATE: return Interval.of(Bounds.DATE_MIN, Bounds.DATE_MAX);
      case CATEGORY: return Interval.of(0, 13);
      case VISIT_TYPE: return Interval.of(0, 2);
      case SEX: return Interval.of(0, 1);
      default: return BOOL;
    }
  }

  private Interval compute(Expr e) {
    Type type = c.types.get(e.id());
    if (Compiler.isLiteral(e) && type != null && type.isNumeric()) {
      BigDecimal v = c.literalValue(e);
      BigInteger u = v.movePointRight(type.scale()).setScale(0, RoundingMode.UNNECESSARY).toBigIntegerExact();
      return new Interval(u, u);
    }
    if (e instanceof Ast.BoolLit || e instanceof Ast.In) {
      return BOOL;
    }
    if (e instanceof Ast.DateLit d) {
      return Interval.of(d.days(), d.days());
    }
    if (e instanceof Ast.Name n) {
      Compiler.Symbol s = c.symbols.get(n.name());
      if (s == null) {
        return ofType(type);
      }
      if (s.kind == Compiler.Kind.PARAM) {
        return Interval.of(s.constant, s.constant);
      }
      Interval known = names.get(n.name());
      return known != null ? known : ofType(s.type);
    }
    if (e instanceof Ast.Field f) {
      if (f.field().equals("hospital_level")) {
        return Interval.of(Bounds.HOSPITAL_LEVEL_MIN, Bounds.HOSPITAL_LEVEL_MAX);
      }
      if (type == Type.MONEY && !f.object().equals("claim")) {
        return Interval.of(-Bounds.ITEM_MONEY, Bounds.ITEM_MONEY);
      }
      return ofType(type);
    }
    if (e instanceof Ast.Unary u) {
      Interval x = range(u.operand());
      return u.op().equals("not") ? BOOL : new Interval(x.hi.negate(), x.lo.negate());
    }
    if (e instanceof Ast.Binary b) {
      return binary(b, type);
    }
    if (e instanceof Ast.If i) {
      range(i.condition());
      return range(i.then()).union(range(i.otherwise()));
    }
    if (e instanceof Ast.Match m) {
      Interval r = range(m.otherwise());
      for (Ast.Arm a : m.arms()) {
        range(a.condition());
        r = r.union(range(a.value()));
      }
      return r;
    }
    if (e instanceof Ast.Call call) {
      return call(call);
    }
    if (e instanceof Ast.Tiered t) {
      return tiered(t);
    }
    if (e instanceof Ast.Sum s) {
      if (s.where() != null) {
        range(s.where());
      }
      Interval body = range(s.body());
      BigInteger n = BigInteger.valueOf(Bounds.MAX_ITEMS);
      return new Interval(body.lo.multiply(n).min(BigInteger.ZERO), body.hi.multiply(n).max(BigInteger.ZERO));
    }
    if (e instanceof Ast.Count cnt) {
      if (cnt.where() != null) {
        range(cnt.where());
      }
      return Interval.of(0, Bounds.MAX_ITEMS);
    }
    return ofType(type);
  }

  private Interval binary(Ast.Binary b, Type type) {
    Interval l = range(b.left());
    Interval r = range(b.right());
    switch (b.op()) {
      case "+":
        return new Interval(l.lo.add(r.lo), l.hi.add(r.hi));
      case "-":
        return new Interval(l.lo.subtract(r.hi), l.hi.subtract(r.lo));
      case "*": {
        Interval p = product(l, r);
        Type lt = c.types.get(b.left().id());
        Type rt = c.types.get(b.right().id());
        if (lt == Type.RATIO || rt == Type.RATIO) {
          check(b, p, "the exact product before rounding");
          return new Interval(roundDown(p.lo), roundUp(p.hi));
        }
        return p;
      }
      case "/": {
        long k = divisor(b.right());
        BigInteger kb = BigInteger.valueOf(Math.abs(k));
        BigInteger a = l.lo.abs().max(l.hi.abs()).add(kb).divide(kb);
        return new Interval(a.negate(), a);
      }
      default:
        return BOOL;
    }
  }

  private long divisor(Expr e) {
    if (e instanceof Ast.Name n && c.symbols.get(n.name()) != null) {
      return c.symbols.get(n.name()).constant;
    }
    return c.literalValue(e).longValueExact();
  }

  private static BigInteger roundUp(BigInteger p) {
    return p.add(BigInteger.valueOf(5000)).divide(TEN_THOUSAND).add(BigInteger.ONE);
  }

  private static BigInteger roundDown(BigInteger p) {
    return p.subtract(BigInteger.valueOf(5000)).divide(TEN_THOUSAND).subtract(BigInteger.ONE);
  }

  private static Interval product(Interval a, Interval b) {
    BigInteger p1 = a.lo.multiply(b.lo);
    BigInteger p2 = a.lo.multiply(b.hi);
    BigInteger p3 = a.hi.multiply(b.lo);
    BigInteger p4 = a.hi.multiply(b.hi);
    return new Interval(p1.min(p2).min(p3).min(p4), p1.max(p2).max(p3).max(p4));
  }

  private Interval call(Ast.Call call) {
    Interval[] a = new Interval[call.args().size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = range(call.args().get(i));
    }
    switch (call.function()) {
      case "days_between":
        return new Interval(a[1].lo.subtract(a[0].hi), a[1].hi.subtract(a[0].lo));
      case "clamp":
        return new Interval(a[0].lo.max(a[1].lo).min(a[2].lo), a[0].hi.max(a[1].hi).min(a[2].hi));
      default: {
        boolean isMin = call.function().equals("min");
        BigInteger lo = a[0].lo;
        BigInteger hi = a[0].hi;
        for (int i = 1; i < a.length; i++) {
          lo = isMin ? lo.min(a[i].lo) : lo.max(a[i].lo);
          hi = isMin ? hi.min(a[i].hi) : hi.max(a[i].hi);
        }
        return new Interval(lo, hi);
      }
    }
  }

  private Interval tiered(Ast.Tiered t) {
    Interval x = range(t.value());
    BigInteger total = BigInteger.ZERO;
    int n = t.bounds().size();
    BigInteger[] bounds = new BigInteger[n];
    for (int i = 0; i < n; i++) {
      bounds[i] = BigInteger.valueOf(c.literalValue(t.bounds().get(i)).movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
    }
    for (int i = 0; i < n; i++) {
      Interval rate = range(t.rates().get(i));
      BigInteger top = i + 1 < n ? bounds[i + 1].min(x.hi) : x.hi;
      BigInteger part = top.subtract(bounds[i]).max(BigInteger.ZERO);
      total = total.add(part.multiply(rate.lo.abs().max(rate.hi.abs())));
    }
    check(t, new Interval(total.negate(), total), "the exact sum of the band products");
    return new Interval(roundDown(total.negate()), roundUp(total));
  }
}
