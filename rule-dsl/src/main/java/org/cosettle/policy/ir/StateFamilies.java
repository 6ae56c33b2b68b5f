package org.cosettle.policy.ir;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
   * State {@code state} is updated by a {@link Kind} with per-claim {@code step} and per-person
   * {@code limit} (null for ADDITIVE); {@code states} are the other states the step reads (their
   * values before the claim), which must be known first.
   */
  public record Family(int state, Kind kind, FamilyTerm step, FamilyTerm limit, BitSet states) {}

  private final List<Op> ops;
  private final Ir.Program program;
  /** {@code reads[op]}: the states op reads, directly or through its operands. */
  private final BitSet[] reads;
  /** Whether op's value is the same for every claim of a person (constants, params, insured fields). */
  private final boolean[] perPerson;
  private final ProvenRanges ranges;

  private StateFamilies(Ir.Program program) {
    this.program = program;
    this.ops = program.ops();
    reads = new BitSet[ops.size()];
    perPerson = new boolean[ops.size()];
    ranges = new ProvenRanges(ops);
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
      return Optional.of(new Family(s, Kind.ADDITIVE, FamilyTerm.constant(0), null, new BitSet()));
    }
    if (!reads[update.op()].get(s)) {
      return Optional.empty(); // s' does not depend on s: not a running total
    }
    UpdateProof proof = new UpdateProof(ops, reads, ranges, s);
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
  private Optional<Family> prove(UpdateProof proof, int u, int s, Asymptote tail) {
    FamilyTerm step = tail.intercept;
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
    for (FamilyTerm limit : new LinkedHashSet<>(tail.breakpoints)) {
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
  private record Asymptote(int slope, FamilyTerm intercept, List<FamilyTerm> breakpoints) {}

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
      return new Asymptote(0, op.code() == Opcode.CONST ? FamilyTerm.constant(op.imm()) : FamilyTerm.op(id, ranges.range(id)), List.of());
    }
    if (op.level() != Ir.Level.CLAIM) {
      return null;
    }
    switch (op.code()) {
      case STATE:
        return op.imm() == s ? new Asymptote(1, FamilyTerm.constant(0), List.of()) : null;
      case ADD:
      case SUB: {
        Asymptote a = asymptote(op.a(), s, up, memo);
        Asymptote b = asymptote(op.b(), s, up, memo);
        if (a == null || b == null) {
          return null;
        }
        boolean add = op.code() == Opcode.ADD;
        return new Asymptote(add ? a.slope + b.slope : a.slope - b.slope,
            add ? FamilyTerm.add(a.intercept, b.intercept) : FamilyTerm.subtract(a.intercept, b.intercept), both(a, b));
      }
      case NEG: {
        Asymptote a = asymptote(op.a(), s, up, memo);
        return a == null ? null : new Asymptote(-a.slope, FamilyTerm.scale(-1, a.intercept), a.breakpoints);
      }
      case MUL: {
        int constant = constantOperand(ops, op);
        if (constant < 0) {
          return null;
        }
        long k = ops.get(constant).imm();
        Asymptote a = asymptote(constant == op.a() ? op.b() : op.a(), s, up, memo);
        if (a == null || Math.abs(k) > 1 << 20) {
          return null;
        }
        return new Asymptote(Math.toIntExact(a.slope * k), FamilyTerm.scale(k, a.intercept), a.breakpoints);
      }
      case MIN:
      case MAX: {
        Asymptote a = asymptote(op.a(), s, up, memo);
        Asymptote b = asymptote(op.b(), s, up, memo);
        if (a == null || b == null) {
          return null;
        }
        List<FamilyTerm> breakpoints = new ArrayList<>(both(a, b));
        // a limit is an operand's offset (the value of a flat operand, K in K − s), or where two
        // operands whose slopes differ by one cross
        breakpoints.add(a.intercept);
        breakpoints.add(b.intercept);
        int d = a.slope - b.slope;
        if (d == 1) { // s + ca = cb  ⇒  s = cb − ca
          breakpoints.add(FamilyTerm.subtract(b.intercept, a.intercept));
        } else if (d == -1) {
          breakpoints.add(FamilyTerm.subtract(a.intercept, b.intercept));
        }
        boolean min = op.code() == Opcode.MIN;
        if (d == 0) {
          return new Asymptote(a.slope, min ? FamilyTerm.min(a.intercept, b.intercept) : FamilyTerm.max(a.intercept, b.intercept),
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
        return new Asymptote(a.slope, FamilyTerm.select(op.a(), a.intercept, b.intercept), both(a, b));
      }
      default:
        return null;
    }
  }

  private static List<FamilyTerm> both(Asymptote a, Asymptote b) {
    List<FamilyTerm> out = new ArrayList<>(a.breakpoints);
    out.addAll(b.breakpoints);
    return out;
  }

  /** The operand of a MUL that is a public constant; −1 when neither is (or a ratio is involved). */
  static int constantOperand(List<Op> ops, Op mul) {
    if (mul.type() == org.cosettle.policy.Type.RATIO || ops.get(mul.a()).type() == org.cosettle.policy.Type.RATIO
        || ops.get(mul.b()).type() == org.cosettle.policy.Type.RATIO) {
      return -1; // a ratio product is in 1/10000 and is rounded next: not linear in the state
    }
    if (ops.get(mul.a()).code() == Opcode.CONST) {
      return mul.a();
    }
    return ops.get(mul.b()).code() == Opcode.CONST ? mul.b() : -1;
  }

  /** An update that is not piecewise-linear in its state (a product with it, a comparison of it). */
  static final class NotPiecewise extends RuntimeException {
    NotPiecewise() {
      super(null, null, false, false);
    }
  }

}
