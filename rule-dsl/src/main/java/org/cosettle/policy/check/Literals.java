package org.cosettle.policy.check;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.cosettle.core.FeeCategory;
import org.cosettle.core.SettlementRoute;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.Position;
import org.cosettle.policy.Type;
import org.cosettle.policy.syntax.Ast.Expr;
import org.cosettle.policy.syntax.Ast;

/**
 * The shape rules of literals (spec §3): which expressions are literal-only, which take their
 * context's type, their exact values, and the built-in enum names. Pure functions of the syntax
 * tree; lowering uses {@link #takesContextType} too, to emit operands in the order they were typed.
 */
public final class Literals {
  private Literals() {}

  /** An enum literal such as {@code INPATIENT}: its type and ordinal. */
  record EnumValue(Type type, int ordinal) {}

  /** Whether {@code e} is numbers only: {@code 20000}, {@code -5}, {@code 1 / 3}, {@code 10% * 2}. */
  public static boolean isLiteral(Expr e) {
    if (e instanceof Ast.Num) {
      return true;
    }
    if (e instanceof Ast.Unary u) {
      return u.op().equals("-") && isLiteral(u.operand());
    }
    if (e instanceof Ast.Binary b) {
      return "+-*/".contains(b.op()) && b.op().length() == 1 && isLiteral(b.left()) && isLiteral(b.right());
    }
    return false;
  }

  /**
   * Whether {@code e} has no type of its own and takes its context's, like a literal: a
   * literal, or {@code -}, {@code +}, {@code -}, {@code min}, {@code max}, {@code clamp}, an
   * {@code if} or a {@code match} whose values are all such expressions ({@code min(0, 5)}).
   */
  public static boolean takesContextType(Expr e) {
    if (isLiteral(e)) {
      return true;
    }
    return !contextValues(e).isEmpty() && contextValues(e).stream().allMatch(Literals::takesContextType);
  }

  /** The sub-expressions whose type is the type of {@code e}, for the forms that pass it through. */
  private static List<Expr> contextValues(Expr e) {
    if (e instanceof Ast.Unary u && u.op().equals("-")) {
      return List.of(u.operand());
    }
    if (e instanceof Ast.Binary b && (b.op().equals("+") || b.op().equals("-"))) {
      return List.of(b.left(), b.right());
    }
    if (e instanceof Ast.Call c && List.of("min", "max", "clamp").contains(c.function())) {
      return c.args();
    }
    if (e instanceof Ast.If i) {
      return List.of(i.then(), i.otherwise());
    }
    if (e instanceof Ast.Match m) {
      List<Expr> values = new ArrayList<>();
      m.arms().forEach(a -> values.add(a.value()));
      values.add(m.otherwise());
      return values;
    }
    return List.of();
  }

  static boolean hasPercent(Expr e) {
    if (e instanceof Ast.Num n) {
      return n.text().endsWith("%");
    }
    if (e instanceof Ast.Unary u) {
      return hasPercent(u.operand());
    }
    if (e instanceof Ast.Binary b) {
      return hasPercent(b.left()) || hasPercent(b.right());
    }
    return contextValues(e).stream().anyMatch(Literals::hasPercent);
  }

  static boolean allWhole(Expr e) {
    if (e instanceof Ast.Num n) {
      return !n.text().contains(".") && !n.text().endsWith("%");
    }
    if (e instanceof Ast.Unary u) {
      return allWhole(u.operand());
    }
    if (e instanceof Ast.Binary b) {
      // a quotient of whole numbers is whole only when it divides exactly: 10 / 5 is int,
      // 1 / 2 is the ratio 0.5 (as the single literal 0.5 would be)
      return allWhole(b.left()) && allWhole(b.right()) && (!b.op().equals("/") || dividesExactly(b));
    }
    List<Expr> values = contextValues(e);
    return !values.isEmpty() && values.stream().allMatch(Literals::allWhole);
  }

  private static boolean dividesExactly(Ast.Binary b) {
    // errors (division by zero, no exact quotient) are reported where the value is used
    BigDecimal q = value(b, (at, message) -> { });
    return q != null && q.stripTrailingZeros().scale() <= 0;
  }

  /** The exact value of a literal-only expression, or null after telling {@code error} why it has none. */
  static BigDecimal value(Expr e, BiConsumer<Position, String> error) {
    if (e instanceof Ast.Num n) {
      String t = n.text();
      if (t.endsWith("%")) {
        return new BigDecimal(t.substring(0, t.length() - 1)).movePointLeft(2);
      }
      return new BigDecimal(t);
    }
    if (e instanceof Ast.Unary u) {
      BigDecimal v = value(u.operand(), error);
      return v == null ? null : v.negate();
    }
    Ast.Binary b = (Ast.Binary) e;
    BigDecimal l = value(b.left(), error);
    BigDecimal r = value(b.right(), error);
    if (l == null || r == null) {
      return null;
    }
    switch (b.op()) {
      case "+": return l.add(r);
      case "-": return l.subtract(r);
      case "*": return l.multiply(r);
      default:
        if (r.signum() == 0) {
          error.accept(b.pos(), "division by zero");
          return null;
        }
        try {
          return l.divide(r);
        } catch (ArithmeticException ex) {
          error.accept(b.pos(), "the quotient of these literals has no exact decimal value");
          return null;
        }
    }
  }

  /** The built-in enum value named {@code name} ({@code INPATIENT}, {@code BED}, {@code MALE}), or null. */
  static EnumValue enumLiteral(String name) {
    FeeCategory c = enumValue(FeeCategory.class, name);
    if (c != null) {
      return new EnumValue(Type.CATEGORY, c.ordinal());
    }
    VisitType vt = enumValue(VisitType.class, name);
    if (vt != null) {
      return new EnumValue(Type.VISIT_TYPE, vt.ordinal());
    }
    Sex sx = enumValue(Sex.class, name);
    if (sx != null) {
      return new EnumValue(Type.SEX, sx.ordinal());
    }
    SettlementRoute route = enumValue(SettlementRoute.class, name);
    if (route != null) {
      return new EnumValue(Type.SETTLEMENT_ROUTE, route.ordinal());
    }
    return null;
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String name) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }

  static boolean isEnumName(String name) {
    return enumLiteral(name) != null;
  }

  /** The declared names of {@code scope} and the names of every built-in enum value: what a bare name may be. */
  static List<String> withEnumNames(Scope scope) {
    List<String> names = new ArrayList<>(scope.symbols().keySet());
    for (Type t : new Type[] {Type.CATEGORY, Type.VISIT_TYPE, Type.SEX, Type.SETTLEMENT_ROUTE}) {
      names.addAll(enumNames(t));
    }
    return names;
  }

  /** The names of the values of an enum type, in ordinal order. */
  static List<String> enumNames(Type type) {
    Enum<?>[] values = type == Type.CATEGORY ? FeeCategory.values() : type == Type.VISIT_TYPE ? VisitType.values()
        : type == Type.SETTLEMENT_ROUTE ? SettlementRoute.values() : Sex.values();
    List<String> names = new ArrayList<>();
    for (Enum<?> v : values) {
      names.add(v.name());
    }
    return names;
  }
}
