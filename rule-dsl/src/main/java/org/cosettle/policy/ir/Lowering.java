package org.cosettle.policy.ir;

import static org.cosettle.policy.check.Literals.isLiteral;
import static org.cosettle.policy.check.Literals.takesContextType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.policy.Diagnostic;
import org.cosettle.policy.Position;
import org.cosettle.policy.Type;
import org.cosettle.policy.check.CheckedPolicy;
import org.cosettle.policy.check.InputField;
import org.cosettle.policy.check.PolicyYears;
import org.cosettle.policy.check.Symbol;
import org.cosettle.policy.syntax.Ast.Expr;
import org.cosettle.policy.syntax.Ast;

/**
 * Lowers a checked policy to the {@link Ir}: every expression to operations through an {@link
 * IrBuilder} (which labels each one and checks its range), then the bindings, state updates and
 * aggregate steps. Types, names and constants come from the {@link CheckedPolicy}; nothing is
 * checked again but the ranges. Operands are emitted in the order the checker typed them (a
 * literal after the operand that gave it its type), so the operations are numbered as the
 * checker met them.
 */
public final class Lowering {
  /** The program, and every value that could leave 64 bits (at most one per declaration). */
  public record Result(Ir.Program program, List<Diagnostic> diagnostics) {
    public Result {
      diagnostics = List.copyOf(diagnostics);
    }
  }

  private final CheckedPolicy checked;
  private final List<Diagnostic> diagnostics = new ArrayList<>();
  private final IrBuilder ir = new IrBuilder(diagnostics::add);
  /** The op computing each let and output so far, by name. */
  private final Map<String, Integer> bound = new HashMap<>();

  private Lowering(CheckedPolicy checked) {
    this.checked = checked;
  }

  /**
   * Lowers every declaration that checked, and the expressions that typed in those that did not
   * (so that one run reports their ranges too); the program is meaningful only when neither
   * stage reported anything.
   */
  public static Result lower(CheckedPolicy checked) {
    Lowering l = new Lowering(checked);
    Ir.Program program = l.declarations();
    return new Result(program, l.diagnostics);
  }

  private Ir.Program declarations() {
    List<Ir.Binding> bindings = new ArrayList<>();
    Map<Integer, Ir.StateUpdate> updates = new HashMap<>();
    List<Ir.AggregateStep> aggregates = new ArrayList<>();
    for (CheckedPolicy.Declaration d : checked.declarations()) {
      ir.beginDeclaration();
      if (d instanceof CheckedPolicy.Binding b) {
        int op = lower(b.value());
        if (ir.reportedOverflow()) {
          // later uses see the bound of its type, so one overflow is not reported again downstream
          ir.widenToType(op);
        }
        bound.put(b.name(), op);
        bindings.add(new Ir.Binding(b.kind(), b.name(), b.type(), op, b.line()));
      } else if (d instanceof CheckedPolicy.StateUpdate u) {
        int where = u.where() == null ? -1 : lower(u.where());
        updates.put(u.stateIndex(), new Ir.StateUpdate(u.state(), u.stateIndex(), lower(u.value()), u.line(), -1, where));
      } else if (d instanceof CheckedPolicy.Aggregate a) {
        aggregates.add(aggregate(a));
      } else {
        // a param's constant, or expressions whose declaration failed: emitted, bound to nothing
        d.expressions().forEach(this::lower);
      }
    }
    List<String> states = checked.stateNames();
    if (yearly()) {
      policyYearUpdates(updates);
    }
    List<Ir.StateUpdate> stateUpdates = new ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      stateUpdates.add(updates.getOrDefault(i, new Ir.StateUpdate(states.get(i), i, -1, 0)).sharedBy(checked.stateKeys().get(i))
          .perPolicyYear(checked.yearlyStates().contains(i)));
    }
    Ir.Program program = new Ir.Program(ir.build(), bindings, stateUpdates, aggregates);
    itemCodeCycles(program);
    return program;
  }

  /**
   * An update per item code reads the values per code before its own item, never a claim-level
   * value computed from them (a claim's total over its items would need the update's later items).
   */
  private void itemCodeCycles(Ir.Program program) {
    List<Ir.Op> ops = program.ops();
    boolean[] readsKeyed = new boolean[ops.size()];
    for (Ir.Op op : ops) {
      readsKeyed[op.id()] = op.code() == Ir.Opcode.KEYED_STATE;
      for (int a : op.args()) {
        readsKeyed[op.id()] |= readsKeyed[a];
      }
    }
    for (Ir.StateUpdate u : program.updates()) {
      for (int root : new int[] {u.byItemCode() ? u.op() : -1, u.byItemCode() ? u.where() : -1}) {
        if (root >= 0 && claimLevelKeyed(ops, root, readsKeyed, new boolean[ops.size()])) {
          diagnostics.add(new Diagnostic(ops.get(root).position(), "the update of " + u.name() + " per item code reads"
              + " a claim's value computed from values per item code (a sum over the claim's items), which would need"
              + " this update's later items; read the values per code of this item only"));
        }
      }
    }
  }

  private static boolean claimLevelKeyed(List<Ir.Op> ops, int op, boolean[] readsKeyed, boolean[] visited) {
    if (!readsKeyed[op] || visited[op]) {
      return false;
    }
    visited[op] = true;
    if (ops.get(op).level() == Ir.Level.CLAIM) {
      return true;
    }
    for (int a : ops.get(op).args()) {
      if (claimLevelKeyed(ops, a, readsKeyed, visited)) {
        return true;
      }
    }
    return false;
  }

  private Ir.AggregateStep aggregate(CheckedPolicy.Aggregate a) {
    Ast.Aggregate decl = a.decl();
    int value = decl.sum() == null ? -1 : lower(decl.sum());
    int where = decl.where() == null ? -1 : lower(decl.where());
    int key = a.key() == null ? -1 : lower(a.key());
    return new Ir.AggregateStep(decl.name(), a.valueType(), value, where, Ir.KeyKind.valueOf(a.grouping().name()), key,
        a.groups(), a.bandBounds(), a.cohort(), a.recipients(), decl.pos().line());
  }

  // ---- expressions -------------------------------------------------------------------------

  /** The op computing {@code e}, which checked. */
  private int lower(Expr e) {
    if (isLiteral(e) || e instanceof Ast.BoolLit || e instanceof Ast.DateLit) {
      return ir.constant(checked.type(e), checked.constant(e), e.pos());
    }
    if (e instanceof Ast.Name n) {
      return name(n);
    }
    if (e instanceof Ast.Field fd) {
      Symbol field = checked.insuredRead(fd);
      if (field != null) {
        long[] b = field.type() == Type.ENUM ? new long[] {0, field.codes().size() - 1} : field.type().inputBound();
        return ir.insured(field.index(), field.type(), b[0], b[1], fd.pos());
      }
      return ir.input(checked.input(fd), fd.pos());
    }
    if (e instanceof Ast.Unary u) {
      int a = lower(u.operand());
      return u.op().equals("not") ? ir.op(Ir.Opcode.NOT, Type.BOOL, u.pos(), a)
          : ir.op(Ir.Opcode.NEG, checked.type(u), u.pos(), a);
    }
    if (e instanceof Ast.Binary b) {
      return binary(b);
    }
    if (e instanceof Ast.Lookup l) {
      Symbol s = checked.privateLookup(l);
      if (s.kind() == Symbol.Kind.KEYED_STATE) {
        return ir.keyedState(s.index(), s.type(), l.pos());
      }
      return privateLookup(l);
    }
    if (e instanceof Ast.In in) {
      if (checked.privateLookup(in) != null) {
        return privateLookup(in);
      }
      Symbol set = checked.insuredRead(in);
      if (set != null) {
        return ir.codeInInsured(checked.input(in), set.index(), (int) set.constant(), in.pos());
      }
      List<String> codes = checked.codes(in);
      if (codes != null) {
        return ir.codeIn(checked.input(in), new CodeSet(codes), in.pos());
      }
      return ir.opImm(Ir.Opcode.IN_MASK, Type.BOOL, in.pos(), checked.enumMask(in), lower(in.value()));
    }
    if (e instanceof Ast.If i) {
      int c = lower(i.condition());
      int[] p = pair(i.then(), i.otherwise());
      return ir.op(Ir.Opcode.SELECT, checked.type(i), i.pos(), c, p[0], p[1]);
    }
    if (e instanceof Ast.Match m) {
      return match(m);
    }
    if (e instanceof Ast.Call c) {
      return call(c);
    }
    if (e instanceof Ast.Tiered t) {
      return tiered(t);
    }
    if (e instanceof Ast.Sum s) {
      int where = s.where() == null ? -1 : lower(s.where());
      int body = lower(s.body());
      Type t = checked.type(s);
      int kept = where < 0 ? body : ir.op(Ir.Opcode.SELECT, t, s.pos(), where, body, ir.constant(t, 0, s.pos()));
      return ir.op(Ir.Opcode.SUM_ITEMS, t, s.pos(), kept);
    }
    if (e instanceof Ast.Count c) {
      if (c.where() == null) {
        return ir.input(checked.input(c), c.pos());
      }
      return ir.op(Ir.Opcode.SUM_ITEMS, Type.INT, c.pos(), lower(c.where()));
    }
    throw new IllegalStateException("nothing to lower for " + e);
  }

  /**
   * A private table's entry or a private code set's membership: the table's values lie in its
   * type's input bound (spec §3, as a private param's), and so does its default (checked).
   */
  private int privateLookup(Expr e) {
    Symbol table = checked.privateLookup(e);
    Type type = checked.type(e);
    long[] bound = type.inputBound();
    return ir.privateLookup(table.index(), checked.input(e), type, bound[0], bound[1], e.pos());
  }

  private int name(Ast.Name n) {
    Symbol s = checked.symbol(n);
    if (s == null) {
      // an enum name such as INPATIENT
      return ir.constant(checked.type(n), checked.constant(n), n.pos());
    }
    switch (s.kind()) {
      case PARAM:
        return ir.constant(s.type(), s.constant(), n.pos());
      case PRIVATE_PARAM:
        return ir.privateParam(s.index(), s.type(), n.pos());
      case STATE:
        return yearly() && checked.yearlyStates().contains(s.index()) ? yearlyState(s.index(), s.type(), n.pos())
            : ir.state(s.index(), s.type(), n.pos());
      case ENUM_VALUE:
        return ir.constant(Type.ENUM, s.constant(), n.pos());
      default:
        return bound.get(n.name());
    }
  }

  // ---- policy years (see PolicyYears) ----------------------------------------------------

  /** Whether the policy has per-year states and the year state checked (its name was free). */
  private boolean yearly() {
    List<String> states = checked.stateNames();
    return !checked.yearlyStates().isEmpty() && states.get(states.size() - 1).equals(PolicyYears.STATE);
  }

  /** The policy year of the claim's admission date: floor((YYYYMMDD - start's YYYYMMDD) / 10000) + 1. */
  private int claimYear(Position at) {
    int day = ir.input(InputField.CLAIM_ADMISSION_YMD, at);
    int start = ir.input(InputField.INSURED_POLICY_START_YMD, at);
    int diff = ir.op(Ir.Opcode.SUB, Type.INT, at, day, start);
    int twice = ir.op(Ir.Opcode.MUL, Type.INT, at, diff, ir.constant(Type.INT, 2, at));
    int shifted = ir.op(Ir.Opcode.SUB, Type.INT, at, twice, ir.constant(Type.INT, PolicyYears.OFFSET, at));
    int whole = ir.opImm(Ir.Opcode.DIV_ROUND, Type.INT, at, PolicyYears.DIVISOR, shifted);
    return ir.op(Ir.Opcode.ADD, Type.INT, at, whole, ir.constant(Type.INT, 1, at));
  }

  /**
   * The year the per-year states belong to before the claim (0: not recorded), as state {@code
   * year} holds it: the person's, or the family's for the states shared by a family.
   */
  private int recordedYear(int year, Position at) {
    return ir.state(year, Type.INT, at);
  }

  /** Whether the per-year states of year state {@code year} restart before this claim: a recorded year, and the claim's later. */
  private int restarts(int year, Position at) {
    int recorded = recordedYear(year, at);
    int later = ir.op(Ir.Opcode.LT, Type.BOOL, at, recorded, claimYear(at));
    int known = ir.op(Ir.Opcode.LT, Type.BOOL, at, ir.constant(Type.INT, 0, at), recorded);
    return ir.op(Ir.Opcode.AND, Type.BOOL, at, later, known);
  }

  /** A per-year state's value before the claim: its zero value when the claim starts a new year. */
  private int yearlyState(int index, Type type, Position at) {
    return ir.op(Ir.Opcode.SELECT, type, at, restarts(checked.yearStateOf(index), at), ir.constant(type, 0, at),
        ir.state(index, type, at));
  }

  /**
   * The updates the policy years add: a per-year state without an {@code update} still restarts,
   * and each year state (the person's, a family's) becomes the later of its recorded year and the
   * claim's.
   */
  private void policyYearUpdates(Map<Integer, Ir.StateUpdate> updates) {
    Position at = checked.yearlyAt();
    List<String> states = checked.stateNames();
    ir.beginDeclaration();
    for (int s : checked.yearlyStates()) {
      // a state kept per item code restarts its values per code in the evaluator, claim by claim;
      // handshake mode restarts them on shares with the claim's restart flag, which a read of the
      // state bound to nothing carries as its argument (Ir.restartOf)
      if (checked.stateKeys().get(s) == CheckedPolicy.BY_ITEM_CODE) {
        ir.keyedState(s, checked.stateTypes().get(s), at, restarts(checked.yearStateOf(s), at));
        continue;
      }
      // every per-year state's read, even one its update does not use: handshake mode counts a claim's
      // increment from it (a reversal takes that increment back)
      int read = yearlyState(s, checked.stateTypes().get(s), at);
      if (!updates.containsKey(s)) {
        updates.put(s, new Ir.StateUpdate(states.get(s), s, read, at.line()));
      }
    }
    List<Integer> years = new ArrayList<>(checked.familyYearStates());
    years.add(states.size() - 1);
    for (int year : years) {
      int later = ir.op(Ir.Opcode.MAX, Type.INT, at, recordedYear(year, at), claimYear(at));
      updates.put(year, new Ir.StateUpdate(states.get(year), year, later, at.line()));
    }
  }

  /** Two operands of one type, the one that gave the other its type first (as they were typed). */
  private int[] pair(Expr a, Expr b) {
    if (takesContextType(a) && !takesContextType(b)) {
      int tb = lower(b);
      return new int[] {lower(a), tb};
    }
    int ta = lower(a);
    return new int[] {ta, lower(b)};
  }

  private int binary(Ast.Binary b) {
    switch (b.op()) {
      case "and":
      case "or": {
        int l = lower(b.left());
        int r = lower(b.right());
        return ir.op(b.op().equals("and") ? Ir.Opcode.AND : Ir.Opcode.OR, Type.BOOL, b.pos(), l, r);
      }
      case "+":
      case "-": {
        int[] p = pair(b.left(), b.right());
        return ir.op(b.op().equals("+") ? Ir.Opcode.ADD : Ir.Opcode.SUB, checked.type(b), b.pos(), p[0], p[1]);
      }
      case "*":
        return multiply(b);
      case "/": {
        int l = lower(b.left());
        long k;
        if (isLiteral(b.right())) {
          lower(b.right()); // the divisor's constant, emitted as it was typed; DIV_ROUND carries k itself
          k = checked.constant(b.right());
        } else {
          k = checked.symbol((Ast.Name) b.right()).constant();
        }
        return ir.opImm(Ir.Opcode.DIV_ROUND, Type.MONEY, b.pos(), k, l);
      }
      default:
        return compare(b);
    }
  }

  private int multiply(Ast.Binary b) {
    int l;
    int r;
    if (isLiteral(b.left()) != isLiteral(b.right())) {
      // the literal took its type from the other side, which was typed first
      Expr other = isLiteral(b.left()) ? b.right() : b.left();
      Expr lit = isLiteral(b.left()) ? b.left() : b.right();
      int o = lower(other);
      int t = lower(lit);
      l = isLiteral(b.left()) ? t : o;
      r = isLiteral(b.left()) ? o : t;
    } else {
      l = lower(b.left());
      r = lower(b.right());
    }
    Type result = checked.type(b);
    if (checked.type(b.left()) == Type.RATIO || checked.type(b.right()) == Type.RATIO) {
      // a product with a ratio is in 1/10000 of the result's unit until it is rounded (spec §4)
      int product = ir.op(Ir.Opcode.MUL, result, b.pos(), "the exact product before rounding", 0, l, r);
      return ir.op(Ir.Opcode.ROUND4, result, b.pos(), product);
    }
    return ir.op(Ir.Opcode.MUL, result, b.pos(), l, r);
  }

  private int compare(Ast.Binary b) {
    int[] p = pair(b.left(), b.right());
    int l = p[0];
    int r = p[1];
    Position at = b.pos();
    switch (b.op()) {
      case "<": return ir.op(Ir.Opcode.LT, Type.BOOL, at, l, r);
      case "<=": return ir.op(Ir.Opcode.LE, Type.BOOL, at, l, r);
      case ">": return ir.op(Ir.Opcode.LT, Type.BOOL, at, r, l);
      case ">=": return ir.op(Ir.Opcode.LE, Type.BOOL, at, r, l);
      case "==": return ir.op(Ir.Opcode.EQ, Type.BOOL, at, l, r);
      default: return ir.op(Ir.Opcode.NE, Type.BOOL, at, l, r);
    }
  }

  /** The ops of {@code values} in order, the one that gave the others their type first. */
  private int[] values(Expr node, List<Expr> values) {
    Expr first = checked.typedFirst(node);
    if (first != null) {
      lower(first);
    }
    int[] ops = new int[values.size()];
    for (int i = 0; i < ops.length; i++) {
      ops[i] = lower(values.get(i)); // the first one again is the same op (the builder emits an op once)
    }
    return ops;
  }

  private int match(Ast.Match m) {
    int[] conds = new int[m.arms().size()];
    for (int i = 0; i < conds.length; i++) {
      conds[i] = lower(m.arms().get(i).condition());
    }
    List<Expr> values = new ArrayList<>();
    m.arms().forEach(a -> values.add(a.value()));
    values.add(m.otherwise());
    int[] arms = values(m, values);
    Type t = checked.type(m);
    // the first true condition wins: fold from the last arm back to the first
    int result = arms[arms.length - 1];
    for (int i = conds.length - 1; i >= 0; i--) {
      result = ir.op(Ir.Opcode.SELECT, t, m.arms().get(i).condition().pos(), conds[i], arms[i], result);
    }
    return result;
  }

  private int call(Ast.Call c) {
    if (c.function().equals("days_between")) {
      int a = lower(c.args().get(0));
      int b = lower(c.args().get(1));
      return ir.op(Ir.Opcode.SUB, Type.INT, c.pos(), b, a);
    }
    int[] n = values(c, c.args());
    Type t = checked.type(c);
    if (c.function().equals("clamp")) {
      int low = ir.op(Ir.Opcode.MAX, t, c.pos(), n[0], n[1]);
      return ir.op(Ir.Opcode.MIN, t, c.pos(), low, n[2]);
    }
    Ir.Opcode code = c.function().equals("min") ? Ir.Opcode.MIN : Ir.Opcode.MAX;
    int r = n[0];
    for (int i = 1; i < n.length; i++) {
      r = ir.op(code, t, c.pos(), r, n[i]);
    }
    return r;
  }

  private int tiered(Ast.Tiered t) {
    int x = lower(t.value());
    long[] bounds = new long[t.bounds().size()];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = checked.constant(t.bounds().get(i));
    }
    int[] rates = new int[t.rates().size()];
    for (int i = 0; i < rates.length; i++) {
      rates[i] = lower(t.rates().get(i));
    }
    if (t.from() == null) {
      return bands(t.pos(), x, bounds, rates);
    }
    // cumulative bands: f(total + x) - f(total), each side rounded on its own so that a
    // person's payouts add up to f of the final total exactly, whatever the claims in between
    int from = lower(t.from());
    Position at = t.pos();
    int upTo = ir.op(Ir.Opcode.ADD, Type.MONEY, at, from, x);
    return ir.op(Ir.Opcode.SUB, Type.MONEY, at, bands(at, upTo, bounds, rates), bands(at, from, bounds, rates));
  }

  private int bands(Position at, int x, long[] bounds, int[] rates) {
    // the part of x in band i is max(0, min(x, b[i+1]) - b[i]); the band products are summed
    // exactly and rounded once (spec §4)
    String note = "the exact sum of the band products";
    int zero = ir.constant(Type.MONEY, 0, at);
    int total = -1;
    for (int i = 0; i < bounds.length; i++) {
      int top = i + 1 < bounds.length ? ir.op(Ir.Opcode.MIN, Type.MONEY, at, x, ir.constant(Type.MONEY, bounds[i + 1], at)) : x;
      int above = ir.op(Ir.Opcode.SUB, Type.MONEY, at, top, ir.constant(Type.MONEY, bounds[i], at));
      int part = ir.op(Ir.Opcode.MAX, Type.MONEY, at, above, zero);
      int product = ir.op(Ir.Opcode.MUL, Type.MONEY, at, note, 0, part, rates[i]);
      total = total < 0 ? product : ir.op(Ir.Opcode.ADD, Type.MONEY, at, note, 0, total, product);
    }
    return ir.op(Ir.Opcode.ROUND4, Type.MONEY, at, total);
  }
}
