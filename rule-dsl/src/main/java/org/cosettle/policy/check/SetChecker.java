package org.cosettle.policy.check;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.policy.Type;
import org.cosettle.policy.syntax.Ast.Expr;
import org.cosettle.policy.syntax.Ast;

/**
 * The rules of sets (spec §3): a code set holds strings ({@code "C34.9"}, prefixes {@code "C*"}),
 * an enum set the names of one enum; either is written out or named by a set param. A set only
 * stands after {@code in} or as a set param's value.
 */
final class SetChecker {
  private final Findings found;

  SetChecker(Findings found) {
    this.found = found;
  }

  /** The set param named {@code n} of type {@code setType}, or null (with an error unless its declaration failed). */
  private Symbol setParam(Ast.Name n, Type setType, Scope scope) {
    Symbol s = scope.symbol(n.name());
    if (s == null) {
      found.error(n.pos(), "unknown name '" + n.name() + "'" + Suggestions.suggest(n.name(), scope.symbols().keySet()));
      return null;
    }
    if (s.type() == null) {
      return null;
    }
    if (s.type() != setType) {
      found.error(n.pos(), "expected a " + setType + ", found " + s.type());
      return null;
    }
    return s;
  }

  /** The codes of a code-set literal or set<code> param, or null (with an error). */
  List<String> codes(Expr set, Scope scope) {
    if (set instanceof Ast.Name n) {
      Symbol s = setParam(n, Type.SET_CODE, scope);
      return s == null ? null : s.codes();
    }
    Ast.SetLit lit = (Ast.SetLit) set;
    List<String> codes = new ArrayList<>();
    boolean ok = true;
    for (Expr e : lit.elements()) {
      if (e instanceof Ast.StrLit s) {
        codes.add(s.value());
      } else {
        found.error(e.pos(), "a code set holds strings such as \"C34.9\" or \"C*\"");
        ok = false;
      }
    }
    return ok ? codes : null;
  }

  /** The bit mask of an enum-set literal or set param of element type {@code type}, or null. */
  Long enumMask(Expr set, Type type, Scope scope) {
    if (set instanceof Ast.Name n) {
      Symbol s = setParam(n, type.setOf(), scope);
      return s == null ? null : s.enumMask();
    }
    long mask = 0;
    boolean ok = true;
    for (Expr e : ((Ast.SetLit) set).elements()) {
      Literals.EnumValue t = e instanceof Ast.Name n ? Literals.enumLiteral(n.name()) : null;
      if (t == null || t.type() != type) {
        found.error(e.pos(), "expected a " + type + " name in this set"
            + (e instanceof Ast.Name n ? Suggestions.suggest(n.name(), Literals.enumNames(type)) : ""));
        ok = false;
      } else {
        mask |= 1L << t.ordinal();
      }
    }
    return ok ? mask : null;
  }
}
