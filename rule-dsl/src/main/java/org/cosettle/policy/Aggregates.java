package org.cosettle.policy;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.policy.Compiler.Typed;

/** Compiles {@code aggregate} declarations (spec §5). */
final class Aggregates {
  private Aggregates() {}

  static AggregateDecl compile(Compiler c, Ast.Aggregate a) {
    boolean ok = true;
    Typed value = null;
    Type valueType = Type.INT;
    if (a.sum() != null) {
      value = c.compile(a.sum(), null);
      ok &= value != null;
      if (value != null) {
        valueType = value.type();
        if (!valueType.isNumeric()) {
          c.error(a.sum().pos(), "sum() of an aggregate needs money, ratio or int, found " + valueType);
          ok = false;
        }
      }
    }
    Typed where = null;
    if (a.where() != null) {
      where = c.compile(a.where(), Type.BOOL);
      ok &= where != null;
    }
    AggregateDecl.KeyKind kind = AggregateDecl.KeyKind.NONE;
    Node key = null;
    List<String> groups = null;
    long[] bounds = null;
    if (a.by() != null) {
      Ast.Expr k = a.by().key();
      if (a.by().bounds() != null) {
        Typed t = c.compile(k, Type.INT);
        bounds = new long[a.by().bounds().size()];
        for (int i = 0; i < bounds.length; i++) {
          Ast.Expr b = a.by().bounds().get(i);
          Typed tb = Compiler.isLiteral(b) ? c.literal(b, Type.INT) : null;
          if (tb == null) {
            if (!Compiler.isLiteral(b)) {
              c.error(b.pos(), "a band bound must be an int literal");
            }
            ok = false;
            continue;
          }
          bounds[i] = tb.node().eval(null);
          if (i > 0 && bounds[i] <= bounds[i - 1]) {
            c.error(b.pos(), "band bounds must increase strictly");
            ok = false;
          }
        }
        ok &= t != null;
        if (t != null) {
          key = t.node();
        }
        kind = AggregateDecl.KeyKind.BAND;
      } else if (k instanceof Ast.Field f && f.object().equals("claim") && f.field().equals("hospital_id")) {
        kind = AggregateDecl.KeyKind.HOSPITAL;
        c.fieldsRead.add("claim.hospital_id");
      } else {
        Typed t = c.compile(k, null);
        if (t == null) {
          ok = false;
        } else if (t.type() == Type.BOOL) {
          kind = AggregateDecl.KeyKind.BOOL;
          key = t.node();
          groups = List.of("false", "true");
        } else if (t.type().isEnum()) {
          kind = AggregateDecl.KeyKind.ENUM;
          key = t.node();
          groups = Compiler.enumNames(t.type());
        } else {
          c.error(k.pos(), "an aggregate key is a bool or enum expression, claim.hospital_id or band(int, [...]), found " + t.type());
          ok = false;
        }
      }
    }
    List<String> recipients = Policies.parties(c, a.parties());
    ok &= recipients != null;
    int cohort = 10;
    if (a.cohort() != null) {
      Typed t = Compiler.isLiteral(a.cohort()) ? c.literal(a.cohort(), Type.INT) : null;
      if (t == null) {
        if (!Compiler.isLiteral(a.cohort())) {
          c.error(a.cohort().pos(), "cohort takes a whole number, at least 1");
        }
        ok = false;
      } else {
        long n = t.node().eval(null);
        if (n < 1 || n > Integer.MAX_VALUE) {
          c.error(a.cohort().pos(), "cohort takes a whole number, at least 1");
          ok = false;
        }
        cohort = (int) n;
      }
    }
    if (!ok) {
      return null;
    }
    if (groups != null) {
      groups = new ArrayList<>(groups);
    }
    return new AggregateDecl(a.name(), valueType, value == null ? null : value.node(),
        where == null ? null : where.node(), kind, key, groups, bounds, cohort, recipients);
  }

  /** The group label of band {@code index} of {@code bounds}: {@code <b0}, {@code [b0,b1)}, {@code >=bk}. */
  static String bandLabel(long[] bounds, int index) {
    if (index == 0) {
      return "<" + bounds[0];
    }
    if (index == bounds.length) {
      return ">=" + bounds[bounds.length - 1];
    }
    return "[" + bounds[index - 1] + "," + bounds[index] + ")";
  }
}
