package org.cosettle.policy;

import java.util.List;
import java.util.Random;
import org.cosettle.policy.GenExpr.Arith;
import org.cosettle.policy.GenExpr.BoolLit;
import org.cosettle.policy.GenExpr.Call;
import org.cosettle.policy.GenExpr.Compare;
import org.cosettle.policy.GenExpr.CountItems;
import org.cosettle.policy.GenExpr.DateLit;
import org.cosettle.policy.GenExpr.DaysBetween;
import org.cosettle.policy.GenExpr.Div;
import org.cosettle.policy.GenExpr.EnumLit;
import org.cosettle.policy.GenExpr.Field;
import org.cosettle.policy.GenExpr.If;
import org.cosettle.policy.GenExpr.InCode;
import org.cosettle.policy.GenExpr.InEnum;
import org.cosettle.policy.GenExpr.Lit;
import org.cosettle.policy.GenExpr.Logic;
import org.cosettle.policy.GenExpr.Match;
import org.cosettle.policy.GenExpr.Neg;
import org.cosettle.policy.GenExpr.Not;
import org.cosettle.policy.GenExpr.Ref;
import org.cosettle.policy.GenExpr.SumItems;
import org.cosettle.policy.GenExpr.Tiered;

/**
 * Writes {@link GenExpr}s as CPL text with the fewest parentheses precedence allows, so the
 * parser's precedence and associativity are exercised too. With a {@link Random} it also breaks
 * lines after operators that continue a line (spec §5), sometimes with a comment before the break.
 */
final class CplPrinter {
  private final Random layout;
  private final String newline;
  private final StringBuilder out = new StringBuilder();

  /** {@code layout} null: everything on one line. */
  CplPrinter(Random layout, String newline) {
    this.layout = layout;
    this.newline = newline;
  }

  static String oneLine(GenExpr e) {
    return new CplPrinter(null, "\n").print(e);
  }

  String print(GenExpr e) {
    out.setLength(0);
    expr(e, GenExpr.IF);
    return out.toString();
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** An operator that continues the line: maybe a line break (and a comment) after it. */
  private void op(String op) {
    out.append(op.equals(",") ? "" : " ").append(op);
    if (layout != null && layout.nextInt(12) == 0) {
      if (layout.nextBoolean()) {
        out.append("  # 续行 note");
      }
      out.append(newline).append("      ");
    } else {
      out.append(' ');
    }
  }

  private void expr(GenExpr e, int min) {
    if (e.precedence() < min) {
      out.append('(');
      expr(e, GenExpr.IF);
      out.append(')');
      return;
    }
    if (e instanceof Lit l) {
      out.append(l.text());
    } else if (e instanceof BoolLit b) {
      out.append(b.value());
    } else if (e instanceof DateLit d) {
      out.append(d.date());
    } else if (e instanceof EnumLit en) {
      out.append(en.value().name());
    } else if (e instanceof Field f) {
      out.append(f.object()).append('.').append(f.field());
    } else if (e instanceof Ref r) {
      out.append(r.name());
    } else if (e instanceof Neg n) {
      out.append('-');
      expr(n.operand(), GenExpr.UNARY);
    } else if (e instanceof Arith a) {
      int p = a.precedence();
      expr(a.left(), p);
      op(String.valueOf(a.op()));
      expr(a.right(), p + 1);
    } else if (e instanceof Div d) {
      expr(d.left(), GenExpr.MUL);
      op("/");
      out.append(d.divisorText());
    } else if (e instanceof Compare c) {
      expr(c.left(), GenExpr.ADD);
      op(c.op());
      expr(c.right(), GenExpr.ADD);
    } else if (e instanceof Logic l) {
      expr(l.left(), l.precedence());
      op(l.op());
      expr(l.right(), l.precedence() + 1);
    } else if (e instanceof Not n) {
      out.append("not ");
      expr(n.operand(), GenExpr.NOT);
    } else if (e instanceof InEnum in) {
      expr(in.value(), GenExpr.ADD);
      op("in");
      out.append(in.setParam() != null ? in.setParam() : enumSet(in.members()));
    } else if (e instanceof GenExpr.InPrivateSet in) {
      expr(in.value(), GenExpr.ADD);
      op("in");
      out.append(in.set());
    } else if (e instanceof GenExpr.Lookup l) {
      out.append(l.table()).append('[');
      expr(l.key(), GenExpr.IF);
      out.append(']');
    } else if (e instanceof GenExpr.CodeState c) {
      out.append(c.state()).append('[');
      expr(c.key(), GenExpr.IF);
      out.append(']');
    } else if (e instanceof InCode in) {
      expr(in.value(), GenExpr.ADD);
      op("in");
      out.append(in.setParam() != null ? in.setParam() : codeSet(in.members()));
    } else if (e instanceof If i) {
      out.append("if ");
      expr(i.condition(), GenExpr.OR);
      op("then");
      expr(i.then(), GenExpr.OR);
      op("else");
      expr(i.otherwise(), GenExpr.IF);
    } else if (e instanceof Match m) {
      out.append("match { ");
      for (int k = 0; k < m.conditions().size(); k++) {
        expr(m.conditions().get(k), GenExpr.IF);
        op("=>");
        expr(m.values().get(k), GenExpr.IF);
        op(",");
      }
      out.append("else => ");
      expr(m.otherwise(), GenExpr.IF);
      out.append(" }");
    } else if (e instanceof Call c) {
      out.append(c.function()).append('(');
      arguments(c.args());
      out.append(')');
    } else if (e instanceof DaysBetween d) {
      out.append("days_between(");
      arguments(List.of(d.from(), d.to()));
      out.append(')');
    } else if (e instanceof Tiered t) {
      out.append("tiered(");
      expr(t.value(), GenExpr.IF);
      op(",");
      out.append('[');
      for (int k = 0; k < t.bounds().size(); k++) {
        if (k > 0) {
          op(",");
        }
        out.append(t.bounds().get(k).text()).append(": ");
        expr(t.rates().get(k), GenExpr.IF);
      }
      out.append(']');
      if (t.from() != null) {
        op(",");
        out.append("from ");
        expr(t.from(), GenExpr.IF);
      }
      out.append(')');
    } else if (e instanceof SumItems s) {
      out.append("sum(");
      expr(s.body(), GenExpr.IF);
      out.append(" for ").append(s.variable()).append(" in claim.items");
      where(s.where());
      out.append(')');
    } else if (e instanceof CountItems c) {
      out.append("count(").append(c.variable()).append(" in claim.items");
      where(c.where());
      out.append(')');
    } else {
      throw new IllegalArgumentException("unknown node " + e);
    }
  }

  private void arguments(List<GenExpr> args) {
    for (int k = 0; k < args.size(); k++) {
      if (k > 0) {
        op(",");
      }
      expr(args.get(k), GenExpr.IF);
    }
  }

  private void where(GenExpr condition) {
    if (condition != null) {
      out.append(" where ");
      expr(condition, GenExpr.IF);
    }
  }

  static String enumSet(List<? extends Enum<?>> members) {
    StringBuilder sb = new StringBuilder("{");
    for (int k = 0; k < members.size(); k++) {
      sb.append(k > 0 ? ", " : "").append(members.get(k).name());
    }
    return sb.append('}').toString();
  }

  static String codeSet(List<String> members) {
    StringBuilder sb = new StringBuilder("{");
    for (int k = 0; k < members.size(); k++) {
      sb.append(k > 0 ? ", " : "").append(quote(members.get(k)));
    }
    return sb.append('}').toString();
  }
}
