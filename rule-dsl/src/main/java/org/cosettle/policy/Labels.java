package org.cosettle.policy;

import java.util.HashMap;
import java.util.Map;
import org.cosettle.policy.Ast.Expr;

/**
 * Ownership labels (spec §1): {@code public ⊔ X = X}, {@code data_holder ⊔ insurer = joint}.
 * Only {@code joint} expressions need secure computation in handshake mode.
 */
final class Labels {
  /** Who can compute a value alone. */
  enum Label {
    PUBLIC, DATA_HOLDER, INSURER, JOINT;

    Label join(Label o) {
      if (this == o || o == PUBLIC) {
        return this;
      }
      if (this == PUBLIC) {
        return o;
      }
      return JOINT;
    }

    String display() {
      return name().toLowerCase();
    }
  }

  final Map<Integer, Label> byNode = new HashMap<>();
  final Map<String, Label> byName = new HashMap<>();
  private final Compiler c;

  Labels(Compiler c) {
    this.c = c;
  }

  Label label(Expr e) {
    Label l = compute(e);
    byNode.put(e.id(), l);
    return l;
  }

  private Label all(Label start, Expr... es) {
    Label l = start;
    for (Expr e : es) {
      if (e != null) {
        l = l.join(label(e));
      }
    }
    return l;
  }

  private Label compute(Expr e) {
    if (e instanceof Ast.Name n) {
      Label known = byName.get(n.name());
      if (known != null) {
        return known;
      }
      Compiler.Symbol s = c.symbols.get(n.name());
      if (s == null || s.kind == Compiler.Kind.PARAM) {
        return Label.PUBLIC;
      }
      return s.kind == Compiler.Kind.PRIVATE_PARAM || s.kind == Compiler.Kind.STATE ? Label.INSURER : Label.PUBLIC;
    }
    if (e instanceof Ast.Field f) {
      return f.object().equals("insured") ? Label.INSURER : Label.DATA_HOLDER;
    }
    if (e instanceof Ast.Unary u) {
      return label(u.operand());
    }
    if (e instanceof Ast.Binary b) {
      return all(Label.PUBLIC, b.left(), b.right());
    }
    if (e instanceof Ast.In in) {
      return all(Label.PUBLIC, in.value(), in.set());
    }
    if (e instanceof Ast.If i) {
      return all(Label.PUBLIC, i.condition(), i.then(), i.otherwise());
    }
    if (e instanceof Ast.Match m) {
      Label l = label(m.otherwise());
      for (Ast.Arm a : m.arms()) {
        l = l.join(label(a.condition())).join(label(a.value()));
      }
      return l;
    }
    if (e instanceof Ast.Call call) {
      return all(Label.PUBLIC, call.args().toArray(new Expr[0]));
    }
    if (e instanceof Ast.Tiered t) {
      Label l = label(t.value());
      for (Expr r : t.rates()) {
        l = l.join(label(r));
      }
      return l;
    }
    if (e instanceof Ast.Sum s) {
      return Label.DATA_HOLDER.join(all(Label.PUBLIC, s.body(), s.where()));
    }
    if (e instanceof Ast.Count cnt) {
      return Label.DATA_HOLDER.join(all(Label.PUBLIC, cnt.where()));
    }
    return Label.PUBLIC;
  }
}
