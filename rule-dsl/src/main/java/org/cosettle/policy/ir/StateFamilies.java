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
 *   <tr><td>CLAMPED</td><td>min(max(s + x, L), H)</td><td>—</td><td>a scan, below</td></tr>
 *   <tr><td>RUNNING_MAX</td><td>max(s, x)</td><td>—</td><td>max(s₀, x₁, …, xⱼ) (j ≥ 1), by a scan</td></tr>
 * </table>
 *
 * where the limit {@code K} is the same for every claim of a person (built from constants,
 * params, private params and {@code insured.*} fields only). SATURATING is the usual "deductible
 * used" or "paid this year" ({@code s + min(x, max(0, K − s))} equals it when {@code x ≥ 0}); its
 * composition law: for {@code s < K} both sides are {@code min(s + x₁ + x₂, K)}, and for {@code s ≥ K}
 * both are {@code s}. CAPPED and FLOORED compose the same way after at least one claim.
 *
 * <p>CLAMPED takes a step of either sign (a refund or a reversal lowers the state) between a
 * floor {@code L} and a ceiling {@code H} of the person, either of which may be absent
 * (−∞, +∞). Writing {@code C(v; L, H) = min(max(v, L), H)}, two such updates compose into one:
 * {@code C(C(s + x₁; L₁, H₁) + x₂; L₂, H₂) = C(s + x₁ + x₂; C(L₁ + x₂; L₂, H₂), C(H₁ + x₂; L₂,
 * H₂))} — for every L₁, H₁, L₂, H₂, ordered or not, since {@code C(·; L, H)} is monotone — so the
 * state before every claim follows from a parallel prefix scan of (Σx, L, H) triples over each
 * person's claims, about log₂(claims per person) steps of two clamps each, not a sum.
 *
 * <p>An update may read its state through a <em>restart</em>, {@code select(r, 0, s)} with a
 * per-claim flag r that does not read s (a state declared {@code per policy_year} restarts when
 * the claim starts a new year): the family is then proven of {@code u} as a function of that
 * read, and {@link Family#restart} names the flag. The state before a claim is then the family's
 * prefix over the claims since the person's last restart, starting from 0, or over all earlier
 * claims from s₀ when none restarted: a segmented prefix. A running maximum does not restart.
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
 *
 * <p>One class above the usual 400 lines: the six families share one recogniser (the step and
 * the limits read off the update), one proof against {@link PiecewiseLinear} and the staging of
 * dependent states; split by family, each piece would repeat the reading and the proof, and a
 * family's soundness would no longer be visible in one place. The proof's arithmetic is in {@link
 * PiecewiseLinear}, the terms in {@link FamilyTerm}.
 */
public final class StateFamilies {
  /** The family of an update; see the class comment. */
  public enum Kind {
    ADDITIVE("s + x"),
    SATURATING("max(s, min(s + x, limit)), x ≥ 0"),
    CAPPED("min(s + x, limit), x ≥ 0"),
    FLOORED("max(s + x, limit), x ≤ 0"),
    CLAMPED("min(max(s + x, floor), ceiling), by a scan"),
    RUNNING_MAX("max(s, x), by a scan");

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
   * {@code limit} (null for ADDITIVE; for CLAMPED the floor, null when there is none); {@code
   * states} are the other states the step reads (their values before the claim), which must be
   * known first; {@code ceiling} is CLAMPED's ceiling (null when there is none, and for the other
   * kinds).
   */
  public record Family(int state, Kind kind, FamilyTerm step, FamilyTerm limit, BitSet states, FamilyTerm ceiling,
      int restart) {
    /** A family that does not restart. */
    public Family(int state, Kind kind, FamilyTerm step, FamilyTerm limit, BitSet states, FamilyTerm ceiling) {
      this(state, kind, step, limit, states, ceiling, -1);
    }

    /** A family with no ceiling (every kind but CLAMPED) that does not restart. */
    public Family(int state, Kind kind, FamilyTerm step, FamilyTerm limit, BitSet states) {
      this(state, kind, step, limit, states, null, -1);
    }

    /**
     * Whether the update reads the state through a restart ({@link #restart} ≥ 0: the op of the
     * claim's 0/1 flag, e.g. a new policy year): the family is then of {@code u(r ? 0 : s)}, and
     * the state before a claim is the family's prefix over the claims since the person's last
     * restart, from 0 (a segmented prefix), or over all earlier claims from s₀ when none restarted.
     */
    public boolean restarts() {
      return restart >= 0;
    }

    /** This family restarting on flag op {@code flag}, which reads the states {@code flagStates}. */
    Family restartingOn(int flag, BitSet flagStates) {
      BitSet all = (BitSet) states.clone();
      all.or(flagStates);
      all.clear(state);
      return new Family(state, kind, step, limit, all, ceiling, flag);
    }
  }

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
        case CONST, PRIVATE_PARAM, INSURED, INSURED_CODE -> true;
        case INPUT -> InputField.values()[(int) op.imm()].owner() == Party.INSURER;
        case STATE, CODE_IN, PRIVATE_LOOKUP, CODE_FINGERPRINT -> false;
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

  /**
   * While one update is analysed, the op that reads its state through a restart ({@code
   * select(r, 0, s)}, r not reading s), which the analysis takes for the state itself; −1 when the
   * update reads the state directly.
   */
  private int restartRead = -1;

  /** Marks an update that reads its state both directly and through a restart, or through two flags. */
  private static final int MIXED_READS = -2;

  private Optional<Family> family(Ir.StateUpdate update) {
    int s = update.stateIndex();
    if (update.op() < 0) {
      return Optional.of(new Family(s, Kind.ADDITIVE, FamilyTerm.constant(0), null, new BitSet()));
    }
    if (!reads[update.op()].get(s)) {
      return Optional.empty(); // s' does not depend on s: not a running total
    }
    int read = restartRead(update.op(), s);
    if (read == MIXED_READS) {
      return Optional.empty();
    }
    restartRead = read;
    try {
      Optional<Family> found = unrestarted(update, s);
      if (read < 0) {
        return found;
      }
      int flag = ops.get(read).a();
      // a running maximum restarting on a flag has no scan here: its state runs claim after claim
      return found.filter(f -> f.kind() != Kind.RUNNING_MAX).map(f -> f.restartingOn(flag, reads[flag]));
    } finally {
      restartRead = -1;
    }
  }

  /**
   * The one op through which the update rooted at {@code root} reads state {@code s}, when every
   * read is {@code select(r, 0, s)} with one flag r that does not read s; −1 when it reads s only
   * directly; {@link #MIXED_READS} otherwise.
   */
  private int restartRead(int root, int s) {
    int found = -1;
    boolean direct = false;
    BitSet seen = new BitSet();
    java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      int id = todo.pop();
      if (seen.get(id) || !reads[id].get(s)) {
        continue;
      }
      seen.set(id);
      Op op = ops.get(id);
      if (op.code() == Opcode.STATE) {
        direct |= op.imm() == s;
      } else if (op.code() == Opcode.SELECT && !reads[op.a()].get(s) && ops.get(op.b()).code() == Opcode.CONST
          && ops.get(op.b()).imm() == 0 && ops.get(op.c()).code() == Opcode.STATE && ops.get(op.c()).imm() == s) {
        if (found >= 0 && found != id) {
          return MIXED_READS;
        }
        found = id;
      } else {
        for (int a : op.args()) {
          todo.push(a);
        }
      }
    }
    return found >= 0 && direct ? MIXED_READS : found;
  }

  /** Whether op {@code id} is where the update being analysed reads state {@code s}. */
  private boolean isState(int id, int s) {
    Op op = ops.get(id);
    return restartRead >= 0 ? id == restartRead : op.code() == Opcode.STATE && op.imm() == s;
  }

  /** The family of an update, its state read as {@link #isState} says (before any restart is attached). */
  private Optional<Family> unrestarted(Ir.StateUpdate update, int s) {
    UpdateProof proof = new UpdateProof(ops, reads, ranges, s, restartRead);
    int u;
    try {
      u = proof.node(update.op());
    } catch (NotPiecewise e) {
      return Optional.empty();
    }
    // the step is u(s) − s where u follows the state: towards −∞ (sums, caps, saturation) or +∞ (floors)
    for (Direction direction : new Direction[] {Direction.DOWN, Direction.UP}) {
      Asymptote tail = asymptote(update.op(), s, direction);
      if (tail == null || tail.slope != 1 || !tail.intercept.bounded()) {
        continue;
      }
      Optional<Family> found = prove(proof, u, s, tail);
      if (found.isPresent()) {
        return found;
      }
    }
    return clamped(proof, u, update.op(), s).or(() -> runningMax(proof, u, update.op(), s));
  }

  /**
   * RUNNING_MAX, when the update follows the state towards +∞ and is flat towards −∞ at a value of
   * the claim (the step): proven equal to {@code max(s, x)}, e.g. the latest policy year seen.
   */
  private Optional<Family> runningMax(UpdateProof proof, int u, int op, int s) {
    Asymptote down = asymptote(op, s, Direction.DOWN);
    Asymptote up = asymptote(op, s, Direction.UP);
    if (down == null || up == null || down.slope != 0 || !down.intercept.bounded() || up.slope != 1
        || up.intercept.kind() != FamilyTerm.TermKind.CONST || up.intercept.value() != 0) {
      return Optional.empty();
    }
    BitSet stepStates = new BitSet();
    for (int id : down.intercept.ops()) {
      stepStates.or(reads[id]);
    }
    return proof.graph.provenEqual(u, proof.graph.max(proof.state, proof.node(down.intercept)))
        ? Optional.of(new Family(s, Kind.RUNNING_MAX, down.intercept, null, stepStates))
        : Optional.empty();
  }

  /**
   * CLAMPED, when the update follows the state with slope 1 between two flat tails: the step is
   * the offset of its slope-1 branch ({@link #branch}), the floor the value of its tail towards −∞ (none when that
   * tail has slope 1), the ceiling that towards +∞; proven equal to {@code min(max(s + x, L), H)}.
   */
  private Optional<Family> clamped(UpdateProof proof, int u, int op, int s) {
    FamilyTerm step = branch(op, s, 1, new HashMap<>());
    Asymptote down = asymptote(op, s, Direction.DOWN);
    Asymptote up = asymptote(op, s, Direction.UP);
    if (step == null || !step.bounded() || down == null || up == null) {
      return Optional.empty();
    }
    FamilyTerm floor = tail(down);
    FamilyTerm ceiling = tail(up);
    if ((floor == null && down.slope != 1) || (ceiling == null && up.slope != 1) || (floor == null && ceiling == null)) {
      return Optional.empty();
    }
    BitSet stepStates = new BitSet();
    for (int id : step.ops()) {
      stepStates.or(reads[id]);
    }
    int form = proof.graph.sum(proof.state, proof.node(step));
    if (floor != null) {
      form = proof.graph.max(form, proof.node(floor));
    }
    if (ceiling != null) {
      form = proof.graph.min(form, proof.node(ceiling));
    }
    return proof.graph.provenEqual(u, form)
        ? Optional.of(new Family(s, Kind.CLAMPED, step, floor, stepStates, ceiling))
        : Optional.empty();
  }

  /** A flat tail's value when it is the same for every claim of a person and bounded; null otherwise. */
  private FamilyTerm tail(Asymptote a) {
    if (a.slope != 0 || !a.intercept.bounded() || !a.intercept.ops().stream().allMatch(id -> perPerson[id])) {
      return null;
    }
    return a.intercept;
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

  /** Where {@link #asymptote} follows the update: towards s → −∞ or towards +∞. */
  private enum Direction { DOWN, UP }

  /** {@code u(s) ≈ slope·s + intercept} as {@code s → −∞} or {@code +∞}. */
  private Asymptote asymptote(int id, int s, Direction up) {
    return asymptote(id, s, up, new HashMap<>());
  }

  private Asymptote asymptote(int id, int s, Direction up, Map<Integer, Asymptote> memo) {
    return memoised(memo, id, () -> computeAsymptote(id, s, up, memo));
  }

  /** {@code memo}'s value at {@code key}, computed once (null results too). */
  private static <K, V> V memoised(Map<K, V> memo, K key, java.util.function.Supplier<V> compute) {
    if (memo.containsKey(key)) {
      return memo.get(key);
    }
    V value = compute.get();
    memo.put(key, value);
    return value;
  }

  /** Op {@code id} as a term, when it does not read the state. */
  private FamilyTerm flat(int id) {
    Op op = ops.get(id);
    return op.code() == Opcode.CONST ? FamilyTerm.constant(op.imm()) : FamilyTerm.op(id, ranges.range(id));
  }

  private Asymptote computeAsymptote(int id, int s, Direction up, Map<Integer, Asymptote> memo) {
    Op op = ops.get(id);
    if (!reads[id].get(s)) {
      return new Asymptote(0, flat(id), List.of());
    }
    if (op.level() != Ir.Level.CLAIM) {
      return null;
    }
    if (isState(id, s)) {
      return new Asymptote(1, FamilyTerm.constant(0), List.of());
    }
    switch (op.code()) {
      case STATE:
        return null;
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
        Asymptote smaller = (d > 0) != (up == Direction.UP) ? a : b;
        Asymptote larger = (d > 0) != (up == Direction.UP) ? b : a;
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

  /**
   * The offset of a piece of op {@code id} in which it follows state {@code s} with slope {@code
   * want}: at a {@code min} or {@code max} the operand that has such a piece, at a sum a split of
   * the slope between the operands' pieces; null when no choice gives one. (A candidate only: the
   * caller proves the whole form.)
   */
  private FamilyTerm branch(int id, int s, int want, Map<Long, FamilyTerm> memo) {
    return memoised(memo, (long) id << 32 | (want & 0xFFFFFFFFL), () -> computeBranch(id, s, want, memo));
  }

  private FamilyTerm computeBranch(int id, int s, int want, Map<Long, FamilyTerm> memo) {
    Op op = ops.get(id);
    if (!reads[id].get(s)) {
      return want != 0 ? null : flat(id);
    }
    if (op.level() != Ir.Level.CLAIM) {
      return null;
    }
    if (isState(id, s)) {
      return want == 1 ? FamilyTerm.constant(0) : null;
    }
    switch (op.code()) {
      case STATE:
        return null;
      case ADD:
      case SUB: {
        int sign = op.code() == Opcode.ADD ? 1 : -1;
        for (int sa : slopes(op.a(), s, new HashMap<>())) {
          FamilyTerm a = branch(op.a(), s, sa, memo);
          FamilyTerm b = a == null ? null : branch(op.b(), s, sign * (want - sa), memo);
          if (b != null) {
            return sign == 1 ? FamilyTerm.add(a, b) : FamilyTerm.subtract(a, b);
          }
        }
        return null;
      }
      case NEG: {
        FamilyTerm a = branch(op.a(), s, -want, memo);
        return a == null ? null : FamilyTerm.scale(-1, a);
      }
      case MUL: {
        int constant = constantOperand(ops, op);
        if (constant < 0) {
          return null;
        }
        long k = ops.get(constant).imm();
        if (k == 0 || Math.abs(k) > 1 << 20 || want % k != 0) {
          return null;
        }
        FamilyTerm a = branch(constant == op.a() ? op.b() : op.a(), s, (int) (want / k), memo);
        return a == null ? null : FamilyTerm.scale(k, a);
      }
      case MIN:
      case MAX: {
        FamilyTerm a = branch(op.a(), s, want, memo);
        return a != null ? a : branch(op.b(), s, want, memo);
      }
      case SELECT: {
        if (reads[op.a()].get(s)) {
          return null;
        }
        FamilyTerm a = branch(op.b(), s, want, memo);
        FamilyTerm b = a == null ? null : branch(op.c(), s, want, memo);
        return b == null ? null : FamilyTerm.select(op.a(), a, b);
      }
      default:
        return null;
    }
  }

  /** The slopes op {@code id}'s pieces may have in state {@code s} (a superset; empty when not piecewise). */
  private java.util.Set<Integer> slopes(int id, int s, Map<Integer, java.util.Set<Integer>> memo) {
    java.util.Set<Integer> known = memo.get(id);
    if (known != null) {
      return known;
    }
    Op op = ops.get(id);
    java.util.Set<Integer> out = new java.util.TreeSet<>();
    if (!reads[id].get(s)) {
      out.add(0);
    } else if (isState(id, s)) {
      out.add(1);
    } else if (op.level() == Ir.Level.CLAIM) {
      switch (op.code()) {
        case STATE -> { }
        case ADD, SUB -> {
          for (int a : slopes(op.a(), s, memo)) {
            for (int b : slopes(op.b(), s, memo)) {
              if (out.size() < 16) {
                out.add(op.code() == Opcode.ADD ? a + b : a - b);
              }
            }
          }
        }
        case NEG -> slopes(op.a(), s, memo).forEach(a -> out.add(-a));
        case MUL -> {
          int constant = constantOperand(ops, op);
          if (constant >= 0 && Math.abs(ops.get(constant).imm()) <= 1 << 20) {
            long k = ops.get(constant).imm();
            for (int a : slopes(constant == op.a() ? op.b() : op.a(), s, memo)) {
              if (Math.abs(a * k) <= 1 << 20) {
                out.add((int) (a * k));
              }
            }
          }
        }
        case MIN, MAX -> {
          out.addAll(slopes(op.a(), s, memo));
          out.addAll(slopes(op.b(), s, memo));
        }
        case SELECT -> {
          if (!reads[op.a()].get(s)) {
            out.addAll(slopes(op.b(), s, memo));
            out.addAll(slopes(op.c(), s, memo));
          }
        }
        default -> { }
      }
    }
    memo.put(id, out);
    return out;
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
