package org.cosettle.mpc.plan;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.mpc.plan.Plan.Cost;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Position;
import org.cosettle.policy.Type;
import org.cosettle.policy.ir.Ir.Label;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir.Opcode;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.ir.ProvenRanges;
import org.cosettle.policy.ir.StateFamilies;

/**
 * Maps a compiled policy's operations to where they run in handshake mode ({@link Plan}). Pure
 * and deterministic: both parties plan the same policy the same way, so they agree on every
 * step without talking.
 *
 * <p>An item-level value that needs both parties' data runs on shares over every claim's line
 * items padded to the batch's public item bound K (the data holder's padding rows hold the
 * padding value of {@link Plan#itemPadding} for each of its item-level values): the per-claim
 * sum adds a claim's K rows, each padding row's contribution made 0 either by the expression
 * itself (the data holder's filter or factor is 0 on a padding row, {@link Plan#masksPadding}
 * false) or by a product with the data holder's 0/1 flag of real rows. The insurer learns K and
 * nothing of any claim's number of items.
 *
 * <p>Refused (listed in {@link Plan#refusals()}, never run approximately): a lookup in one of
 * the insurer's private tables or code sets the plan cannot run, and of a policy with a state shared by a family on shares ({@code state family_deductible: money
 * by insured.family}, run as one chain in the insurer's family order) states shared by two id
 * fields and an update per item code that reads a chained state.
 */
public final class Planner {
  private Planner() {}

  public static Plan plan(CompiledPolicy policy) {
    return plan(policy.program(), policy.privateTables());
  }

  /** The plan of {@code program} without its private tables' declarations: any lookup in it is refused. */
  public static Plan plan(Ir.Program program) {
    return plan(program, List.of());
  }

  /**
   * The plan of {@code program}, whose ops it carries with their ranges as {@link ProvenRanges}
   * tightens them: every width the secure evaluator sizes a comparison, a division or a product by
   * comes from the plan's program.
   */
  public static Plan plan(Ir.Program program, List<CompiledPolicy.PrivateTable> tables) {
    program = ProvenRanges.of(program).tightened(program);
    List<Op> ops = program.ops();
    Label[] sites = new Label[ops.size()];
    int stateCount = 0;
    for (Op op : ops) {
      if (op.code() == Opcode.STATE) {
        stateCount = Math.max(stateCount, (int) op.imm() + 1);
      }
    }
    for (Ir.StateUpdate u : program.updates()) {
      stateCount = Math.max(stateCount, u.stateIndex() + 1);
    }
    boolean[] shared = new boolean[stateCount];
    // a state that becomes shared shares everything computed from it, which may share another
    // state's update: iterate to the fixed point (at most one round per state)
    boolean changed = true;
    while (changed) {
      for (Op op : ops) {
        sites[op.id()] = site(op, sites, shared);
      }
      changed = false;
      for (Ir.StateUpdate u : program.updates()) {
        // a state kept per item code lives on item rows ({@code ItemCodeStates}), not per person
        // a per-year money or int state is on shares whoever computes its update: its increment counts from
        // the restarted read, which compares the two parties' dates, and a reversal takes that increment back
        boolean yearly = u.perPolicyYear() && u.op() >= 0 && ops.get(u.op()).type() != Type.BOOL;
        if (u.op() >= 0 && !u.byItemCode() && !shared[u.stateIndex()] && (yearly || sites[u.op()] != Label.INSURER
            && sites[u.op()] != Label.PUBLIC)) {
          shared[u.stateIndex()] = true;
          changed = true;
        }
      }
    }
    List<Plan.Input> inputs = new ArrayList<>();
    boolean[] entered = new boolean[ops.size()];
    List<Plan.Step> steps = new ArrayList<>();
    List<Refusal> refusals = new ArrayList<>();
    List<PrivateLookup> lookups = new ArrayList<>();
    int[] chain = new int[ops.size()];
    int depth = 0;
    boolean[] zero = zeroOnPadding(ops, sites);
    boolean[] masked = new boolean[ops.size()];
    for (Op op : ops) {
      if (sites[op.id()] != Label.JOINT) {
        continue;
      }
      int longest = 0;
      for (int arg : op.args()) {
        Label s = sites[arg];
        if ((s == Label.DATA_HOLDER || s == Label.INSURER) && !entered[arg]) {
          entered[arg] = true;
          inputs.add(new Plan.Input(arg, s.party().orElseThrow()));
        }
        longest = Math.max(longest, chain[arg]);
      }
      if (op.code() == Opcode.PRIVATE_LOOKUP) {
        Refusal refused = privateLookup(op, tables, lookups);
        if (refused != null) {
          refusals.add(refused);
        }
      }
      Cost cost = cost(op, sites);
      boolean perItem = op.level() == Ir.Level.ITEM;
      if (op.code() == Opcode.SUM_ITEMS && !zero[op.a()]) {
        // the padding rows' values are not 0 by themselves: each row times the data holder's 0/1 flag
        masked[op.id()] = true;
        cost = Cost.MULTIPLY_PRIVATE;
        perItem = true;
      }
      if (cost != Cost.LOCAL) {
        steps.add(new Plan.Step(op.id(), cost, masked[op.id()] ? 1 : bits(op, ops), perItem));
        longest++;
      }
      chain[op.id()] = longest;
      depth = Math.max(depth, longest);
    }
    java.util.BitSet sharedSet = new java.util.BitSet();
    for (int i = 0; i < shared.length; i++) {
      sharedSet.set(i, shared[i]);
    }
    boolean familyChain = program.updates().stream().anyMatch(u -> u.shared() && u.op() >= 0 && shared[u.stateIndex()]);
    // a family chain runs every claim as one step in family order, and values per item code chain
    // row by row within a layer: no prefixes over persons then
    List<StateFamilies.Family> prefix = Ir.hasItemCodeStates(program) || familyChain ? null
        : sharedSet.isEmpty() ? List.of()
        : StateFamilies.stages(StateFamilies.of(program), sharedSet).orElse(null);
    refusals.addAll(unupdatedYearlyItemCodeStates(program));
    if (familyChain) {
      refusals.addAll(familyChain(program, shared));
    }
    long words = lookups.stream().mapToLong(PrivateLookup::words).sum();
    if (words > PrivateLookup.MAX_WORDS) {
      refusals.add(new Refusal(Refusal.Kind.TOO_WIDE, ops.get(lookups.get(0).op()).position(), "private tables and code"
          + " sets of " + words + " words in all (bins × words per bin); handshake mode looks up at most "
          + PrivateLookup.MAX_WORDS + " (about " + PrivateLookup.MAX_WORDS / 4 + " declared table entries in all)"));
    }
    return new Plan(program, sites, shared, inputs, steps, depth, dedupe(refusals), prefix, masked, lookups);
  }

  /**
   * Which item-level ops are exactly 0 on a padding row whatever the insurer's values: a data
   * holder's value whose padding ({@link Plan#itemPadding}) is 0, a constant 0, and what share
   * arithmetic keeps 0 exactly in the ring — a product with a 0 factor, a selection of 0 from a
   * 0 condition or a 0 branch, a sum or negation of zeros, and a rounding of 0 within its range.
   */
  private static boolean[] zeroOnPadding(List<Op> ops, Label[] sites) {
    boolean[] zero = new boolean[ops.size()];
    for (Op op : ops) {
      int id = op.id();
      if (op.code() == Opcode.CONST) {
        zero[id] = op.imm() == 0;
      } else if (op.level() != Ir.Level.ITEM) {
        zero[id] = false;
      } else if (sites[id] == Label.DATA_HOLDER) {
        zero[id] = Plan.padding(op) == 0;
      } else {
        zero[id] = switch (op.code()) {
          case MUL, AND -> zero[op.a()] || zero[op.b()];
          case SELECT -> zero[op.c()] && (zero[op.a()] || zero[op.b()]);
          case ADD, SUB -> zero[op.a()] && zero[op.b()];
          case NEG -> zero[op.a()];
          case ROUND4, DIV_ROUND -> zero[op.a()] && ops.get(op.a()).min() <= 0 && ops.get(op.a()).max() >= 0;
          default -> false;
        };
      }
    }
    return zero;
  }

  /**
   * A lookup joins {@code lookups} (once per table or code set and level: per claim or per item
   * row) and runs by the HE lookup on a linear OKVS ({@link PrivateLookup}); the refusal of one
   * handshake mode cannot run, else null.
   */
  private static Refusal privateLookup(Op op, List<CompiledPolicy.PrivateTable> tables, List<PrivateLookup> lookups) {
    String what = op.type() == Type.BOOL ? "a private table or code set" : "a private table";
    boolean perItem = op.level() == Ir.Level.ITEM;
    CompiledPolicy.PrivateTable t = tables.stream().filter(x -> x.index() == op.imm()).findFirst().orElse(null);
    if (t == null) {
      return new Refusal(Refusal.Kind.PRIVATE_LOOKUP, op.position(), "a lookup in " + what
          + " whose declaration the plan was not given");
    }
    if (lookups.stream().noneMatch(l -> l.table() == t.index() && l.perItem() == perItem)) {
      lookups.add(t.codeSet() ? PrivateLookup.codeSet(op.id(), t.index(), t.name(), perItem)
          : t.universe() != null
              ? PrivateLookup.indexedTable(op.id(), t.index(), t.name(), t.universe(), t.defaultValue(), perItem)
          : PrivateLookup.table(op.id(), t.index(), t.name(), t.size(), t.defaultValue(), perItem));
    }
    return null;
  }

  private static Label site(Op op, Label[] sites, boolean[] sharedStates) {
    if (op.code() == Opcode.STATE) {
      return sharedStates[(int) op.imm()] ? Label.JOINT : Label.INSURER;
    }
    if (op.args().length == 0) {
      return op.label();
    }
    // only the data holder knows how many line items a claim has
    Label s = op.level() == Ir.Level.ITEM || op.code() == Opcode.SUM_ITEMS ? Label.DATA_HOLDER : Label.PUBLIC;
    for (int arg : op.args()) {
      s = s.join(sites[arg]);
    }
    return s;
  }

  private static Cost cost(Op op, Label[] sites) {
    return switch (op.code()) {
      case MUL -> {
        Label a = sites[op.a()];
        Label b = sites[op.b()];
        if (a == Label.PUBLIC || b == Label.PUBLIC) {
          yield Cost.LOCAL;
        }
        yield a == Label.JOINT && b == Label.JOINT ? Cost.MULTIPLY_SHARED : Cost.MULTIPLY_PRIVATE;
      }
      case LT, LE, EQ, NE, MIN, MAX -> Cost.COMPARE;
      // a public condition just picks a branch; one party's condition is a 1-bit plaintext factor
      case SELECT -> sites[op.a()] == Label.PUBLIC ? Cost.LOCAL
          : sites[op.a()] == Label.JOINT ? Cost.SELECT : Cost.MULTIPLY_PRIVATE;
      case AND, OR -> sites[op.a()] == Label.PUBLIC || sites[op.b()] == Label.PUBLIC ? Cost.LOCAL : Cost.LOGIC;
      case IN_MASK -> Cost.LOGIC;
      case ROUND4, DIV_ROUND -> Cost.ROUND;
      case PRIVATE_LOOKUP -> Cost.LOOKUP;
      default -> Cost.LOCAL;
    };
  }

  /** The bits an interactive step works on: the span of its operands' ranges (at least 1). */
  private static int bits(Op op, List<Op> ops) {
    long min = op.min();
    long max = op.max();
    if (op.code() != Opcode.MUL && op.code() != Opcode.SELECT) {
      for (int arg : op.args()) {
        min = Math.min(min, ops.get(arg).min());
        max = Math.max(max, ops.get(arg).max());
      }
    }
    long span = max - min;
    if (span < 0) { // overflowed: wider than 63 bits
      return 64;
    }
    return Math.max(1, 64 - Long.numberOfLeadingZeros(span));
  }

  /**
   * A state kept per item code per policy_year that no update changes is refused: handshake mode
   * restarts the values per code through the state's updates, and such a state has none (its
   * restart read alone would be counted for work the online phase never does); no line of the
   * policy computes it, so the refusal names none.
   */
  private static List<Refusal> unupdatedYearlyItemCodeStates(Ir.Program program) {
    List<Refusal> refusals = new ArrayList<>();
    for (Ir.StateUpdate u : program.updates()) {
      if (u.byItemCode() && u.perPolicyYear() && u.op() < 0) {
        refusals.add(Refusal.ofBatch(Refusal.Kind.STATE_BY_ITEM_CODE, "state " + u.name() + " is kept per item code"
            + " per policy_year and no update changes it: handshake mode restarts the values per code at an"
            + " anniversary through the state's updates; update it, declare it without per policy_year, or settle"
            + " this policy in rules-come-in mode"));
      }
    }
    return refusals;
  }

  /**
   * Per op of a policy with a state shared by a family on shares, whether it runs in the family
   * chain's steps: a shared read of a family state or of a per-person state the chain carries
   * reaches it. The states that run in the layers before the chain ({@link #layeredStates}) and
   * the person's policy year beside states kept per item code ({@link #layeredYear}) do not count.
   */
  static boolean[] chainedOps(Ir.Program program, Label[] sites) {
    return chainedOps(program, sites, layeredStates(program, sites));
  }

  /** {@link #chainedOps(Ir.Program, Label[])} given the {@link #layeredStates} already computed. */
  static boolean[] chainedOps(Ir.Program program, Label[] sites, boolean[] layeredStates) {
    return reach(program, sites, layeredStates);
  }

  /** Per op, whether a shared read of a state not {@code free} (nor the layered year) reaches it. */
  private static boolean[] reach(Ir.Program program, Label[] sites, boolean[] free) {
    int year = layeredYear(program);
    boolean[] chained = new boolean[sites.length];
    for (Op op : program.ops()) {
      boolean d = op.code() == Opcode.STATE && sites[op.id()] == Label.JOINT && op.imm() != year && !free[(int) op.imm()];
      for (int a : op.args()) {
        d |= chained[a];
      }
      chained[op.id()] = d;
    }
    return chained;
  }

  /**
   * Whether, beside a family chain, an update per item code (its value or its {@code where}) reads
   * a chained state, directly or through other ops: the values per item code then run in the
   * chain's steps, row by row ({@link #chainedWithCodes}), not in layers before it.
   */
  static boolean codesInChain(Ir.Program program, Label[] sites) {
    return codesInChainReason(program, sites) != null;
  }

  /**
   * Why the values per item code run in the chain ({@link #codesInChain}): "the update of a per item
   * code reads state b"; null when they do not.
   */
  static String codesInChainReason(Ir.Program program, Label[] sites) {
    if (!Ir.hasItemCodeStates(program)) {
      return null;
    }
    boolean[] chained = chainedOps(program, sites);
    for (Ir.StateUpdate u : program.updates()) {
      if (u.byItemCode() && (u.op() >= 0 && chained[u.op()] || u.where() >= 0 && chained[u.where()])) {
        return "the update of " + u.name() + " per item code reads " + chainedReads(program, chained, u);
      }
    }
    return null;
  }

  /**
   * The chained ops when the values per item code run in the chain ({@link #codesInChain}): a shared
   * read of any state but the person's policy year ({@link #layeredYear}), a value per code too,
   * reaches them; no per-person state runs in layers before the chain.
   */
  static boolean[] chainedWithCodes(Ir.Program program, Label[] sites) {
    int year = layeredYear(program);
    boolean[] chained = new boolean[sites.length];
    for (Op op : program.ops()) {
      boolean d = sites[op.id()] == Label.JOINT && (op.code() == Opcode.STATE && op.imm() != year
          || op.code() == Opcode.KEYED_STATE);
      for (int a : op.args()) {
        d |= chained[a];
      }
      chained[op.id()] = d;
    }
    return chained;
  }

  /**
   * Per state, whether it runs in the layers of the persons' claims before a family chain rather
   * than in the chain: with states kept per item code (the layers run anyway), a per-person state
   * (per policy year too: the person's year runs in the layers, {@link #layeredYear}) whose update
   * no family state reaches, directly or through another per-person state the chain carries (a
   * person's total of special drugs beside a family's deductible on care). Its values before each claim then enter the chain as any operand computed
   * before it, and an update per item code may read it. The person's policy year is apart ({@link
   * #layeredYear}).
   */
  static boolean[] layeredStates(Ir.Program program, Label[] sites) {
    int count = Math.max(program.updates().stream().mapToInt(Ir.StateUpdate::stateIndex).max().orElse(-1),
        program.ops().stream().filter(op -> op.code() == Opcode.STATE).mapToInt(op -> (int) op.imm()).max().orElse(-1))
        + 1;
    boolean[] layered = new boolean[count];
    if (!Ir.hasItemCodeStates(program)) {
      return layered;
    }
    int year = layeredYear(program);
    for (Ir.StateUpdate u : program.updates()) {
      layered[u.stateIndex()] = !u.shared() && !u.byItemCode() && u.op() >= 0 && u.stateIndex() != year;
    }
    for (boolean changed = true; changed; ) {
      changed = false;
      boolean[] chained = reach(program, sites, layered);
      for (Ir.StateUpdate u : program.updates()) {
        if (layered[u.stateIndex()] && chained[u.op()]) {
          layered[u.stateIndex()] = false;
          changed = true;
        }
      }
    }
    return layered;
  }

  /**
   * The chained states ({@code chained}: {@link #chainedOps}) the update per code {@code u} reads
   * (its value or its {@code where}, through other ops), by name: "state a", "states a and b".
   */
  static String chainedReads(Ir.Program program, boolean[] chained, Ir.StateUpdate u) {
    boolean[] seen = new boolean[chained.length];
    java.util.TreeSet<Integer> states = new java.util.TreeSet<>();
    java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
    for (int root : new int[] {u.op(), u.where()}) {
      if (root >= 0) {
        todo.push(root);
      }
    }
    while (!todo.isEmpty()) {
      int id = todo.pop();
      if (seen[id] || !chained[id]) {
        continue;
      }
      seen[id] = true;
      Op op = program.ops().get(id);
      if (op.code() == Opcode.STATE) {
        states.add((int) op.imm());
      }
      for (int a : op.args()) {
        todo.push(a);
      }
    }
    List<String> names = new ArrayList<>();
    for (int s : states) {
      names.add(program.updates().stream().filter(x -> x.stateIndex() == s).map(Ir.StateUpdate::name).findFirst()
          .orElse("#" + s));
    }
    return (names.size() == 1 ? "state " : "states ") + String.join(" and ", names);
  }

  /**
   * The person's recorded policy year (the last state) when the policy also keeps states per item
   * code, else −1: beside a family chain, the values per code run in layers of the persons' claims
   * before the chain and restart on the person's year, whose update (the later of the recorded year
   * and the claim's) reads no other state, so the layers carry it as well.
   */
  static int layeredYear(Ir.Program program) {
    List<Ir.StateUpdate> updates = program.updates();
    return Ir.hasItemCodeStates(program) && updates.stream().anyMatch(Ir.StateUpdate::perPolicyYear)
        ? updates.size() - 1 : -1;
  }

  /**
   * What the family chain (states shared by a family on shares, run claim by claim in the
   * insurer's family order) does not do: states shared by two different id fields (two groupings,
   * one order). A line-item value of the chain runs in the chain's steps, its claim's K rows at
   * once; an update per item code that a chained state reaches runs there too, row by row ({@link
   * #codesInChain}).
   */
  private static List<Refusal> familyChain(Ir.Program program, boolean[] shared) {
    List<Refusal> refusals = new ArrayList<>();
    int key = -1;
    for (Ir.StateUpdate u : program.updates()) {
      if (u.shared() && u.op() >= 0 && shared[u.stateIndex()]) {
        if (key >= 0 && u.sharedBy() != key) {
          refusals.add(Refusal.atLine(Refusal.Kind.SHARED_STATE, u.line(), "state " + u.name() + " is shared by"
              + " another id field than the policy's other shared states: handshake mode runs one family order"
              + " per batch; settle this policy in rules-come-in mode"));
        }
        key = u.sharedBy();
      }
    }
    return refusals;
  }

  /**
   * One refusal per position: an item-level expression is several ops at the same place (a
   * refusal of no line, such as a state no line computes, is kept).
   */
  private static List<Refusal> dedupe(List<Refusal> refusals) {
    List<Refusal> out = new ArrayList<>();
    for (Refusal r : refusals) {
      if (r.position() == null || out.stream().noneMatch(o -> r.position().equals(o.position()))) {
        out.add(r);
      }
    }
    return out;
  }
}
