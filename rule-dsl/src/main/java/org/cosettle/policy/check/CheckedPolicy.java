package org.cosettle.policy.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cosettle.core.InsuredColumn;
import org.cosettle.core.Party;
import org.cosettle.policy.Diagnostic;
import org.cosettle.policy.Position;
import org.cosettle.policy.Type;
import org.cosettle.policy.syntax.Ast.Expr;
import org.cosettle.policy.syntax.Ast;

/**
 * A policy as the checker left it: every name resolved and every expression typed, what it
 * learnt in side tables keyed by AST node id, the declarations lowering turns into the IR, and
 * every error as a {@link Diagnostic}. Immutable. Lowering ({@code org.cosettle.policy.ir.Lowering})
 * reads it and decides nothing about types or names again.
 */
public final class CheckedPolicy {
  /** A declaration as lowering needs it, in policy order. */
  public sealed interface Declaration permits Constant, Binding, StateUpdate, Aggregate, Unbound {
    /** The expressions to lower, in the order the checker typed them. */
    List<Expr> expressions();
  }

  /**
   * A public param's value: lowered where it is declared, so that the program's constants come
   * in declaration order (its uses are the same constant).
   */
  public record Constant(Expr value) implements Declaration {
    @Override
    public List<Expr> expressions() {
      return List.of(value);
    }
  }

  /**
   * A {@code let} or an {@code output} ({@code kind}) that checked; {@code recipients} is empty
   * for a let.
   */
  public record Binding(String kind, String name, Expr value, Type type, Set<Party> recipients, int line)
      implements Declaration {
    public Binding {
      recipients = recipients.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(recipients));
    }

    @Override
    public List<Expr> expressions() {
      return List.of(value);
    }
  }

  /**
   * The {@code update} of state number {@code stateIndex}; for a state kept per item code, {@code
   * value} is per line item and {@code where} (null: every item) picks the items that update it.
   */
  public record StateUpdate(String state, int stateIndex, Expr value, int line, Expr where) implements Declaration {
    public StateUpdate(String state, int stateIndex, Expr value, int line) {
      this(state, stateIndex, value, line, null);
    }

    @Override
    public List<Expr> expressions() {
      return where == null ? List.of(value) : List.of(value, where);
    }
  }

  /** How an aggregate splits the claims into groups (as {@code Ir.KeyKind}). */
  public enum Grouping { NONE, BOOL, ENUM, HOSPITAL, BAND }

  /**
   * An {@code aggregate} that checked: its value type ({@code int} for {@code count()}), its
   * grouping with the group labels ({@code false, true}, the enum's names, the bands; empty for
   * none and for hospitals, whose groups the batch gives), the band bounds (null unless banded),
   * the minimum cohort and the recipients.
   */
  public record Aggregate(Ast.Aggregate decl, Type valueType, Grouping grouping, List<String> groups,
      long[] bandBounds, int cohort, Set<Party> recipients) implements Declaration {
    public Aggregate {
      groups = List.copyOf(groups);
      bandBounds = bandBounds == null ? null : bandBounds.clone();
      recipients = Collections.unmodifiableSet(EnumSet.copyOf(recipients));
    }

    /** The bounds of a banded key (a copy), or null. */
    @Override
    public long[] bandBounds() {
      return bandBounds == null ? null : bandBounds.clone();
    }

    /** The key, for a grouping computed per claim (bool, enum, band); else null. */
    public Expr key() {
      return grouping == Grouping.BOOL || grouping == Grouping.ENUM || grouping == Grouping.BAND ? decl.by().key() : null;
    }

    @Override
    public List<Expr> expressions() {
      List<Expr> all = new ArrayList<>();
      for (Expr e : new Expr[] {decl.sum(), decl.where(), key()}) {
        if (e != null) {
          all.add(e);
        }
      }
      return all;
    }
  }

  /**
   * What typed in a declaration that did not check (a name declared twice, an unknown
   * recipient, an operand of the wrong type): the largest expressions that typed, in the order
   * typed, lowered for nothing but their range check, so that one run reports every error
   * (spec §9).
   */
  public record Unbound(List<Expr> expressions) implements Declaration {
    public Unbound {
      expressions = List.copyOf(expressions);
    }
  }

  /**
   * A private table or a private code set, by table number: the insurer's values per code,
   * supplied at run time (spec §8) like a private param's. A table's values are of {@code
   * valueType} (money, ratio, int or bool), at most {@code size} of them (a public bound), and
   * {@code defaultValue} stands for a code absent from it. A code set ({@code codeSet}) has
   * value type bool, no size bound ({@code size} 0) and default false. {@code universe} names the
   * public code list ({@code public codes}) a table is indexed by (its {@code size} 0 until the
   * list is read), null for none.
   */
  public record PrivateTable(String name, Type valueType, boolean codeSet, long size, long defaultValue, int index,
      String universe) {
    /** A table with a size bound or a code set: no public code list. */
    public PrivateTable(String name, Type valueType, boolean codeSet, long size, long defaultValue, int index) {
      this(name, valueType, codeSet, size, defaultValue, index, null);
    }
  }

  /** The side tables, keyed by AST node id. */
  record Tables(Map<Integer, Type> types, Map<Integer, Long> constants, Map<Integer, Symbol> references,
      Map<Integer, InputField> inputs, Map<Integer, List<String>> codeSets, Map<Integer, Long> enumMasks,
      Map<Integer, Expr> typedFirst, Map<Integer, Symbol> privateLookups, Map<Integer, Symbol> insuredReads,
      List<String> fieldsRead) {}

  private final String name;
  private final long version;
  private final List<Declaration> declarations;
  private final Map<String, Symbol> symbols;
  private final List<String> stateNames;
  private final List<Type> stateTypes;
  private final List<Integer> stateKeys;
  /** The key of a state kept per insured person and line item code ({@code state drug_paid: money by item.code}). */
  public static final int BY_ITEM_CODE = -2;
  private final List<InsuredFields.Declared> insuredFields;
  private final List<Symbol> privateParams;
  private final List<PrivateTable> privateTables;
  private final boolean declaresResult;
  private final Tables tables;
  private final List<Diagnostic> diagnostics;
  private final List<Integer> yearlyStates;
  private final Position yearlyAt;

  CheckedPolicy(String name, long version, List<Declaration> declarations, Map<String, Symbol> symbols,
      List<String> stateNames, List<Type> stateTypes, List<InsuredFields.Declared> insuredFields,
      List<Symbol> privateParams, List<PrivateTable> privateTables, boolean declaresResult, Tables tables,
      List<Diagnostic> diagnostics, List<Integer> yearlyStates, Position yearlyAt, List<Integer> stateKeys) {
    this.yearlyStates = List.copyOf(yearlyStates);
    this.yearlyAt = yearlyAt;
    this.name = name;
    this.stateKeys = List.copyOf(stateKeys);
    this.version = version;
    this.declarations = List.copyOf(declarations);
    this.symbols = Collections.unmodifiableMap(new LinkedHashMap<>(symbols));
    this.stateNames = List.copyOf(stateNames);
    this.stateTypes = List.copyOf(stateTypes);
    this.insuredFields = List.copyOf(insuredFields);
    this.privateParams = List.copyOf(privateParams);
    this.privateTables = List.copyOf(privateTables);
    this.declaresResult = declaresResult;
    this.tables = tables;
    this.diagnostics = List.copyOf(diagnostics);
  }

  /** The header's name (null without a header). */
  public String name() {
    return name;
  }

  public long version() {
    return version;
  }

  /** What lowering emits, in policy order. */
  public List<Declaration> declarations() {
    return declarations;
  }

  /** Every name declared, in declaration order ({@link Symbol#type()} null where its declaration failed). */
  public Map<String, Symbol> symbols() {
    return symbols;
  }

  /** The states, in declaration order (their indexes). */
  public List<String> stateNames() {
    return stateNames;
  }

  /**
   * The states declared {@code per policy_year}, by index; when there are any, the last state is
   * {@link PolicyYears#STATE}, the policy year they belong to.
   */
  public List<Integer> yearlyStates() {
    return yearlyStates;
  }

  /**
   * The state holding the policy year state {@code s} belongs to: {@link PolicyYears#STATE} (the
   * last state) for a per-person state, the family's year ({@code family_policy_year}) for a state
   * shared by a family; -1 when {@code s} is not declared {@code per policy_year}.
   */
  public int yearStateOf(int s) {
    if (!yearlyStates.contains(s)) {
      return -1;
    }
    int key = stateKeys.get(s);
    return key < 0 ? stateNames.size() - 1
        : stateNames.indexOf(InsuredColumn.familyYear(insuredFields.get(key).name()));
  }

  /** The states holding a family's policy year, one per id field sharing a {@code per policy_year} state. */
  public List<Integer> familyYearStates() {
    List<Integer> years = new ArrayList<>();
    for (int s : yearlyStates) {
      int y = yearStateOf(s);
      if (stateKeys.get(s) >= 0 && y >= 0 && !years.contains(y)) {
        years.add(y);
      }
    }
    return years;
  }

  /** The first {@code per policy_year} suffix (null without one): where the year's steps come from. */
  public Position yearlyAt() {
    return yearlyAt;
  }

  /** The states' types (money, int or bool), in declaration order. */
  public List<Type> stateTypes() {
    return stateTypes;
  }

  /**
   * Per state, in declaration order, the number of the id insured field it is shared by ({@code
   * state family_deductible: money by insured.family}), {@link #BY_ITEM_CODE} for a state kept per
   * item code, or -1 for a per-person state.
   */
  public List<Integer> stateKeys() {
    return stateKeys;
  }

  /** The insured fields the policy declares, in declaration order (their indexes). */
  public List<InsuredFields.Declared> insuredFields() {
    return insuredFields;
  }

  /**
   * The declared insured field a field read ({@code insured.plan}) or a code test against a code
   * set field ({@code claim.diagnosis in insured.exclusions}) reads; null for any other expression.
   */
  public Symbol insuredRead(Expr e) {
    return tables.insuredReads().get(e.id());
  }

  /** The private params, in slot order. */
  public List<Symbol> privateParams() {
    return privateParams;
  }

  /** The private tables and private code sets, in table-number order. */
  public List<PrivateTable> privateTables() {
    return privateTables;
  }

  /** Whether some output or aggregate checked (a policy must declare one; spec §5). */
  public boolean declaresResult() {
    return declaresResult;
  }

  /** Input fields read, in first-use order: {@code claim.x}, {@code patient.x}, {@code item.x}, {@code insured.x}. */
  public List<String> fieldsRead() {
    return tables.fieldsRead();
  }

  /** Every error the checker found, in the order found. */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /** The type of an expression that checked. */
  public Type type(Expr e) {
    return require(tables.types(), e, "type");
  }

  /**
   * The value, in the units of its type, of a literal-only expression, a bool or date literal or
   * an enum name ({@code INPATIENT}).
   */
  public long constant(Expr e) {
    return require(tables.constants(), e, "constant");
  }

  /** What a name refers to; null for an enum name, which is a {@link #constant}. */
  public Symbol symbol(Ast.Name n) {
    return tables.references().get(n.id());
  }

  /** The input field a field read, a code test ({@code in}) or {@code count(...)} without a filter reads. */
  public InputField input(Expr e) {
    return require(tables.inputs(), e, "input field");
  }

  /** The codes an {@code in} tests a code against, or null when it tests an enum. */
  public List<String> codes(Ast.In in) {
    return tables.codeSets().get(in.id());
  }

  /**
   * The private table a {@link Ast.Lookup} reads, or the private code set an {@code in} tests a
   * code against; null for any other expression.
   */
  public Symbol privateLookup(Expr e) {
    return tables.privateLookups().get(e.id());
  }

  /** The bit mask of the set an {@code in} tests an enum against. */
  public long enumMask(Ast.In in) {
    return require(tables.enumMasks(), in, "enum set");
  }

  /**
   * For a {@code match}, {@code min}, {@code max} or {@code clamp} whose type came from one of its
   * values rather than its context, that value (typed before the others); else null.
   */
  public Expr typedFirst(Expr node) {
    return tables.typedFirst().get(node.id());
  }

  private static <V> V require(Map<Integer, V> table, Expr e, String what) {
    V v = table.get(e.id());
    if (v == null) {
      throw new IllegalStateException("no " + what + " for node " + e.id() + " (" + e + "): it did not check");
    }
    return v;
  }
}
