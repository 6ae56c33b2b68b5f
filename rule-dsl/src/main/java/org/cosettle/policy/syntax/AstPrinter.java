package org.cosettle.policy.syntax;

import java.time.LocalDate;
import java.util.List;
import org.cosettle.policy.syntax.Ast.Expr;

/** Prints an expression back as CPL, on one line, with only the parentheses precedence needs. */
public final class AstPrinter {
  private AstPrinter() {}

  public static String print(Expr e) {
    StringBuilder sb = new StringBuilder();
    print(e, 0, sb);
    return sb.toString();
  }

  /** Binding strength, loosest first (spec §4): if, or, and, not, comparison, +/-, * /, unary -. */
  private static int precedence(Expr e) {
    if (e instanceof Ast.If) {
      return 0;
    }
    if (e instanceof Ast.Binary b) {
      switch (b.op()) {
        case "or": return 1;
        case "and": return 2;
        case "+": case "-": return 5;
        case "*": case "/": return 6;
        default: return 4;
      }
    }
    if (e instanceof Ast.Unary u) {
      return u.op().equals("not") ? 3 : 7;
    }
    if (e instanceof Ast.In) {
      return 4;
    }
    return 8;
  }

  private static void print(Expr e, int context, StringBuilder sb) {
    boolean parens = precedence(e) < context;
    if (parens) {
      sb.append('(');
    }
    if (e instanceof Ast.Num n) {
      sb.append(n.text());
    } else if (e instanceof Ast.BoolLit b) {
      sb.append(b.value());
    } else if (e instanceof Ast.DateLit d) {
      sb.append(LocalDate.ofEpochDay(d.days()));
    } else if (e instanceof Ast.StrLit s) {
      sb.append('"').append(s.value().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    } else if (e instanceof Ast.Name n) {
      sb.append(n.name());
    } else if (e instanceof Ast.Lookup l) {
      sb.append(l.table()).append('[');
      print(l.key(), 0, sb);
      sb.append(']');
    } else if (e instanceof Ast.Field f) {
      sb.append(f.object()).append('.').append(f.field());
    } else if (e instanceof Ast.Unary u) {
      sb.append(u.op().equals("not") ? "not " : "-");
      print(u.operand(), precedence(u), sb);
    } else if (e instanceof Ast.Binary b) {
      int p = precedence(b);
      // left-associative: the right operand binds one level tighter; comparisons do not chain
      print(b.left(), p == 4 ? p + 1 : p, sb);
      sb.append(' ').append(b.op()).append(' ');
      print(b.right(), p + 1, sb);
    } else if (e instanceof Ast.In in) {
      print(in.value(), 5, sb);
      sb.append(" in ");
      print(in.set(), 8, sb);
    } else if (e instanceof Ast.SetLit s) {
      sb.append('{');
      list(s.elements(), sb);
      sb.append('}');
    } else if (e instanceof Ast.If i) {
      sb.append("if ");
      print(i.condition(), 0, sb);
      sb.append(" then ");
      print(i.then(), 0, sb);
      sb.append(" else ");
      print(i.otherwise(), 0, sb);
    } else if (e instanceof Ast.Match m) {
      sb.append("match { ");
      for (Ast.Arm a : m.arms()) {
        print(a.condition(), 0, sb);
        sb.append(" => ");
        print(a.value(), 0, sb);
        sb.append(", ");
      }
      sb.append("else => ");
      print(m.otherwise(), 0, sb);
      sb.append(" }");
    } else if (e instanceof Ast.Call c) {
      sb.append(c.function()).append('(');
      list(c.args(), sb);
      sb.append(')');
    } else if (e instanceof Ast.Tiered t) {
      sb.append("tiered(");
      print(t.value(), 0, sb);
      sb.append(", [");
      for (int i = 0; i < t.bounds().size(); i++) {
        sb.append(i > 0 ? ", " : "");
        print(t.bounds().get(i), 0, sb);
        sb.append(": ");
        print(t.rates().get(i), 0, sb);
      }
      sb.append("]");
      if (t.from() != null) {
        sb.append(", from ");
        print(t.from(), 0, sb);
      }
      sb.append(")");
    } else if (e instanceof Ast.Sum s) {
      sb.append("sum(");
      print(s.body(), 0, sb);
      sb.append(" for ").append(s.variable()).append(" in claim.items");
      where(s.where(), sb);
      sb.append(')');
    } else if (e instanceof Ast.Count c) {
      sb.append("count(").append(c.variable()).append(" in claim.items");
      where(c.where(), sb);
      sb.append(')');
    }
    if (parens) {
      sb.append(')');
    }
  }

  private static void where(Expr where, StringBuilder sb) {
    if (where != null) {
      sb.append(" where ");
      print(where, 0, sb);
    }
  }

  private static void list(List<Expr> es, StringBuilder sb) {
    for (int i = 0; i < es.size(); i++) {
      sb.append(i > 0 ? ", " : "");
      print(es.get(i), 0, sb);
    }
  }
}
