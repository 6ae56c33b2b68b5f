package org.cosettle.policy.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cosettle.core.Party;
import org.cosettle.policy.Type;
import org.cosettle.policy.check.CheckedPolicy.Grouping;
import org.cosettle.policy.syntax.Ast.Expr;
import org.cosettle.policy.syntax.Ast;

/** The rules of {@code aggregate} declarations (spec §5): value, filter, key, recipients, cohort. */
final class AggregateChecker {
  private final ExpressionChecker exprs;
  private final Findings found;

  AggregateChecker(ExpressionChecker exprs, Findings found) {
    this.exprs = exprs;
    this.found = found;
  }

  /** The aggregate, or null when it has an error. */
  CheckedPolicy.Aggregate check(Ast.Aggregate a, Scope scope) {
    boolean ok = true;
    Type valueType = Type.INT;
    if (a.sum() != null) {
      Type value = exprs.check(a.sum(), null, scope);
      ok &= value != null;
      if (value != null) {
        valueType = value;
        if (!valueType.isNumeric()) {
          exprs.error(a.sum().pos(), "sum() of an aggregate needs money, ratio or int, found " + valueType);
          ok = false;
        }
      }
    }
    if (a.where() != null) {
      ok &= exprs.check(a.where(), Type.BOOL, scope) != null;
    }
    Grouping grouping = Grouping.NONE;
    List<String> groups = List.of();
    long[] bounds = null;
    if (a.by() != null) {
      Expr k = a.by().key();
      if (a.by().bounds() != null) {
        Type t = exprs.check(k, Type.INT, scope);
        bounds = new long[a.by().bounds().size()];
        for (int i = 0; i < bounds.length; i++) {
          Expr b = a.by().bounds().get(i);
          Long tb = Literals.isLiteral(b) ? exprs.literalUnits(b, Type.INT) : null;
          if (tb == null) {
            if (!Literals.isLiteral(b)) {
              exprs.error(b.pos(), "a band bound must be an int literal");
            }
            ok = false;
            continue;
          }
          bounds[i] = tb;
          if (i > 0 && bounds[i] <= bounds[i - 1]) {
            exprs.error(b.pos(), "band bounds must increase strictly");
            ok = false;
          }
        }
        ok &= t != null;
        grouping = Grouping.BAND;
      } else if (k instanceof Ast.Field f && f.object().equals("claim") && f.field().equals("hospital_id")) {
        grouping = Grouping.HOSPITAL;
        found.fieldRead("claim.hospital_id");
      } else {
        Type t = exprs.check(k, null, scope);
        if (t == null) {
          ok = false;
        } else if (t == Type.BOOL) {
          grouping = Grouping.BOOL;
          groups = List.of("false", "true");
        } else if (t.isEnum()) {
          grouping = Grouping.ENUM;
          groups = Literals.enumNames(t);
        } else if (t == Type.ENUM && k instanceof Ast.Field && InsuredFields.enumFieldOf(k, scope) != null) {
          grouping = Grouping.ENUM;
          groups = InsuredFields.enumFieldOf(k, scope).codes();
        } else if (t == Type.ENUM) {
          exprs.error(k.pos(), "group by the enum insured field itself, as in by insured.plan");
          ok = false;
        } else {
          exprs.error(k.pos(), "an aggregate key is a bool or enum expression, claim.hospital_id or band(int, [...]), found " + t);
          ok = false;
        }
      }
    }
    Set<Party> recipients = Recipients.check(found, a.parties());
    ok &= recipients != null;
    int cohort = 10;
    if (a.cohort() != null) {
      Long t = Literals.isLiteral(a.cohort()) ? exprs.literalUnits(a.cohort(), Type.INT) : null;
      if (t == null) {
        if (!Literals.isLiteral(a.cohort())) {
          exprs.error(a.cohort().pos(), "cohort takes a whole number, at least 1");
        }
        ok = false;
      } else {
        long n = t;
        if (n < 1 || n > Integer.MAX_VALUE) {
          exprs.error(a.cohort().pos(), "cohort takes a whole number, at least 1");
          ok = false;
        }
        cohort = (int) n;
      }
    }
    if (!ok) {
      return null;
    }
    if (grouping == Grouping.BAND) {
      List<String> labels = new ArrayList<>();
      for (int i = 0; i <= bounds.length; i++) {
        labels.add(bandLabel(bounds, i));
      }
      groups = labels;
    }
    return new CheckedPolicy.Aggregate(a, valueType, grouping, groups, bounds, cohort, recipients);
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
