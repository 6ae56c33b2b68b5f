package org.cosettle.mpc.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Bounds;
import org.cosettle.core.Party;
import org.cosettle.mpc.arith.ArithmeticSession;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.eval.ClaimBatch;
import org.cosettle.policy.internal.LocalValues;
import org.cosettle.policy.ir.Ir.Label;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.ir.StateFamilies;

/**
 * One party's run of the secure part of a plan over a batch, layer by layer (the k-th claim of
 * every insured person together, as the plaintext engine does): both parties call the same
 * session operations in the same order (SPMD), each with its own plaintext values ({@link
 * LocalValues}) entering where the plan says. Booleans are kept as arithmetic shares of 0/1,
 * so {@code AND} is a product, {@code SELECT} is b + c·(a − b), and every comparison ends with a
 * bit-to-arithmetic conversion. States the plan keeps on shares carry over from layer to layer
 * per insured person; the shared ops no such state reaches run once for the whole batch before
 * the layers ({@link #run}), and the new state values are checked against the money bound once
 * at the end ({@link #boundViolationShares}).
 */
final class SecureEvaluator {
  private final Plan plan;
  private final List<Op> ops;
  private final ArithmeticSession session;
  private final Party me;
  private final Label mySite;
  private final LocalValues local;
  private final ClaimBatch batch;
  /** The batch's insured persons, numbered by first appearance: the same at both parties. */
  private final int[] person;
  private final int persons;
  /** {@code stateShares[s][person]} for the states kept on shares. */
  private final long[][] stateShares;
  /** This party's share of how many state values left the money bound (spec §3) on shares. */
  private long boundViolations;
  /** {@code kept.get(op)[claim]} (file order): shares of the shared ops needed after the layers (outputs, aggregates). */
  private final Map<Integer, long[]> kept = new HashMap<>();

  SecureEvaluator(Plan plan, ArithmeticSession session, LocalValues local, ClaimBatch batch, List<String> insuredIds) {
    this.plan = plan;
    this.ops = plan.program().ops();
    this.session = session;
    this.me = ShareHolders.partyOf(session.party());
    this.mySite = Label.of(me);
    this.local = local;
    this.batch = batch;
    Map<String, Integer> index = new HashMap<>();
    person = new int[insuredIds.size()];
    for (int c = 0; c < person.length; c++) {
      person[c] = index.computeIfAbsent(insuredIds.get(c), k -> index.size());
    }
    persons = index.size();
    int states = 0;
    for (Op op : ops) {
      if (op.code() == Ir.Opcode.STATE) {
        states = Math.max(states, (int) op.imm() + 1);
      }
    }
    for (Ir.StateUpdate u : plan.program().updates()) {
      states = Math.max(states, u.stateIndex() + 1);
    }
    stateShares = new long[states][];
  }

  /** The ops whose values must be kept for the whole batch: shared outputs and shared state updates. */
  void keep(int op) {
    kept.computeIfAbsent(op, k -> new long[person.length]);
  }

  long[] kept(int op) {
    return kept.get(op);
  }

  /**
   * Brings the insurer's starting values of the shared states in: the insurer's per person
   * (in the order of first appearance), the data holder's are drawn by the session.
   */
  void startStates(long[][] insurerStartValues) {
    for (int s = 0; s < stateShares.length; s++) {
      if (plan.stateShared(s)) {
        stateShares[s] = me == Party.INSURER ? session.shareInput(insurerStartValues[s]) : session.peerInput(persons);
      }
    }
  }

  /**
   * Runs the batch. When the plan resolves every shared state as a prefix ({@link
   * PrefixSchedule}), the whole batch is one pass: each state's values before every claim come
   * from its family's closed form over the prefix of the person's steps, then every shared op runs
   * once for all claims. Otherwise, first, for all claims at once, the shared ops that no shared
   * state reaches (their values do not depend on the claim's place in its insured person's
   * sequence, so one protocol call serves the whole batch instead of one per layer); then every
   * layer, where those ops' shares are looked up and only the ops downstream of a shared state run.
   */
  void run() {
    java.util.Optional<PrefixSchedule> prefix = PrefixSchedule.of(plan, batch.layerCount());
    if (prefix.isPresent()) {
      runPrefix(prefix.get());
      return;
    }
    boolean[] layered = dependsOnSharedState();
    int n = person.length;
    int[] everyClaim = new int[n];
    for (int c = 0; c < n; c++) {
      everyClaim[c] = c;
    }
    long[][] once = new long[ops.size()][];
    for (Op op : ops) {
      if (plan.site(op.id()) == Label.JOINT && !layered[op.id()]) {
        once[op.id()] = compute(op, everyClaim, once);
      }
    }
    hoisted = once;
    for (int l = 0; l < batch.layerCount(); l++) {
      runLayer(batch.layer(l));
    }
  }

  /** {@code stateBefore[s][claim]}: shares of state s before each claim (file order), in a prefix run. */
  private long[][] stateBefore;

  private void runPrefix(PrefixSchedule schedule) {
    int n = person.length;
    int[] every = new int[n];
    for (int c = 0; c < n; c++) {
      every[c] = c;
    }
    java.util.BitSet[] reads = sharedStatesRead();
    long[][] all = new long[ops.size()][];
    java.util.BitSet resolved = new java.util.BitSet();
    stateBefore = new long[stateShares.length][];
    for (PrefixSchedule.Stage stage : schedule.stages()) {
      computeResolved(all, every, reads, resolved);
      StateFamilies.Family f = stage.family();
      long[] step = term(f.step(), every, all);
      long[] start = new long[n];
      long[] y = new long[n];
      // the sum of the steps of the person's earlier claims: local on additive shares
      long[] running = new long[persons];
      for (int c = 0; c < n; c++) {
        start[c] = stateShares[f.state()][person[c]];
        y[c] = start[c] + running[person[c]];
        running[person[c]] += step[c];
      }
      long[] before = switch (f.kind()) {
        case ADDITIVE -> y;
        case SATURATING -> session.max(start, session.min(y, term(f.limit(), every, all), stage.firstWidth()),
            stage.secondWidth());
        case CAPPED -> session.min(y, term(f.limit(), every, all), stage.firstWidth());
        case FLOORED -> session.max(y, term(f.limit(), every, all), stage.firstWidth());
      };
      if (!f.kind().identityAtZero()) {
        boolean[] seen = new boolean[persons];
        for (int c = 0; c < n; c++) {
          if (!seen[person[c]]) {
            seen[person[c]] = true;
            before[c] = start[c];
          }
        }
      }
      stateBefore[f.state()] = before;
      resolved.set(f.state());
    }
    resolved.set(0, stateShares.length);
    computeResolved(all, every, reads, resolved);
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.op() >= 0 && plan.stateShared(u.stateIndex())) {
        long[] v = operand(u.op(), every, all);
        checkBound(ops.get(u.op()), v);
        long[] st = stateShares[u.stateIndex()];
        for (int c = 0; c < n; c++) {
          st[person[c]] = v[c]; // file order: the person's last claim is written last
        }
      }
    }
    for (Map.Entry<Integer, long[]> e : kept.entrySet()) {
      System.arraycopy(all[e.getKey()], 0, e.getValue(), 0, n);
    }
  }

  /** Every shared op not yet computed whose shared states are all resolved, for all claims. */
  private void computeResolved(long[][] all, int[] every, java.util.BitSet[] reads, java.util.BitSet resolved) {
    for (Op op : ops) {
      if (plan.site(op.id()) != Label.JOINT || all[op.id()] != null) {
        continue;
      }
      java.util.BitSet missing = (java.util.BitSet) reads[op.id()].clone();
      missing.andNot(resolved);
      if (missing.isEmpty()) {
        all[op.id()] = compute(op, every, all);
      }
    }
  }

  /** The shared states each op reads, directly or through its operands. */
  private java.util.BitSet[] sharedStatesRead() {
    java.util.BitSet[] reads = new java.util.BitSet[ops.size()];
    for (Op op : ops) {
      java.util.BitSet r = new java.util.BitSet();
      if (op.code() == Ir.Opcode.STATE && plan.stateShared((int) op.imm())) {
        r.set((int) op.imm());
      }
      for (int a : op.args()) {
        r.or(reads[a]);
      }
      reads[op.id()] = r;
    }
    return reads;
  }

  /** A family's step or limit on shares for {@code claims}; its ops are computed or brought in. */
  private long[] term(StateFamilies.Term t, int[] claims, long[][] shares) {
    int n = claims.length;
    return switch (t.kind()) {
      case OP -> operand(t.op(), claims, shares);
      case CONST -> session.addPublic(new long[n], t.value());
      case ADD -> session.add(term(t.a(), claims, shares), term(t.b(), claims, shares));
      case SUB -> session.subtract(term(t.a(), claims, shares), term(t.b(), claims, shares));
      case NEG -> session.negate(term(t.a(), claims, shares));
      case SCALE -> session.multiplyPublic(term(t.a(), claims, shares), t.value());
      case MIN -> session.min(term(t.a(), claims, shares), term(t.b(), claims, shares), PrefixSchedule.width(t));
      case MAX -> session.max(term(t.a(), claims, shares), term(t.b(), claims, shares), PrefixSchedule.width(t));
      case SELECT -> {
        long[] c = operand(t.op(), claims, shares);
        long[] a = term(t.a(), claims, shares);
        long[] b = term(t.b(), claims, shares);
        yield session.add(b, session.multiply(c, session.subtract(a, b)));
      }
    };
  }

  /** Shares per claim (file order) of the shared ops computed once for the whole batch; null for the others. */
  private long[][] hoisted = new long[0][];

  /** The shared ops a shared state reaches, directly or through other ops: they run layer by layer. */
  private boolean[] dependsOnSharedState() {
    boolean[] layered = new boolean[ops.size()];
    for (Op op : ops) {
      boolean d = op.code() == Ir.Opcode.STATE && plan.site(op.id()) == Label.JOINT;
      for (int a : op.args()) {
        d |= layered[a];
      }
      layered[op.id()] = d;
    }
    return layered;
  }

  /** The shares of state {@code s} per person after the batch. */
  long[] stateShares(int s) {
    return stateShares[s];
  }

  int persons() {
    return persons;
  }

  int[] person() {
    return person;
  }

  private void runLayer(int[] claims) {
    int n = claims.length;
    long[][] shares = new long[ops.size()][];
    for (Op op : ops) {
      if (plan.site(op.id()) != Label.JOINT) {
        continue;
      }
      long[] once = op.id() < hoisted.length ? hoisted[op.id()] : null;
      if (once != null) {
        long[] v = new long[n];
        for (int j = 0; j < n; j++) {
          v[j] = once[claims[j]];
        }
        shares[op.id()] = v;
      } else {
        shares[op.id()] = compute(op, claims, shares);
      }
    }
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.op() >= 0 && plan.stateShared(u.stateIndex())) {
        long[] v = operand(u.op(), claims, shares);
        checkBound(ops.get(u.op()), v);
        long[] st = stateShares[u.stateIndex()];
        for (int j = 0; j < n; j++) {
          st[person[claims[j]]] = v[j];
        }
      }
    }
    for (Map.Entry<Integer, long[]> e : kept.entrySet()) {
      long[] v = shares[e.getKey()];
      for (int j = 0; j < n; j++) {
        e.getValue()[claims[j]] = v[j];
      }
    }
  }

  /**
   * Keeps a layer's new state values for the bound check ({@link #boundViolationShares}), which runs
   * once for the whole batch: values after a violation may be wrong, but the batch is then
   * refused before anything is opened, so deferring costs nothing and saves a comparison's rounds
   * per layer. Nothing is kept when the update's range stays inside the bound.
   */
  private void checkBound(Op update, long[] v) {
    int n = v.length;
    // x < y for each pair: below the lower bound, above the upper one — only the sides the range can cross
    if (update.min() < -Bounds.CLAIM_MONEY) {
      pending(boundCheckWidth(update)).add(new long[][] {v, session.addPublic(new long[n], -Bounds.CLAIM_MONEY)});
    }
    if (update.max() > Bounds.CLAIM_MONEY) {
      pending(boundCheckWidth(update)).add(new long[][] {session.addPublic(new long[n], Bounds.CLAIM_MONEY), v});
    }
  }

  private List<long[][]> pending(int width) {
    return pendingBoundChecks.computeIfAbsent(width, w -> new java.util.ArrayList<>());
  }

  /** Comparisons x &lt; y still to make for the bound check, by width: {x, y} pairs of share vectors. */
  private final Map<Integer, List<long[][]>> pendingBoundChecks = new java.util.TreeMap<>();

  static boolean needsBoundCheck(Op update) {
    return update.min() < -Bounds.CLAIM_MONEY || update.max() > Bounds.CLAIM_MONEY;
  }

  static int boundCheckWidth(Op update) {
    return span(update.min(), update.max(), -Bounds.CLAIM_MONEY, Bounds.CLAIM_MONEY);
  }

  /**
   * The bits of the number of state-bound comparisons a batch of {@code claims} makes (two per
   * claim and state at most: below and above the bound); 0 when no state kept on shares can leave
   * the bound, and then nothing is checked or opened.
   */
  static int violationCountBits(Plan plan, int claims) {
    long comparisons = 0;
    List<Op> all = plan.program().ops();
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.op() >= 0 && plan.stateShared(u.stateIndex()) && needsBoundCheck(all.get(u.op()))) {
        Op update = all.get(u.op());
        comparisons += (long) ((update.min() < -Bounds.CLAIM_MONEY ? 1 : 0) + (update.max() > Bounds.CLAIM_MONEY ? 1 : 0))
            * claims;
      }
    }
    return comparisons == 0 ? 0 : 64 - Long.numberOfLeadingZeros(comparisons);
  }

  /**
   * Whether any new state value is outside ±{@link Bounds#CLAIM_MONEY} (the plaintext evaluator
   * stops there), as this party's arithmetic share of one bit: [v &lt; −B] and [B &lt; v] are
   * compared on shares for the whole batch (one comparison call per width) and summed, and only
   * [sum ≠ 0] is kept, so a refused batch reveals "some" or "none", not how many. The caller opens
   * it to both parties through the {@link ResultGate}. Call only when {@link #violationCountBits}
   * is not 0.
   */
  long[] boundViolationShares() {
    for (Map.Entry<Integer, List<long[][]>> e : pendingBoundChecks.entrySet()) {
      int n = 0;
      for (long[][] pair : e.getValue()) {
        n += pair[0].length;
      }
      long[] x = new long[n];
      long[] y = new long[n];
      int at = 0;
      for (long[][] pair : e.getValue()) {
        System.arraycopy(pair[0], 0, x, at, pair[0].length);
        System.arraycopy(pair[1], 0, y, at, pair[1].length);
        at += pair[0].length;
      }
      for (long outside : session.bitToArithmetic(session.lessThan(x, y, e.getKey()), x.length)) {
        boundViolations += outside;
      }
    }
    pendingBoundChecks.clear();
    long[] none = session.equal(new long[] {boundViolations}, new long[1], violationCountBits(plan, person.length));
    return session.addPublic(session.negate(session.bitToArithmetic(none, 1)), 1);
  }

  static long[] concat(long[] a, long[] b) {
    long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The shares of op {@code id} for this layer, bringing a plaintext value in when needed. */
  private long[] operand(int id, int[] claims, long[][] shares) {
    if (shares[id] != null) {
      return shares[id];
    }
    Label site = plan.site(id);
    int n = claims.length;
    long[] v;
    if (site == Label.PUBLIC) {
      v = session.addPublic(new long[n], column(id, claims)); // P0 holds the value, P1 zero
    } else if (site == mySite) {
      v = session.shareInput(column(id, claims));
    } else {
      v = session.peerInput(n);
    }
    shares[id] = v;
    return v;
  }

  private long[] column(int id, int[] claims) {
    long[] all = local.column(id);
    long[] v = new long[claims.length];
    for (int j = 0; j < claims.length; j++) {
      v[j] = all[claims[j]];
    }
    return v;
  }

  private long[] compute(Op op, int[] claims, long[][] shares) {
    int n = claims.length;
    switch (op.code()) {
      case STATE: {
        long[] v = new long[n];
        if (stateBefore != null) {
          long[] before = stateBefore[(int) op.imm()];
          for (int j = 0; j < n; j++) {
            v[j] = before[claims[j]];
          }
          return v;
        }
        long[] st = stateShares[(int) op.imm()];
        for (int j = 0; j < n; j++) {
          v[j] = st[person[claims[j]]];
        }
        return v;
      }
      case ADD:
        return session.add(operand(op.a(), claims, shares), operand(op.b(), claims, shares));
      case SUB:
        return session.subtract(operand(op.a(), claims, shares), operand(op.b(), claims, shares));
      case NEG:
        return session.negate(operand(op.a(), claims, shares));
      case MUL: {
        if (plan.site(op.a()) == Label.PUBLIC) {
          return session.multiplyPublic(operand(op.b(), claims, shares), publicConstant(op.a()));
        }
        if (plan.site(op.b()) == Label.PUBLIC) {
          return session.multiplyPublic(operand(op.a(), claims, shares), publicConstant(op.b()));
        }
        return session.multiply(operand(op.a(), claims, shares), operand(op.b(), claims, shares));
      }
      case ROUND4:
        return divide(op.a(), 10_000, claims, shares);
      case DIV_ROUND:
        return divide(op.a(), op.imm(), claims, shares);
      case LT:
        return bit(session.lessThan(operand(op.a(), claims, shares), operand(op.b(), claims, shares), width(op)), n);
      case LE: // a <= b  ⇔  not (b < a)
        return not(bit(session.lessThan(operand(op.b(), claims, shares), operand(op.a(), claims, shares), width(op)), n));
      case EQ:
        return bit(session.equal(operand(op.a(), claims, shares), operand(op.b(), claims, shares), width(op)), n);
      case NE:
        return not(bit(session.equal(operand(op.a(), claims, shares), operand(op.b(), claims, shares), width(op)), n));
      case AND:
        return session.multiply(operand(op.a(), claims, shares), operand(op.b(), claims, shares));
      case OR: {
        long[] a = operand(op.a(), claims, shares);
        long[] b = operand(op.b(), claims, shares);
        return session.subtract(session.add(a, b), session.multiply(a, b));
      }
      case NOT:
        return not(operand(op.a(), claims, shares));
      case IN_MASK: {
        // the members' equalities exclude each other, so their sum is the membership bit
        long[] a = operand(op.a(), claims, shares);
        Op arg = ops.get(op.a());
        long[] sum = new long[n];
        for (long k = Math.max(0, arg.min()); k <= Math.min(63, arg.max()); k++) {
          if (((op.imm() >>> k) & 1) != 0) {
            long[] member = session.addPublic(new long[n], k);
            sum = session.add(sum, bit(session.equal(a, member, span(arg.min(), arg.max(), k, k)), n));
          }
        }
        return sum;
      }
      case SELECT: {
        long[] c = operand(op.a(), claims, shares);
        long[] a = operand(op.b(), claims, shares);
        long[] b = operand(op.c(), claims, shares);
        return session.add(b, session.multiply(c, session.subtract(a, b)));
      }
      case MIN:
        return session.min(operand(op.a(), claims, shares), operand(op.b(), claims, shares), width(op));
      case MAX:
        return session.max(operand(op.a(), claims, shares), operand(op.b(), claims, shares), width(op));
      default:
        throw new IllegalStateException("the plan put " + op.code() + " on shares, which the secure evaluator does not do");
    }
  }

  private long[] divide(int arg, long divisor, int[] claims, long[][] shares) {
    Op x = ops.get(arg);
    return session.divideRounded(operand(arg, claims, shares), divisor, x.min(), divisionBits(x));
  }

  /** The bits of the range of a dividend, as {@link ArithmeticSession#divideRounded} takes them. */
  static int divisionBits(Op x) {
    return Math.max(1, 64 - Long.numberOfLeadingZeros(x.max() - x.min()));
  }

  /** The width of a comparison of the operands of {@code op}: their difference lies within ±2^width. */
  static int width(Op op, List<Op> ops) {
    Op a = ops.get(op.a());
    Op b = ops.get(op.b());
    return span(a.min(), a.max(), b.min(), b.max());
  }

  private int width(Op op) {
    return width(op, ops);
  }

  static int span(long aMin, long aMax, long bMin, long bMax) {
    long low = Math.min(aMin, bMin);
    long high = Math.max(aMax, bMax);
    long range = high - low;
    return range < 0 ? 64 : Math.max(1, 64 - Long.numberOfLeadingZeros(range));
  }

  private long[] bit(long[] booleanShares, int n) {
    return session.bitToArithmetic(booleanShares, n);
  }

  private long[] not(long[] bits) {
    return session.addPublic(session.negate(bits), 1);
  }

  private long publicConstant(int id) {
    long[] all = local.column(id);
    return all.length == 0 ? 0 : all[0];
  }

  /**
   * What this evaluator needs of the pool for the whole batch: {multiplication triples, AND
   * triples, daBits}, from the per-value costs {@link ArithmeticSession} states.
   */
  static long[] requirement(Plan plan, int claims, int hospitals, int maxClaimsPerPerson) {
    long mult = 0;
    long and = 0;
    long daBits = 0;
    java.util.Optional<PrefixSchedule> prefix = PrefixSchedule.of(plan, maxClaimsPerPerson);
    if (prefix.isPresent()) {
      long[] stages = prefix.get().requirement(claims);
      mult += stages[0];
      and += stages[1];
      daBits += stages[2];
    }
    List<Op> ops = plan.program().ops();
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.op() >= 0 && plan.stateShared(u.stateIndex()) && needsBoundCheck(ops.get(u.op()))) {
        Op update = ops.get(u.op());
        int sides = (update.min() < -Bounds.CLAIM_MONEY ? 1 : 0) + (update.max() > Bounds.CLAIM_MONEY ? 1 : 0);
        and += (long) sides * claims * ArithmeticSession.andTriplesForLessThan(boundCheckWidth(update));
        daBits += (long) sides * claims;
      }
    }
    int countBits = violationCountBits(plan, claims);
    if (countBits > 0) {
      and += ArithmeticSession.andTriplesForEqual(countBits);
      daBits += 1;
    }
    for (Ir.AggregateStep a : plan.program().aggregates()) {
      if (aggregateOwner(plan, a) != null) {
        continue;
      }
      int k = a.keyKind() == Ir.KeyKind.NONE ? 1 : a.keyKind() == Ir.KeyKind.HOSPITAL ? hospitals : a.groups().size();
      mult += (long) k * claims * ((a.where() >= 0 ? 1 : 0) + (a.value() >= 0 ? 1 : 0)) + 2L * k;
      if (a.cohort() > 1) {
        and += 2L * k * ArithmeticSession.andTriplesForLessThan(span(0, claims, 0, a.cohort()));
        daBits += 2L * k;
      }
      if (a.key() >= 0 && plan.site(a.key()) == Label.JOINT) {
        Op key = ops.get(a.key());
        if (a.keyKind() == Ir.KeyKind.ENUM) {
          for (int g = 0; g < k; g++) {
            and += (long) claims * ArithmeticSession.andTriplesForEqual(span(key.min(), key.max(), g, g));
            daBits += claims;
          }
        } else if (a.keyKind() == Ir.KeyKind.BAND) {
          for (long bound : a.bandBounds()) {
            and += (long) claims * ArithmeticSession.andTriplesForLessThan(span(key.min(), key.max(), bound, bound));
            daBits += claims;
          }
        }
      }
    }
    for (Op op : ops) {
      if (plan.site(op.id()) != Label.JOINT) {
        continue;
      }
      switch (op.code()) {
        case MUL:
          if (plan.site(op.a()) != Label.PUBLIC && plan.site(op.b()) != Label.PUBLIC) {
            mult += claims;
          }
          break;
        case AND:
        case OR:
        case SELECT:
          mult += claims;
          break;
        case LT:
        case LE:
          and += (long) claims * ArithmeticSession.andTriplesForLessThan(width(op, ops));
          daBits += claims;
          break;
        case EQ:
        case NE:
          and += (long) claims * ArithmeticSession.andTriplesForEqual(width(op, ops));
          daBits += claims;
          break;
        case IN_MASK: {
          Op arg = ops.get(op.a());
          for (long k = Math.max(0, arg.min()); k <= Math.min(63, arg.max()); k++) {
            if (((op.imm() >>> k) & 1) != 0) {
              and += (long) claims * ArithmeticSession.andTriplesForEqual(span(arg.min(), arg.max(), k, k));
              daBits += claims;
            }
          }
          break;
        }
        case MIN:
        case MAX: // a comparison, then a select: one triple and one daBit
          and += (long) claims * ArithmeticSession.andTriplesForLessThan(width(op, ops));
          mult += claims;
          daBits += claims;
          break;
        case ROUND4:
        case DIV_ROUND: {
          Op x = ops.get(op.a());
          long d = op.code() == Ir.Opcode.ROUND4 ? 10_000 : op.imm();
          and += (long) claims * ArithmeticSession.andTriplesForDivideRounded(d, x.min(), divisionBits(x));
          daBits += (long) claims * ArithmeticSession.daBitsForDivideRounded(d, x.min(), divisionBits(x));
          break;
        }
        default:
          break;
      }
    }
    return new long[] {mult, and, daBits};
  }

  /** The number of claims of the insured person with the most in a batch (its layers). */
  static int maxClaimsPerPerson(List<String> insuredIds) {
    Map<String, Integer> counts = new HashMap<>();
    int max = 0;
    for (String id : insuredIds) {
      max = Math.max(max, counts.merge(id, 1, Integer::sum));
    }
    return max;
  }

  /** Why this evaluator cannot run a plan on a batch of {@code claims}: the planner's refusals, then its own. */
  static List<Refusal> unsupported(Plan plan, int claims) {
    List<Refusal> why = new ArrayList<>(plan.refusals());
    List<Op> ops = plan.program().ops();
    for (Op op : ops) {
      if (plan.site(op.id()) != Label.JOINT) {
        continue;
      }
      if ((op.code() == Ir.Opcode.ROUND4 || op.code() == Ir.Opcode.DIV_ROUND)
          && divisionBits(ops.get(op.a())) > ArithmeticSession.MAX_DIVIDEND_BITS) {
        why.add(new Refusal(Refusal.Kind.TOO_WIDE, op.position(), "a rounding of a value spanning "
            + divisionBits(ops.get(op.a())) + " bits; handshake mode rounds values of up to "
            + ArithmeticSession.MAX_DIVIDEND_BITS + " bits"));
      }
      if (op.code() == Ir.Opcode.DIV_ROUND && Math.abs(op.imm()) > ArithmeticSession.MAX_DIVISOR) {
        why.add(new Refusal(Refusal.Kind.TOO_WIDE, op.position(), "a division by more than 2^40"));
      }
      switch (op.code()) {
        case LT, LE, EQ, NE, MIN, MAX -> {
          if (width(op, ops) > 63) {
            why.add(new Refusal(Refusal.Kind.TOO_WIDE, op.position(), "a comparison of values spanning more than 63 bits"));
          }
        }
        default -> { }
      }
      if (op.code() == Ir.Opcode.IN_MASK && ops.get(op.a()).max() > 63) {
        why.add(new Refusal(Refusal.Kind.TOO_WIDE, op.position(), "set membership of a value above 63"));
      }
    }
    for (Ir.StateUpdate u : plan.program().updates()) {
      if (u.op() >= 0 && plan.stateShared(u.stateIndex()) && needsBoundCheck(ops.get(u.op()))
          && boundCheckWidth(ops.get(u.op())) > 63) {
        why.add(Refusal.atLine(Refusal.Kind.TOO_WIDE, u.line(), "the update of " + u.name()
            + " spans more than 63 bits, too wide to check the state bound on shares"));
      }
    }
    for (Ir.AggregateStep a : plan.program().aggregates()) {
      if (aggregateOwner(plan, a) != null) {
        continue;
      }
      if (a.keyKind() == Ir.KeyKind.HOSPITAL && !a.isFor(Party.INSURER)) {
        why.add(Refusal.atLine(Refusal.Kind.HOSPITAL_GROUPING, a.line(), "aggregate " + a.name()
            + " groups the insurer's values by hospital for the data holder alone: the insurer would learn how many"
            + " hospitals the batch has"));
      }
      if (a.value() >= 0) {
        Op v = ops.get(a.value());
        java.math.BigInteger widest = java.math.BigInteger.valueOf(Math.max(Math.abs(v.min()), Math.abs(v.max())))
            .multiply(java.math.BigInteger.valueOf(claims));
        if (widest.bitLength() > 62) {
          why.add(Refusal.atLine(Refusal.Kind.AGGREGATE_TOO_LARGE, a.line(), "aggregate " + a.name()
              + " could total more than 2^62 over " + claims + " claims, which shares cannot check; split the batch"));
        }
      }
    }
    return why;
  }

  /**
   * Who can compute an aggregate alone: the site of its value, filter and key (a hospital key is
   * the data holder's: only it knows each claim's hospital), {@code PUBLIC} when none is
   * private, null when they are not all one party's.
   */
  static Label aggregateOwner(Plan plan, Ir.AggregateStep a) {
    java.util.Set<Label> sites = java.util.EnumSet.noneOf(Label.class);
    for (int part : new int[] {a.value(), a.where()}) {
      if (part >= 0 && plan.site(part) != Label.PUBLIC) {
        sites.add(plan.site(part));
      }
    }
    if (a.keyLabel(plan::site) != Label.PUBLIC) {
      sites.add(a.keyLabel(plan::site));
    }
    if (sites.contains(Label.JOINT) || sites.size() > 1) {
      return null;
    }
    return sites.isEmpty() ? Label.PUBLIC : sites.iterator().next();
  }

  static boolean[] mask(Plan plan, Label own) {
    boolean[] m = new boolean[plan.program().ops().size()];
    for (Op op : plan.program().ops()) {
      Label s = plan.site(op.id());
      m[op.id()] = s == Label.PUBLIC || s == own;
    }
    return m;
  }

}
