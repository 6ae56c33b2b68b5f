package org.cosettle.policy.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cosettle.core.InsuredColumn;
import org.cosettle.core.Party;
import org.cosettle.policy.Diagnostic;
import org.cosettle.policy.Position;
import org.cosettle.policy.Type;
import org.cosettle.policy.syntax.Ast.Decl;
import org.cosettle.policy.syntax.Ast;

/**
 * Checks a parsed policy declaration by declaration (spec §3–§5): the header, names declared once
 * and before use, declared types, params' values, states and their updates, outputs and
 * aggregates with their recipients. Every error is collected; a declaration with an error makes
 * its name known but typeless, so its uses report nothing more (no cascade).
 *
 * <pre>{@code
 * CheckedPolicy checked = Checker.check(parsed.file(), parsed.diagnostics().isEmpty());
 * }</pre>
 */
public final class Checker {
  private static final List<String> OUTPUT_TYPES = List.of("money", "ratio", "int", "bool");
  private static final Set<Type> TABLE_TYPES = Set.of(Type.MONEY, Type.RATIO, Type.INT, Type.BOOL);
  /** The largest size bound a private table may declare. */
  public static final long MAX_TABLE_SIZE = 1_000_000;

  private final Findings found = new Findings();
  private final SetChecker sets = new SetChecker(found);
  private final ExpressionChecker exprs = new ExpressionChecker(found, sets);
  private final AggregateChecker aggregates = new AggregateChecker(exprs, found);
  private final boolean parsedCleanly;
  /** The names declared so far, in order; each declaration sees a copy ({@link Scope}). */
  private final Map<String, Symbol> symbols = new LinkedHashMap<>();
  private final Set<String> aggregateNames = new HashSet<>();
  private final List<String> states = new ArrayList<>();
  private final List<Type> stateTypes = new ArrayList<>();
  /** Per state, the number of the id insured field it is shared by, or -1 (per insured person). */
  private final List<Integer> stateKeys = new ArrayList<>();
  private final List<InsuredFields.Declared> insuredFields = new ArrayList<>();
  private final Map<String, Integer> stateIndex = new HashMap<>();
  private final Set<String> updated = new HashSet<>();
  /** The states declared {@code per policy_year}, by index; the first one's suffix. */
  private final List<Integer> yearly = new ArrayList<>();
  private Position firstYearly;
  private final List<Symbol> privates = new ArrayList<>();
  private final List<CheckedPolicy.PrivateTable> tables = new ArrayList<>();
  /** The names of the public code lists declared so far. */
  private final Set<String> codeLists = new HashSet<>();
  private final List<CheckedPolicy.Declaration> declarations = new ArrayList<>();
  private String name;
  private long version;
  private boolean declaresResult;

  private Checker(boolean parsedCleanly) {
    this.parsedCleanly = parsedCleanly;
  }

  /**
   * Checks {@code file}. {@code parsedCleanly}: the parser reported nothing, so a missing or
   * misplaced header is an error of its own rather than the echo of a syntax error.
   */
  public static CheckedPolicy check(Ast.PolicyFile file, boolean parsedCleanly) {
    return new Checker(parsedCleanly).run(file);
  }

  /**
   * The error of a policy with no output and no aggregate, reported by the pipeline only when
   * nothing else is wrong (its outputs may be among the declarations that failed).
   */
  public static Diagnostic noResult() {
    return new Diagnostic(new Position(1, 1), "a policy declares at least one output or aggregate");
  }

  private CheckedPolicy run(Ast.PolicyFile file) {
    boolean headerSeen = false;
    boolean first = true;
    for (Decl d : file.decls()) {
      if (d instanceof Ast.Header h) {
        if (headerSeen) {
          found.error(h.pos(), "the policy header may appear only once");
        } else if (!first) {
          found.error(h.pos(), "the policy header must be the first declaration");
        }
        headerSeen = true;
        name = h.name();
        version = h.version();
        first = false;
        continue;
      }
      if (first && parsedCleanly) {
        found.error(d.pos(), "a policy starts with its header: policy \"NAME\" version N");
      }
      first = false;
      found.takeTyped();
      Scope scope = Scope.of(symbols);
      if (d instanceof Ast.Param p) {
        param(p, scope);
      } else if (d instanceof Ast.Table t) {
        table(t, scope);
      } else if (d instanceof Ast.CodeList c) {
        codeList(c);
      } else if (d instanceof Ast.InsuredField f) {
        InsuredFields.Declared declared = InsuredFields.declare(f, insuredFields.size(), symbols, found, this::declareName);
        if (declared != null) {
          insuredFields.add(declared);
        }
      } else if (d instanceof Ast.State st) {
        state(st);
      } else if (d instanceof Ast.Let l) {
        let(l, scope);
      } else if (d instanceof Ast.Output o) {
        output(o, scope);
      } else if (d instanceof Ast.Update u) {
        update(u, scope);
      } else if (d instanceof Ast.ItemUpdate u) {
        itemUpdate(u, scope);
      } else if (d instanceof Ast.Aggregate a) {
        aggregate(a, scope);
      } else if (d instanceof Ast.Unparsed u && declareName(u.name(), u.namePos())) {
        symbols.put(u.name(), Symbol.failed(u.name()));
      }
    }
    if (!headerSeen && parsedCleanly) {
      found.error(new Position(1, 1), "missing header: a policy starts with policy \"NAME\" version N");
    }
    if (!yearly.isEmpty()) {
      familyYears();
      if (symbols.containsKey(PolicyYears.STATE)) {
        found.error(firstYearly, "a policy with per policy_year states keeps their year in the state "
            + PolicyYears.STATE + ": rename the declaration named " + PolicyYears.STATE);
      } else {
        states.add(PolicyYears.STATE);
        stateTypes.add(Type.INT);
        stateKeys.add(-1);
        // the claim's policy year compares its admission date with the policy's start
        found.fieldRead(InputField.CLAIM_ADMISSION_DATE.displayName());
        found.fieldRead(InputField.INSURED_POLICY_START.displayName());
      }
    }
    return new CheckedPolicy(name, version, declarations, symbols, states, stateTypes, insuredFields, privates, tables,
        declaresResult, found.tables(), found.diagnostics(), yearly, firstYearly, stateKeys);
  }

  private void param(Ast.Param p, Scope scope) {
    Type t = declaredType(p.type());
    if (!declareName(p.name(), p.namePos()) || t == null) {
      return;
    }
    if (p.secret()) {
      if (t == Type.SET_CODE) {
        symbols.put(p.name(), Symbol.privateTable(p.name(), t, tables.size(), 0));
        tables.add(new CheckedPolicy.PrivateTable(p.name(), Type.BOOL, true, 0, 0, tables.size()));
        return;
      }
      if (t.isSet()) {
        found.error(p.type().pos(), "a private param may be money, ratio, int, bool, date or set<code>, not " + t);
        return;
      }
      Symbol s = Symbol.of(Symbol.Kind.PRIVATE_PARAM, p.name(), t, privates.size());
      symbols.put(p.name(), s);
      privates.add(s);
      return;
    }
    if (t == Type.SET_CODE) {
      if (!(p.value() instanceof Ast.SetLit)) {
        found.error(p.value().pos(), "expected a code set {\"...\", ...}");
        return;
      }
      List<String> codes = sets.codes(p.value(), scope);
      if (codes != null) {
        symbols.put(p.name(), Symbol.codeSet(p.name(), codes));
      }
    } else if (t == Type.SET_CATEGORY) {
      if (!(p.value() instanceof Ast.SetLit)) {
        found.error(p.value().pos(), "expected a category set {BED, ...}");
        return;
      }
      Long mask = sets.enumMask(p.value(), Type.CATEGORY, scope);
      if (mask != null) {
        symbols.put(p.name(), Symbol.enumSet(p.name(), t, mask));
      }
    } else {
      if (!isConstant(p.value())) {
        found.error(p.value().pos(), "a param's value must be a literal");
        return;
      }
      if (exprs.check(p.value(), t, scope) == null) {
        symbols.put(p.name(), Symbol.failed(p.name()));
        unbound(found.takeTyped());
        return;
      }
      symbols.put(p.name(), Symbol.constant(p.name(), t, found.constant(p.value())));
      declarations.add(new CheckedPolicy.Constant(p.value()));
    }
  }

  /**
   * {@code private table NAME: TYPE by code size N default VALUE}: money, ratio, int or bool
   * values per code, a public size bound, and a literal default within the type's input bounds
   * (spec §3), so the range analysis bounds a lookup as it bounds a private param.
   */
  private void table(Ast.Table d, Scope scope) {
    Type t = declaredType(d.type());
    if (!declareName(d.name(), d.namePos()) || t == null) {
      return;
    }
    boolean ok = true;
    if (!TABLE_TYPES.contains(t)) {
      found.error(d.type().pos(), "a private table holds money, ratio, int or bool values, found " + t);
      ok = false;
    }
    if (!d.keyType().equals("code")) {
      found.error(d.keyPos(), "a private table is indexed by code, found '" + d.keyType() + "'");
      ok = false;
    }
    if (d.universe() != null && !codeLists.contains(d.universe())) {
      found.error(d.universePos(), "no public code list named '" + d.universe() + "' is declared before the table"
          + " (public codes " + d.universe() + ": \"FILE.csv\" sha256 \"HEX\")");
      ok = false;
    } else if (d.universe() == null && (d.size() < 1 || d.size() > MAX_TABLE_SIZE)) {
      found.error(d.sizePos(), "a private table's size bound is 1.." + MAX_TABLE_SIZE + ", found " + d.size());
      ok = false;
    }
    Long defaultValue = null;
    if (!isConstant(d.defaultValue())) {
      found.error(d.defaultValue().pos(), "a private table's default must be a literal");
    } else if (ok && exprs.check(d.defaultValue(), t, scope) != null) {
      defaultValue = found.constant(d.defaultValue());
      long[] bound = t.inputBound();
      if (defaultValue < bound[0] || defaultValue > bound[1]) {
        found.error(d.defaultValue().pos(), "the default lies outside the bounds of a " + t + " input (spec §3)");
        defaultValue = null;
      }
    }
    found.takeTyped();
    if (!ok || defaultValue == null) {
      symbols.put(d.name(), Symbol.failed(d.name()));
      return;
    }
    symbols.put(d.name(), Symbol.privateTable(d.name(), t, tables.size(), defaultValue));
    tables.add(new CheckedPolicy.PrivateTable(d.name(), t, false, d.size(), defaultValue, tables.size(), d.universe()));
  }

  /**
   * {@code public codes NAME: "FILE" sha256 "HEX"}: a name of its own and 64 lower-case hex digits;
   * {@link org.cosettle.policy.Policies#compile} reads the file and checks the digest.
   */
  private void codeList(Ast.CodeList c) {
    if (!declareName(c.name(), c.namePos())) {
      return;
    }
    codeLists.add(c.name());
    if (c.file().isEmpty()) {
      found.error(c.filePos(), "the code list's file is empty: name its CSV file, relative to the policy file");
    }
    if (!c.sha256().matches("[0-9a-f]{64}")) {
      found.error(c.digestPos(), "the SHA-256 of a code list is 64 lower-case hex digits (sha256sum FILE), found \""
          + c.sha256() + "\"");
    }
  }

  private void state(Ast.State st) {
    Type t = declaredType(st.type());
    if (!declareName(st.name(), st.namePos()) || t == null) {
      return;
    }
    if (t != Type.MONEY && t != Type.INT && t != Type.BOOL) {
      found.error(st.type().pos(), "a state is money, int or bool, found " + t);
      return;
    }
    int key = stateKey(st, t);
    stateKeys.add(key);
    stateTypes.add(t);
    if (st.yearly()) {
      yearly.add(states.size());
      firstYearly = firstYearly == null ? st.perPolicyYear() : firstYearly;
    }
    symbols.put(st.name(), Symbol.of(key == CheckedPolicy.BY_ITEM_CODE ? Symbol.Kind.KEYED_STATE : Symbol.Kind.STATE,
        st.name(), t, states.size()));
    stateIndex.put(st.name(), states.size());
    states.add(st.name());
  }

  /**
   * For each id field that shares a {@code per policy_year} state, the int state shared by it that
   * holds the family's policy year ({@code family_policy_year}, see {@link PolicyYears}), after the
   * declared states and before the person's year.
   */
  private void familyYears() {
    Set<Integer> keys = new TreeSet<>();
    for (int s : yearly) {
      if (stateKeys.get(s) >= 0) {
        keys.add(stateKeys.get(s));
      }
    }
    for (int key : keys) {
      String year = InsuredColumn.familyYear(insuredFields.get(key).name());
      if (symbols.containsKey(year)) {
        found.error(firstYearly, "a policy with per policy_year states shared by insured." + insuredFields.get(key).name()
            + " keeps the family's year in the state " + year + ": rename the declaration named " + year);
        continue;
      }
      states.add(year);
      stateTypes.add(Type.INT);
      stateKeys.add(key);
    }
  }

  /**
   * The number of the id insured field {@code st} is shared by ({@code by insured.family}), {@link
   * CheckedPolicy#BY_ITEM_CODE} for a state kept per item code ({@code by item.code}), -1 for a
   * per-person state and (with an error, the state still declared so its uses check) when the key
   * is neither.
   */
  private int stateKey(Ast.State st, Type type) {
    Ast.Field key = st.key();
    if (key == null) {
      return -1;
    }
    if (key.object().equals("item") && key.field().equals("code")) {
      if (type != Type.MONEY && type != Type.INT) {
        found.error(st.type().pos(), "a state kept per item code is money or int, found " + type);
      }
      return CheckedPolicy.BY_ITEM_CODE;
    }
    Symbol field = key.object().equals("insured") ? symbols.get(InsuredFields.key(key.field())) : null;
    if (field == null || field.type() != Type.ID) {
      found.error(key.pos(), "a state is kept by item.code or shared by an id insured field declared before it"
          + " (insured field family: id), found " + key.object() + "." + key.field());
      return -1;
    }
    return field.index();
  }

  private void let(Ast.Let l, Scope scope) {
    Type v = exprs.check(l.value(), null, scope);
    List<Ast.Expr> typed = found.takeTyped();
    if (!declareName(l.name(), l.namePos())) {
      unbound(typed);
      return;
    }
    if (v == null) {
      symbols.put(l.name(), Symbol.failed(l.name()));
      unbound(typed);
      return;
    }
    Symbol field = v == Type.ENUM ? InsuredFields.enumFieldOf(l.value(), scope) : null;
    symbols.put(l.name(), field != null ? Symbol.enumLet(l.name(), field) : Symbol.of(Symbol.Kind.LET, l.name(), v, -1));
    declarations.add(new CheckedPolicy.Binding("let", l.name(), l.value(), v, Set.of(), l.pos().line()));
  }

  private void output(Ast.Output o, Scope scope) {
    Type v = exprs.check(o.value(), null, scope);
    List<Ast.Expr> typed = found.takeTyped();
    Set<Party> recipients = Recipients.check(found, o.parties());
    if (!declareName(o.name(), o.namePos())) {
      unbound(typed);
      return;
    }
    if (v == null || recipients == null) {
      symbols.put(o.name(), Symbol.failed(o.name()));
      unbound(typed);
      return;
    }
    if (!OUTPUT_TYPES.contains(v.toString())) {
      found.error(o.value().pos(), "an output is money, ratio, int or bool, found " + v);
      unbound(typed);
      return;
    }
    symbols.put(o.name(), Symbol.of(Symbol.Kind.OUTPUT, o.name(), v, -1));
    declarations.add(new CheckedPolicy.Binding("output", o.name(), o.value(), v, recipients, o.pos().line()));
    declaresResult = true;
  }

  private void update(Ast.Update u, Scope scope) {
    Integer si = stateIndex.get(u.name());
    Type v = exprs.check(u.value(), si == null ? Type.MONEY : stateTypes.get(si), scope);
    List<Ast.Expr> typed = found.takeTyped();
    String wrong = updateTarget(u.name(), si, false);
    if (wrong != null || v == null) {
      if (wrong != null) {
        found.error(u.namePos(), wrong);
      }
      unbound(typed);
      return;
    }
    updated.add(u.name());
    declarations.add(new CheckedPolicy.StateUpdate(u.name(), si, u.value(), u.pos().line()));
  }

  /** {@code update NAME[item.code] = VALUE for item in claim.items [where COND]}. */
  private void itemUpdate(Ast.ItemUpdate u, Scope scope) {
    Integer si = stateIndex.get(u.name());
    Scope items = scope.overItems(u.variable());
    Type v = exprs.check(u.value(), si == null ? Type.MONEY : stateTypes.get(si), items);
    Type w = u.where() == null ? Type.BOOL : exprs.check(u.where(), Type.BOOL, items);
    List<Ast.Expr> typed = found.takeTyped();
    String wrong = updateTarget(u.name(), si, true);
    if (wrong == null && w != null && w != Type.BOOL) {
      wrong = "'where' needs a bool, found " + w;
    }
    if (wrong != null || v == null || w == null) {
      if (wrong != null) {
        found.error(u.namePos(), wrong);
      }
      unbound(typed);
      return;
    }
    updated.add(u.name());
    declarations.add(new CheckedPolicy.StateUpdate(u.name(), si, u.value(), u.pos().line(), u.where()));
  }

  /**
   * Why state {@code name} (number {@code si}, null when it is none) cannot take an update of this
   * form ({@code perCode}: {@code update NAME[item.code] = ...}); null when it can.
   */
  private String updateTarget(String name, Integer si, boolean perCode) {
    if (si == null) {
      return symbols.get(name) != null ? "'" + name + "' is not a state; only states are updated"
          : "unknown state '" + name + "'" + Suggestions.suggest(name, stateIndex.keySet());
    }
    if (updated.contains(name)) {
      return "state '" + name + "' already has an update";
    }
    boolean keptPerCode = stateKeys.get(si) == CheckedPolicy.BY_ITEM_CODE;
    if (keptPerCode && !perCode) {
      return "state '" + name + "' is kept per item code: update " + name + "[item.code] = ... for item in claim.items";
    }
    if (!keptPerCode && perCode) {
      return "state '" + name + "' is not kept per item code (declare it state " + name + ": money by item.code)";
    }
    return null;
  }

  private void aggregate(Ast.Aggregate a, Scope scope) {
    CheckedPolicy.Aggregate checked = aggregates.check(a, scope);
    List<Ast.Expr> typed = found.takeTyped();
    if (declareName(a.name(), a.namePos())) {
      aggregateNames.add(a.name());
      if (checked != null) {
        declarations.add(checked);
        declaresResult = true;
        return;
      }
    }
    unbound(typed);
  }

  /**
   * What typed in a declaration that failed is lowered all the same, bound to nothing, so that
   * one run reports its range errors too.
   */
  private void unbound(List<Ast.Expr> typed) {
    if (!typed.isEmpty()) {
      declarations.add(new CheckedPolicy.Unbound(typed));
    }
  }

  private Type declaredType(Ast.TypeRef t) {
    switch (t.name()) {
      case "money": return Type.MONEY;
      case "ratio": return Type.RATIO;
      case "int": return Type.INT;
      case "bool": return Type.BOOL;
      case "date": return Type.DATE;
      case "set<category>": return Type.SET_CATEGORY;
      case "set<code>": return Type.SET_CODE;
      default:
        found.error(t.pos(), "unknown type '" + t.name() + "' (money, ratio, int, bool, date, set<category> or set<code>)");
        return null;
    }
  }

  private static boolean isConstant(Ast.Expr e) {
    return Literals.isLiteral(e) || e instanceof Ast.BoolLit || e instanceof Ast.DateLit;
  }

  private boolean declareName(String name, Position pos) {
    if (symbols.containsKey(name) || aggregateNames.contains(name) || codeLists.contains(name)) {
      found.error(pos, "'" + name + "' is already declared");
      return false;
    }
    if (Literals.isEnumName(name)) {
      found.error(pos, "'" + name + "' is a built-in enum value and cannot be declared");
      return false;
    }
    if (List.of("claim", "patient", "insured", "item").contains(name)) {
      found.error(pos, "'" + name + "' is reserved for input fields");
      return false;
    }
    return true;
  }
}
