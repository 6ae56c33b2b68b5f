package org.cosettle.policy.ir;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cosettle.core.Party;
import org.cosettle.policy.check.InputField;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir.Opcode;

/**
 * Which state updates are running totals whose values before every claim of a batch follow from
 * a prefix over each insured person's claims, instead of one claim after another.
 *
 * <p>An update {@code s' = u(s)} (the claim's data fixed) belongs to a <em>family</em> of
 * functions closed under composition in which composing adds a per-claim <em>step</em> {@code x}:
 *
 * <table>
 *   <caption>The families</caption>
 *   <tr><th>{@link Kind}</th><th>u(s)</th><th>condition</th><th>after claims 1..j</th></tr>
 *   <tr><td>ADDITIVE</td><td>s + x</td><td>—</td><td>s₀ + Σx</td></tr>
 *   <tr><td>SATURATING</td><td>max(s, min(s + x, K))</td><td>x ≥ 0</td><td>max(s₀, min(s₀ + Σx, K))</td></tr>
 *   <tr><td>CAPPED</td><td>min(s + x, K)</td><td>x ≥ 0</td><td>min(s₀ + Σx, K)</td></tr>
 *   <tr><td>FLOORED</td><td>max(s + x, K)</td><td>x ≤ 0</td><td>max(s₀ + Σx, K)</td></tr>
 * </table>
 *
 * where the limit {@code K} is the same for every claim of a person (built from constants,
 * params, private params and {@code insured.*} fields only). SATURATING is the usual "deductible
 * used" or "paid this year" ({@code s + min(x, max(0, K − s))} equals it when {@code x ≥ 0}); its
 * composition law: for {@code s < K} both sides are {@code min(s + x₁ + x₂, K)}, and for {@code s ≥ K}
 * both are {@code s}. CAPPED and FLOORED compose the same way after at least one claim.
 *
 * <p>Membership is proven, not matched: the update is read from the IR as a piecewise-linear
 * function of the state whose other operands (the claim's values, other states) are variables
 * in their ranges; the step is the update's offset as the state tends to −∞ ({@code u(s) − s}
 * there), the candidate limits are its breakpoints that do not depend on the claim; and {@link
 * PiecewiseLinear} proves {@code u} equal to the family's form at every integer point of the
 * ranges, region by region, and the step's sign from the ranges. The ranges used are the IR's,
 * tightened where a sum of {@code min}s and {@code max}s is provably narrower (so {@code in −
 * min(in, L)} is known to be ≥ 0). An update outside every family gets none, and its state runs
 * claim after claim.
 */
public final class StateFamilies {
  /** The family of an update; see the class comment. */
  public enum Kind {
    ADDITIVE("s + x"),
    SATURATING("max(s, min(s + x, limit)), x ≥ 0"),
    CAPPED("min(s + x, limit), x ≥ 0"),
    FLOORED("max(s + x, limit), x ≤ 0");

    private final String form;

    Kind(String form) {
      this.form = form;
    }

    /** The form, e.g. {@code max(s, min(s + x, limit)), x ≥ 0}. */
    public String form() {
      return form;
    }

    /** Whether the form leaves the state unchanged when no claim was settled (so the prefix before a first claim is exact). */
    public boolean identityAtZero() {
      return this == ADDITIVE || this == SATURATING;
    }
  }

  /**
   * A per-claim value built from IR ops that do not read the state it belongs to: {@code
   * OP} (op {@code op}'s value), {@code CONST} ({@code value}), {@code ADD}/{@code SUB} of {@code
   * a} and {@code b}, {@code NEG} of {@code a}, {@code SCALE} ({@code value · a}), {@code
   * MIN}/{@code MAX} of {@code a} and {@code b}, {@code SELECT} ({@code op}'s 0/1 value chooses
   * {@code a} or {@code b}). {@code min}/{@code max} bound it.
   */
  public record Term(TermKind kind, int op, long value, Term a, Term b, long min, long max) {
    /** The kinds of {@link Term}. */
    public enum TermKind { OP, CONST, ADD, SUB, NEG, SCALE, MIN, MAX, SELECT }

    static Term op(int op, long[] range) {
      return new Term(TermKind.OP, op, 0, null, null, range[0], range[1]);
    }

    static Term constant(long v) {
      return new Term(TermKind.CONST, -1, v, null, null, v, v);
    }

    static Term add(Term a, Term b) {
      if (a.kind == TermKind.CONST && a.value == 0) {
        return b;
      }
      if (b.kind == TermKind.CONST && b.value == 0) {
        return a;
      }
      return new Term(TermKind.ADD, -1, 0, a, b, sat(BigInteger.valueOf(a.min).add(BigInteger.valueOf(b.min))),
          sat(BigInteger.valueOf(a.max).add(BigInteger.valueOf(b.max))));
    }

    static Term scale(long k, Term a) {
      if (k == 1) {
        return a;
      }
      if (a.kind == TermKind.CONST) {
        return constant(Math.multiplyExact(k, a.value));
      }
      BigInteger x = BigInteger.valueOf(a.min).multiply(BigInteger.valueOf(k));
      BigInteger y = BigInteger.valueOf(a.max).multiply(BigInteger.valueOf(k));
      return new Term(k == -1 ? TermKind.NEG : TermKind.SCALE, -1, k, a, null, sat(x.min(y)), sat(x.max(y)));
    }

    static Term subtract(Term a, Term b) {
      if (b.kind == TermKind.CONST && b.value == 0) {
        return a;
      }
      return new Term(TermKind.SUB, -1, 0, a, b, sat(BigInteger.valueOf(a.min).subtract(BigInteger.valueOf(b.max))),
          sat(BigInteger.valueOf(a.max).subtract(BigInteger.valueOf(b.min))));
    }

    static Term min(Term a, Term b) {
      return a.equals(b) ? a : new Term(TermKind.MIN, -1, 0, a, b, Math.min(a.min, b.min), Math.min(a.max, b.max));
    }

    static Term max(Term a, Term b) {
      return a.equals(b) ? a : new Term(TermKind.MAX, -1, 0, a, b, Math.max(a.min, b.min), Math.max(a.max, b.max));
    }

    static Term select(int condition, Term a, Term b) {
      return a.equals(b) ? a : new Term(TermKind.SELECT, condition, 0, a, b, Math.min(a.min, b.min),
          Math.max(a.max, b.max));
    }

    /** Whether the bounds are exact enough to compute with (no overflow of 64 bits along the way). */
    public boolean bounded() {
      return min != Long.MIN_VALUE && max != Long.MAX_VALUE;
    }

    /** The IR ops this term reads. */
    public Set<Integer> ops() {
      Set<Integer> out = new LinkedHashSet<>();
      collect(out);
      return out;
    }

    private void collect(Set<Integer> out) {
      if (kind == TermKind.OP || kind == TermKind.SELECT) {
        out.add(op);
      }
      if (a != null) {
        a.collect(out);
      }
      if (b != null) {
        b.collect(out);
      }
    }

    @Override
    public String toString() {
      return switch (kind) {
        case OP -> "%" + op;
        case CONST -> Long.toString(value);
        case ADD -> "(" + a + " + " + b + ")";
        case SUB -> "(" + a + " - " + b + ")";
        case NEG -> "-" + a;
        case SCALE -> value + "·" + a;
        case MIN -> "min(" + a + ", " + b + ")";
        case MAX -> "max(" + a + ", " + b + ")";
        case SELECT -> "(%" + op + " ? " + a + " : " + b + ")";
      };
    }

    private static long sat(BigInteger v) {
      return v.bitLength() > 63 ? (v.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : v.longValue();
    }
  }

  /**
   * State {@code state} is updated by a {@link Kind} with per-claim {@code step} and per-person
   * {@code limit} (null for ADDITIVE); {@code states} are the other states the step reads (their
   * values before the claim), which must be known first.
   */
  public record Family(int state, Kind kind, Term step, Term limit, BitSet states) {}

  private final List<Op> ops;
  private final Ir.Program program;
  /** {@code reads[op]}: the states op reads, directly or through its operands. */
  private final BitSet[] reads;
  /** Whether op's value is the same for every claim of a person (constants, params, insured fields). */
  private final boolean[] perPerson;
  private final Map<Integer, long[]> refined = new HashMap<>();

  private StateFamilies(Ir.Program program) {
    this.program = program;
    this.ops = program.ops();
    reads = new BitSet[ops.size()];
    perPerson = new boolean[ops.size()];
    for (Op op : ops) {
      BitSet r = new BitSet();
      if (op.code() == Opcode.STATE) {
        r.set((int) op.imm());
      }
      boolean constant = switch (op.code()) {
        case CONST, PRIVATE_PARAM -> true;
        case INPUT -> InputField.values()[(int) op.imm()].owner() == Party.INSURER;
        case STATE, CODE_IN -> false;
        default -> op.level() == Ir.Level.CLAIM;
      };
      for (int a : op.args()) {
        r.or(reads[a]);
        constant &= perPerson[a];
      }
      reads[op.id()] = r;
      perPerson[op.id()] = constant && op.level() == Ir.Level.CLAIM;
    }
  }

  /** The family of every state's update that has one, by state index (absent: none proven). */
  public static Map<Integer, Family> of(Ir.Program program) {
    StateFamilies analysis = new StateFamilies(program);
    Map<Integer, Family> out = new HashMap<>();
    for (Ir.StateUpdate u : program.updates()) {
      analysis.family(u).ifPresent(f -> out.put(u.stateIndex(), f));
    }
    return out;
  }

  /**
   * The states of {@code shared} in an order where each family's step reads only states before
   * it; empty when one of them has no family or the steps read each other in a cycle.
   */
  public static Optional<List<Family>> stages(Map<Integer, Family> families, BitSet shared) {
    List<Family> order = new ArrayList<>();
    BitSet done = new BitSet();
    BitSet left = (BitSet) shared.clone();
    while (!left.isEmpty()) {
      boolean progress = false;
      for (int s = left.nextSetBit(0); s >= 0; s = left.nextSetBit(s + 1)) {
        Family f = families.get(s);
        if (f == null) {
          return Optional.empty();
        }
        BitSet needs = (BitSet) f.states().clone();
        needs.and(shared);
        needs.andNot(done);
        if (needs.isEmpty()) {
          order.add(f);
          done.set(s);
          left.clear(s);
          progress = true;
        }
      }
      if (!progress) {
        return Optional.empty();
      }
    }
    return Optional.of(order);
  }

  private Optional<Family> family(Ir.StateUpdate update) {
    int s = update.stateIndex();
    if (update.op() < 0) {
      return Optional.of(new Family(s, Kind.ADDITIVE, Term.constant(0), null, new BitSet()));
    }
    if (!reads[update.op()].get(s)) {
      return Optional.empty(); // s' does not depend on s: not a running total
    }
    Proof proof = new Proof(s);
    int u;
    try {
      u = proof.node(update.op());
    } catch (NotPiecewise e) {
      return Optional.empty();
    }
    // the step is u(s) − s where u follows the state: towards −∞ (sums, caps, saturation) or +∞ (floors)
    for (boolean up : new boolean[] {false, true}) {
      Asymptote tail = asymptote(update.op(), s, up);
      if (tail == null || tail.slope != 1 || !tail.intercept.bounded()) {
        continue;
      }
      Optional<Family> found = prove(proof, u, s, tail);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** The family of update {@code u} (a node of {@code proof}) with the step and limits {@code tail} suggests, if proven. */
  private Optional<Family> prove(Proof proof, int u, int s, Asymptote tail) {
    Term step = tail.intercept;
    BitSet stepStates = new BitSet();
    for (int op : step.ops()) {
      stepStates.or(reads[op]);
    }
    int state = proof.state;
    int x = proof.node(step);
    if (proof.graph.provenEqual(u, proof.graph.sum(state, x))) {
      return Optional.of(new Family(s, Kind.ADDITIVE, step, null, stepStates));
    }
    long[] stepBounds = proof.graph.bounds(x);
    if (stepBounds == null) {
      return Optional.empty();
    }
    for (Term limit : new LinkedHashSet<>(tail.breakpoints)) {
      if (!limit.bounded() || !limit.ops().stream().allMatch(op -> perPerson[op])) {
        continue;
      }
      int k = proof.node(limit);
      int sx = proof.graph.sum(state, x);
      if (stepBounds[0] >= 0) {
        if (proof.graph.provenEqual(u, proof.graph.max(state, proof.graph.min(sx, k)))) {
          return Optional.of(new Family(s, Kind.SATURATING, step, limit, stepStates));
        }
        if (proof.graph.provenEqual(u, proof.graph.min(sx, k))) {
          return Optional.of(new Family(s, Kind.CAPPED, step, limit, stepStates));
        }
      }
      if (stepBounds[1] <= 0 && proof.graph.provenEqual(u, proof.graph.max(sx, k))) {
        return Optional.of(new Family(s, Kind.FLOORED, step, limit, stepStates));
      }
    }
    return Optional.empty();
  }

  /** {@code u(s) ≈ slope·s + intercept} as {@code s → −∞}, with the breakpoints met on the way. */
  private record Asymptote(int slope, Term intercept, List<Term> breakpoints) {}

  /** {@code u(s) ≈ slope·s + intercept} as {@code s → −∞} ({@code up} false) or {@code +∞}. */
  private Asymptote asymptote(int id, int s, boolean up) {
    return asymptote(id, s, up, new HashMap<>());
  }

  private Asymptote asymptote(int id, int s, boolean up, Map<Integer, Asymptote> memo) {
    Asymptote known = memo.get(id);
    if (known != null || memo.containsKey(id)) {
      return known;
    }
    Asymptote a = computeAsymptote(id, s, up, memo);
    memo.put(id, a);
    return a;
  }

  private Asymptote computeAsymptote(int id, int s, boolean up, Map<Integer, Asymptote> memo) {
    Op op = ops.get(id);
    if (!reads[id].get(s)) {
      return new Asymptote(0, op.code() == Opcode.CONST ? Term.constant(op.imm()) : Term.op(id, range(id)), List.of());
    }
    if (op.level() != Ir.Level.CLAIM) {
      return null;
    }
    switch (op.code()) {
      case STATE:
        return op.imm() == s ? new Asymptote(1, Term.constant(0), List.of()) : null;
      case ADD:
      case SUB: {
        Asymptote a = asymptote(op.a(), s, up, memo);
        Asymptote b = asymptote(op.b(), s, up, memo);
        if (a == null || b == null) {
          return null;
        }
        boolean add = op.code() == Opcode.ADD;
        return new Asymptote(add ? a.slope + b.slope : a.slope - b.slope,
            add ? Term.add(a.intercept, b.intercept) : Term.subtract(a.intercept, b.intercept), both(a, b));
      }
      case NEG: {
        Asymptote a = asymptote(op.a(), s, up, memo);
        return a == null ? null : new Asymptote(-a.slope, Term.scale(-1, a.intercept), a.breakpoints);
      }
      case MUL: {
        int constant = constantOperand(op);
        if (constant < 0) {
          return null;
        }
        long k = ops.get(constant).imm();
        Asymptote a = asymptote(constant == op.a() ? op.b() : op.a(), s, up, memo);
        if (a == null || Math.abs(k) > 1 << 20) {
          return null;
        }
        return new Asymptote(Math.toIntExact(a.slope * k), Term.scale(k, a.intercept), a.breakpoints);
      }
      case MIN:
      case MAX: {
        Asymptote a = asymptote(op.a(), s, up, memo);
        Asymptote b = asymptote(op.b(), s, up, memo);
        if (a == null || b == null) {
          return null;
        }
        List<Term> breakpoints = new ArrayList<>(both(a, b));
        // a limit is an operand's offset (the value of a flat operand, K in K − s), or where two
        // operands whose slopes differ by one cross
        breakpoints.add(a.intercept);
        breakpoints.add(b.intercept);
        int d = a.slope - b.slope;
        if (d == 1) { // s + ca = cb  ⇒  s = cb − ca
          breakpoints.add(Term.subtract(b.intercept, a.intercept));
        } else if (d == -1) {
          breakpoints.add(Term.subtract(a.intercept, b.intercept));
        }
        boolean min = op.code() == Opcode.MIN;
        if (d == 0) {
          return new Asymptote(a.slope, min ? Term.min(a.intercept, b.intercept) : Term.max(a.intercept, b.intercept),
              breakpoints);
        }
        // towards −∞ the larger slope is the smaller value, towards +∞ the larger one
        Asymptote smaller = (d > 0) != up ? a : b;
        Asymptote larger = (d > 0) != up ? b : a;
        Asymptote pick = min ? smaller : larger;
        return new Asymptote(pick.slope, pick.intercept, breakpoints);
      }
      case SELECT: {
        if (reads[op.a()].get(s)) {
          return null;
        }
        Asymptote a = asymptote(op.b(), s, up, memo);
        Asymptote b = asymptote(op.c(), s, up, memo);
        if (a == null || b == null || a.slope != b.slope) {
          return null;
        }
        return new Asymptote(a.slope, Term.select(op.a(), a.intercept, b.intercept), both(a, b));
      }
      default:
        return null;
    }
  }

  private static List<Term> both(Asymptote a, Asymptote b) {
    List<Term> out = new ArrayList<>(a.breakpoints);
    out.addAll(b.breakpoints);
    return out;
  }

  /** The operand of a MUL that is a public constant; −1 when neither is. */
  private int constantOperand(Op mul) {
    if (mul.type() == org.cosettle.policy.Type.RATIO || ops.get(mul.a()).type() == org.cosettle.policy.Type.RATIO
        || ops.get(mul.b()).type() == org.cosettle.policy.Type.RATIO) {
      return -1; // a ratio product is in 1/10000 and is rounded next: not linear in the state
    }
    if (ops.get(mul.a()).code() == Opcode.CONST) {
      return mul.a();
    }
    return ops.get(mul.b()).code() == Opcode.CONST ? mul.b() : -1;
  }

  private static final class NotPiecewise extends RuntimeException {
    NotPiecewise() {
      super(null, null, false, false);
    }
  }

  /** One state's update as a {@link PiecewiseLinear} graph: the state and the ops that do not read it as variables. */
  private final class Proof {
    final PiecewiseLinear graph = new PiecewiseLinear();
    final int s;
    final int state;
    final Map<Integer, Integer> nodes = new HashMap<>();
    final Map<Integer, Integer> variables = new HashMap<>();

    Proof(int s) {
      this.s = s;
      long low = Long.MAX_VALUE;
      long high = Long.MIN_VALUE;
      for (Op op : ops) {
        if (op.code() == Opcode.STATE && op.imm() == s) {
          low = Math.min(low, op.min());
          high = Math.max(high, op.max());
        }
      }
      this.state = graph.variable(low, high);
    }

    int variable(int id) {
      Integer known = variables.get(id);
      if (known != null) {
        return known;
      }
      Op op = ops.get(id);
      int n = op.code() == Opcode.CONST ? graph.constant(op.imm()) : graph.variable(range(id)[0], range(id)[1]);
      variables.put(id, n);
      return n;
    }

    int node(int id) {
      Integer known = nodes.get(id);
      if (known != null) {
        return known;
      }
      int n = build(id);
      nodes.put(id, n);
      return n;
    }

    private int build(int id) {
      Op op = ops.get(id);
      if (!reads[id].get(s)) {
        return variable(id);
      }
      switch (op.code()) {
        case STATE:
          if (op.imm() == s) {
            return state;
          }
          throw new NotPiecewise();
        case ADD:
          return graph.sum(node(op.a()), node(op.b()));
        case SUB:
          return graph.difference(node(op.a()), node(op.b()));
        case NEG:
          return graph.linear(new int[] {node(op.a())}, new long[] {-1}, 0);
        case MUL: {
          int constant = constantOperand(op);
          if (constant < 0) {
            throw new NotPiecewise();
          }
          int other = constant == op.a() ? op.b() : op.a();
          return graph.linear(new int[] {node(other)}, new long[] {ops.get(constant).imm()}, 0);
        }
        case MIN:
          return graph.min(node(op.a()), node(op.b()));
        case MAX:
          return graph.max(node(op.a()), node(op.b()));
        case SELECT:
          return select(op.a(), node(op.b()), node(op.c()));
        default:
          throw new NotPiecewise();
      }
    }

    int node(Term t) {
      return switch (t.kind()) {
        case OP -> variable(t.op());
        case CONST -> graph.constant(t.value());
        case ADD -> graph.sum(node(t.a()), node(t.b()));
        case SUB -> graph.difference(node(t.a()), node(t.b()));
        case NEG, SCALE -> graph.linear(new int[] {node(t.a())}, new long[] {t.value()}, 0);
        case MIN -> graph.min(node(t.a()), node(t.b()));
        case MAX -> graph.max(node(t.a()), node(t.b()));
        case SELECT -> select(t.op(), node(t.a()), node(t.b()));
      };
    }

    private int select(int condition, int a, int b) {
      Op c = ops.get(condition);
      if (c.code() == Opcode.CONST) {
        return c.imm() != 0 ? a : b;
      }
      return graph.select(variable(condition), a, b);
    }
  }

  /**
   * Op {@code id}'s range: the IR's, tightened where a sum of {@code min}s, {@code max}s and
   * {@code select}s is provably narrower over its operands' (tightened) ranges, and through
   * products, roundings and divisions by their monotonicity.
   */
  long[] range(int id) {
    long[] known = refined.get(id);
    if (known != null) {
      return known;
    }
    Op op = ops.get(id);
    long[] r = {op.min(), op.max()};
    long[] tighter = switch (op.code()) {
      case ROUND4 -> monotone(range(op.a()), v -> Arith.round4(v));
      case DIV_ROUND -> op.imm() > 0 ? monotone(range(op.a()), v -> Arith.divRound(v, op.imm()))
          : reversed(monotone(range(op.a()), v -> Arith.divRound(v, op.imm())));
      case MUL -> constantOperand(op) >= 0 ? piecewise(id) : product(range(op.a()), range(op.b()));
      case ADD, SUB, NEG, MIN, MAX, SELECT -> piecewise(id);
      default -> null;
    };
    if (tighter != null && tighter[0] <= tighter[1] && tighter[0] <= r[1] && tighter[1] >= r[0]) {
      r = new long[] {Math.max(r[0], tighter[0]), Math.min(r[1], tighter[1])};
    }
    refined.put(id, r);
    return r;
  }

  /** Branches one range question may expand before the deeper ops count as variables. */
  private static final int CONE_BRANCHES = 6;

  private long[] piecewise(int id) {
    PiecewiseLinear graph = new PiecewiseLinear();
    Map<Integer, Integer> nodes = new HashMap<>();
    int root = cone(id, graph, nodes, true);
    return graph.bounds(root);
  }

  private int cone(int id, PiecewiseLinear graph, Map<Integer, Integer> nodes, boolean root) {
    Integer known = nodes.get(id);
    if (known != null) {
      return known;
    }
    Op op = ops.get(id);
    boolean branching = op.code() == Opcode.MIN || op.code() == Opcode.MAX || op.code() == Opcode.SELECT;
    boolean expand = (root || graph.branches() < CONE_BRANCHES || !branching) && switch (op.code()) {
      case ADD, SUB, NEG, MIN, MAX, SELECT -> true;
      case MUL -> constantOperand(op) >= 0;
      default -> false;
    };
    int n;
    if (op.code() == Opcode.CONST) {
      n = graph.constant(op.imm());
    } else if (!expand) {
      long[] r = range(id);
      n = graph.variable(r[0], r[1]);
    } else {
      n = switch (op.code()) {
        case ADD -> graph.sum(cone(op.a(), graph, nodes, false), cone(op.b(), graph, nodes, false));
        case SUB -> graph.difference(cone(op.a(), graph, nodes, false), cone(op.b(), graph, nodes, false));
        case NEG -> graph.linear(new int[] {cone(op.a(), graph, nodes, false)}, new long[] {-1}, 0);
        case MUL -> {
          int constant = constantOperand(op);
          yield graph.linear(new int[] {cone(constant == op.a() ? op.b() : op.a(), graph, nodes, false)},
              new long[] {ops.get(constant).imm()}, 0);
        }
        case MIN -> graph.min(cone(op.a(), graph, nodes, false), cone(op.b(), graph, nodes, false));
        case MAX -> graph.max(cone(op.a(), graph, nodes, false), cone(op.b(), graph, nodes, false));
        case SELECT -> {
          long[] c = range(op.a());
          int a = cone(op.b(), graph, nodes, false);
          int b = cone(op.c(), graph, nodes, false);
          yield c[0] >= 1 ? a : c[1] <= 0 ? b : graph.select(graph.variable(0, 1), a, b);
        }
        default -> throw new IllegalStateException();
      };
    }
    nodes.put(id, n);
    return n;
  }

  private static long[] monotone(long[] r, java.util.function.LongUnaryOperator f) {
    return new long[] {f.applyAsLong(r[0]), f.applyAsLong(r[1])};
  }

  private static long[] reversed(long[] r) {
    return new long[] {r[1], r[0]};
  }

  private static long[] product(long[] a, long[] b) {
    BigInteger lo = null;
    BigInteger hi = null;
    for (long x : a) {
      for (long y : b) {
        BigInteger p = BigInteger.valueOf(x).multiply(BigInteger.valueOf(y));
        lo = lo == null ? p : lo.min(p);
        hi = hi == null ? p : hi.max(p);
      }
    }
    if (lo.bitLength() > 63 || hi.bitLength() > 63) {
      return null;
    }
    return new long[] {lo.longValue(), hi.longValue()};
  }
}
