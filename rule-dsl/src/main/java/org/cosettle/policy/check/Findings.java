package org.cosettle.policy.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cosettle.policy.Diagnostic;
import org.cosettle.policy.Position;
import org.cosettle.policy.Type;
import org.cosettle.policy.syntax.Ast.Expr;
import org.cosettle.policy.syntax.Ast;

/**
 * What one check run has found so far: the side tables keyed by AST node id, the input fields
 * read and every error. The checker's classes write it through these methods only, one run at a
 * time; {@link CheckedPolicy} keeps an immutable copy.
 */
final class Findings {
  private final List<Diagnostic> diagnostics = new ArrayList<>();
  private final Map<Integer, Type> types = new HashMap<>();
  private final Map<Integer, Long> constants = new HashMap<>();
  private final Map<Integer, Symbol> references = new HashMap<>();
  private final Map<Integer, InputField> inputs = new HashMap<>();
  private final Map<Integer, List<String>> codeSets = new HashMap<>();
  private final Map<Integer, Long> enumMasks = new HashMap<>();
  private final Map<Integer, Expr> typedFirst = new HashMap<>();
  private final Map<Integer, Symbol> privateLookups = new HashMap<>();
  private final Map<Integer, Symbol> insuredReads = new HashMap<>();
  /**
   * The largest expressions typed since the declaration began, in the order typed: what lowering
   * emits for it. An expression that types stands for everything typed inside it; one that does
   * not leaves the parts that did, so that their ranges are still checked.
   */
  private final List<Expr> typed = new ArrayList<>();
  /** In first-use order: {@code claim.total}, {@code item.amount}. */
  private final Set<String> fieldsRead = new LinkedHashSet<>();

  /** Where the expressions typed from now on start in {@link #typed(int, Expr)}'s list. */
  int mark() {
    return typed.size();
  }

  /** {@code e} typed: it replaces what was typed inside it since {@code mark}. */
  void typed(int mark, Expr e) {
    typed.subList(mark, typed.size()).clear();
    typed.add(e);
  }

  /** The expressions typed since the declaration began; the next declaration starts afresh. */
  List<Expr> takeTyped() {
    List<Expr> all = List.copyOf(typed);
    typed.clear();
    return all;
  }

  void error(Position at, String message) {
    diagnostics.add(new Diagnostic(at, message));
  }

  void type(Expr e, Type type) {
    types.put(e.id(), type);
  }

  /** {@code e} is the constant {@code value} in the units of {@code type}. */
  void constant(Expr e, Type type, long value) {
    types.put(e.id(), type);
    constants.put(e.id(), value);
  }

  long constant(Expr e) {
    return constants.get(e.id());
  }

  void reference(Ast.Name n, Symbol s) {
    references.put(n.id(), s);
  }

  /** {@code e} reads {@code field}: a field, a code tested by {@code in}, or the number of items. */
  void input(Expr e, InputField field) {
    inputs.put(e.id(), field);
    fieldsRead.add(field.displayName());
  }

  void fieldRead(String name) {
    fieldsRead.add(name);
  }

  void codeTest(Ast.In in, InputField field, List<String> codes) {
    input(in, field);
    codeSets.put(in.id(), List.copyOf(codes));
  }

  /** {@code e} (a lookup or an {@code in}) reads the code {@code field} in the private table {@code table}. */
  void privateLookup(Expr e, InputField field, Symbol table) {
    input(e, field);
    privateLookups.put(e.id(), table);
  }

  /** {@code e} reads the declared insured field {@code field} (a field read, or a code test against it). */
  void insuredRead(Expr e, Symbol field) {
    insuredReads.put(e.id(), field);
    fieldsRead.add(field.name());
  }

  void enumTest(Ast.In in, long mask) {
    enumMasks.put(in.id(), mask);
  }

  /**
   * {@code node} (a match, min, max or clamp without a type from its context) took its type from
   * {@code value}, typed before the others. A node typed twice keeps the first: that is the
   * order its operations are emitted in.
   */
  void typedFirst(Expr node, Expr value) {
    typedFirst.putIfAbsent(node.id(), value);
  }

  List<Diagnostic> diagnostics() {
    return List.copyOf(diagnostics);
  }

  boolean hasErrors() {
    return !diagnostics.isEmpty();
  }

  /** An immutable copy of the tables, for {@link CheckedPolicy}. */
  CheckedPolicy.Tables tables() {
    return new CheckedPolicy.Tables(Map.copyOf(types), Map.copyOf(constants), Map.copyOf(references), Map.copyOf(inputs),
        Map.copyOf(codeSets), Map.copyOf(enumMasks), Map.copyOf(typedFirst), Map.copyOf(privateLookups),
        Map.copyOf(insuredReads), List.copyOf(fieldsRead));
  }
}
