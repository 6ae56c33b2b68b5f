package org.cosettle.policy.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.cosettle.core.InsuredColumn;
import org.cosettle.policy.Position;
import org.cosettle.policy.Type;
import org.cosettle.policy.syntax.Ast;

/**
 * The insured fields a policy declares ({@code insured field plan: enum {BASIC, CARE}}): columns
 * of the insurer's insured file, owned by the insurer, read as {@code insured.plan}. A field is
 * money, ratio, int, bool, date, an enum of its own upper-case values, or a set of codes with a
 * public size bound ({@code codes size 8}), tested only as {@code claim.diagnosis in
 * insured.exclusions}, or an id ({@code insured field family: id}), read only as the key of a
 * shared state ({@code state family_deductible: money by insured.family}).
 */
public final class InsuredFields {
  /** The most values an enum field may declare (its ordinals are bits of a 64-bit mask). */
  public static final int MAX_ENUM_VALUES = 63;
  /** The largest size bound of a code set field (each bound costs equality tests per claim in handshake mode). */
  public static final int MAX_CODES = 64;
  private static final List<String> SCALAR = List.of("money", "ratio", "int", "bool", "date");

  private InsuredFields() {}

  /**
   * A declared insured field: its name, its type ({@link Type#ENUM} with {@code values}, {@link
   * Type#SET_CODE} with the size bound {@code size}, or a scalar type) and its place in the
   * insured record.
   */
  public record Declared(String name, Type type, List<String> values, int size, int index) {
    public Declared {
      values = List.copyOf(values);
    }

    /** The insured file column holding it. */
    public InsuredColumn column() {
      switch (type) {
        case MONEY: return InsuredColumn.of(name, InsuredColumn.Kind.MONEY);
        case RATIO: return InsuredColumn.of(name, InsuredColumn.Kind.RATIO);
        case INT: return InsuredColumn.of(name, InsuredColumn.Kind.INT);
        case BOOL: return InsuredColumn.of(name, InsuredColumn.Kind.BOOL);
        case DATE: return InsuredColumn.of(name, InsuredColumn.Kind.DATE);
        case ENUM: return InsuredColumn.ofEnum(name, values);
        case ID: return InsuredColumn.ofId(name);
        default: return InsuredColumn.ofCodes(name, size);
      }
    }
  }

  /** The key of field {@code name} among the symbols (a key no declared name can clash with). */
  static String key(String name) {
    return "insured." + name;
  }

  /**
   * Checks {@code d} and puts its symbol (and its enum values') into {@code symbols}; null (with
   * errors) when it does not check. {@code declare} declares a name at a place, or reports why not.
   */
  static Declared declare(Ast.InsuredField d, int index, Map<String, Symbol> symbols, Findings found,
      BiPredicate<String, Position> declare) {
    if (d.name().equals("preexisting") || d.name().equals("policy_start") || d.name().equals("insured_id")) {
      found.error(d.namePos(), "insured." + d.name() + " is built in and cannot be declared");
      return null;
    }
    if (symbols.containsKey(key(d.name()))) {
      found.error(d.namePos(), "insured field '" + d.name() + "' is already declared");
      return null;
    }
    String t = d.type().name();
    Declared declared;
    if (SCALAR.contains(t)) {
      Type type = t.equals("money") ? Type.MONEY : t.equals("ratio") ? Type.RATIO : t.equals("int") ? Type.INT
          : t.equals("bool") ? Type.BOOL : Type.DATE;
      declared = new Declared(d.name(), type, List.of(), 0, index);
    } else if (t.equals("enum")) {
      List<String> values = new ArrayList<>();
      boolean ok = true;
      for (Ast.EnumValue v : d.values()) {
        if (!v.name().matches("[A-Z][A-Z0-9_]*")) {
          found.error(v.pos(), "an enum value is an upper-case name such as BASIC, found '" + v.name() + "'");
          ok = false;
        } else if (values.contains(v.name())) {
          found.error(v.pos(), "the value " + v.name() + " is listed twice");
          ok = false;
        } else if (!declare.test(v.name(), v.pos())) {
          ok = false;
        } else {
          values.add(v.name());
        }
      }
      if (values.size() > MAX_ENUM_VALUES) {
        found.error(d.type().pos(), "an enum field has at most " + MAX_ENUM_VALUES + " values, found " + values.size());
        ok = false;
      }
      if (!ok) {
        return null;
      }
      declared = new Declared(d.name(), Type.ENUM, values, 0, index);
      for (int i = 0; i < values.size(); i++) {
        symbols.put(values.get(i), new Symbol(Symbol.Kind.ENUM_VALUE, values.get(i), Type.ENUM, index, i, List.of(), 0));
      }
    } else if (t.equals("codes")) {
      if (d.size() < 1 || d.size() > MAX_CODES) {
        found.error(d.sizePos(), "a code set field's size bound is 1.." + MAX_CODES + ", found " + d.size());
        return null;
      }
      declared = new Declared(d.name(), Type.SET_CODE, List.of(), (int) d.size(), index);
    } else if (t.equals("id")) {
      declared = new Declared(d.name(), Type.ID, List.of(), 0, index);
    } else {
      found.error(d.type().pos(), "unknown type '" + t + "' for an insured field (money, ratio, int, bool, date, "
          + "enum {...}, codes size N or id)" + Suggestions.suggest(t, List.of("money", "ratio", "int", "bool",
          "date", "enum", "codes", "id")));
      return null;
    }
    symbols.put(key(d.name()), new Symbol(Symbol.Kind.INSURED_FIELD, key(d.name()), declared.type(), index,
        declared.size(), declared.values(), 0));
    return declared;
  }

  /** The names of the declared insured fields visible in {@code scope}, for "did you mean". */
  static List<String> names(Scope scope) {
    List<String> names = new ArrayList<>(List.of("preexisting", "policy_start"));
    for (Symbol s : scope.symbols().values()) {
      if (s.kind() == Symbol.Kind.INSURED_FIELD) {
        names.add(s.name().substring("insured.".length()));
      }
    }
    return names;
  }

  /**
   * The enum field an expression of type enum directly names: {@code insured.plan}, one of its
   * values, or a let holding one of these; else null.
   */
  static Symbol enumFieldOf(Ast.Expr e, Scope scope) {
    if (e instanceof Ast.Field fd && fd.object().equals("insured")) {
      Symbol s = scope.symbol(key(fd.field()));
      return s != null && s.type() == Type.ENUM ? s : null;
    }
    if (e instanceof Ast.Name n) {
      Symbol v = scope.symbol(n.name());
      if (v != null && (v.kind() == Symbol.Kind.ENUM_VALUE || v.isEnumLet())) {
        int index = v.kind() == Symbol.Kind.ENUM_VALUE ? v.index() : (int) v.constant();
        for (Symbol s : scope.symbols().values()) {
          if (s.kind() == Symbol.Kind.INSURED_FIELD && s.index() == index) {
            return s;
          }
        }
      }
    }
    return null;
  }

  /**
   * {@code a == b} or {@code a != b} ({@code equality}) of enum operands: bool when both are the
   * same insured field's (the field itself or one of its values on each side), else null with an
   * error; order comparisons of enums are errors.
   */
  static Type compareEnums(Findings found, Ast.Binary b, boolean equality, Scope scope) {
    if (!equality) {
      found.error(b.pos(), "cannot compare enum with '" + b.op() + "'");
      return null;
    }
    Symbol fa = enumFieldOf(b.left(), scope);
    Symbol fb = enumFieldOf(b.right(), scope);
    if (fa == null || fb == null) {
      found.error((fa == null ? b.left() : b.right()).pos(),
          "compare an enum field directly with its values, as in insured.plan == CARE");
      return null;
    }
    if (fa.index() != fb.index()) {
      found.error(b.pos(), "cannot compare values of " + fa.name() + " with values of " + fb.name());
      return null;
    }
    return Type.BOOL;
  }

  /** {@code insured.plan in {BASIC, CARE}}: bool, the field's values as a mask of ordinals; null with an error. */
  static Type enumMembership(Findings found, Ast.In in, Scope scope) {
    Symbol field = enumFieldOf(in.value(), scope);
    if (field == null) {
      found.error(in.value().pos(), "test an enum field directly, as in insured.plan in {BASIC, CARE}");
      return null;
    }
    if (!(in.set() instanceof Ast.SetLit lit)) {
      found.error(in.set().pos(), "expected the values of " + field.name() + " in braces, as {"
          + field.codes().get(0) + "}");
      return null;
    }
    long mask = 0;
    boolean ok = true;
    for (Ast.Expr e : lit.elements()) {
      int ordinal = e instanceof Ast.Name n ? field.codes().indexOf(n.name()) : -1;
      if (ordinal < 0) {
        found.error(e.pos(), "expected a value of " + field.name() + " (" + String.join(", ", field.codes()) + ")"
            + (e instanceof Ast.Name n ? Suggestions.suggest(n.name(), field.codes()) : ""));
        ok = false;
      } else {
        mask |= 1L << ordinal;
      }
    }
    if (!ok) {
      return null;
    }
    found.enumTest(in, mask);
    return Type.BOOL;
  }

  /** {@code claim.diagnosis in insured.exclusions}: bool when {@code fd} is a code set field; null with an error. */
  static Type codeMembership(Findings found, Ast.In in, Ast.Field fd, InputField code, Scope scope) {
    Symbol field = scope.symbol(key(fd.field()));
    if (field == null || field.type() != Type.SET_CODE) {
      if (field == null || field.type() != null) {
        found.error(fd.pos(), field == null ? "unknown code set field insured." + fd.field()
            + Suggestions.suggest(fd.field(), names(scope)) : "insured." + fd.field() + " is " + field.type()
            + ", not a set of codes");
      }
      return null;
    }
    found.input(in, code);
    found.insuredRead(in, field);
    return Type.BOOL;
  }
}
