package org.cosettle.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cosettle.core.Party;
import org.cosettle.policy.Compiler.Typed;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.syntax.Ast;

/** Compiles {@code aggregate} declarations (spec §5). */
final class Aggregates {
  private Aggregates() {}

  static Ir.AggregateStep compile(Compiler c, Ast.Aggregate a) {
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
    Ir.KeyKind kind = Ir.KeyKind.NONE;
    int key = -1;
    List<String> groups = null;
    long[] bounds = null;
    if (a.by() != null) {
      Ast.Expr k = a.by().key();
      if (a.by().bounds() != null) {
        Typed t = c.compile(k, Type.INT);
        bounds = new long[a.by().bounds().size()];
        for (int i = 0; i < bounds.length; i++) {
          Ast.Expr b = a.by().bounds().get(i);
          Long tb = Compiler.isLiteral(b) ? c.literalUnits(b, Type.INT) : null;
          if (tb == null) {
            if (!Compiler.isLiteral(b)) {
              c.error(b.pos(), "a band bound must be an int literal");
            }
            ok = false;
            continue;
          }
          bounds[i] = tb;
          if (i > 0 && bounds[i] <= bounds[i - 1]) {
            c.error(b.pos(), "band bounds must increase strictly");
            ok = false;
          }
        }
        ok &= t != null;
        if (t != null) {
          key = t.op();
        }
        kind = Ir.KeyKind.BAND;
      } else if (k instanceof Ast.Field f && f.object().equals("claim") && f.field().equals("hospital_id")) {
        kind = Ir.KeyKind.HOSPITAL;
        c.fieldsRead.add("claim.hospital_id");
      } else {
        Typed t = c.compile(k, null);
        if (t == null) {
          ok = false;
        } else if (t.type() == Type.BOOL) {
          kind = Ir.KeyKind.BOOL;
          key = t.op();
          groups = List.of("false", "true");
        } else if (t.type().isEnum()) {
          kind = Ir.KeyKind.ENUM;
          key = t.op();
          groups = Compiler.enumNames(t.type());
        } else {
          c.error(k.pos(), "an aggregate key is a bool or enum expression, claim.hospital_id or band(int, [...]), found " + t.type());
          ok = false;
        }
      }
    }
    Set<Party> recipients = Policies.parties(c, a.parties());
    ok &= recipients != null;
    int cohort = 10;
    if (a.cohort() != null) {
      Long t = Compiler.isLiteral(a.cohort()) ? c.literalUnits(a.cohort(), Type.INT) : null;
      if (t == null) {
        if (!Compiler.isLiteral(a.cohort())) {
          c.error(a.cohort().pos(), "cohort takes a whole number, at least 1");
        }
        ok = false;
      } else {
        long n = t;
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
    if (kind == Ir.KeyKind.BAND) {
      groups = new ArrayList<>();
      for (int i = 0; i <= bounds.length; i++) {
        groups.add(bandLabel(bounds, i));
      }
    }
    return new Ir.AggregateStep(a.name(), valueType, value == null ? -1 : value.op(),
        where == null ? -1 : where.op(), kind, key, groups == null ? List.of() : List.copyOf(groups),
        bounds, cohort, recipients, a.pos().line());
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
