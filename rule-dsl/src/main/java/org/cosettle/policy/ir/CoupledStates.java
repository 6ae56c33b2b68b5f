package org.cosettle.policy.ir;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir.Opcode;
import org.cosettle.policy.ir.StateFamilies.Family;
import org.cosettle.policy.ir.StateFamilies.Kind;

/**
 * A person's running total and its family's that each limit the other — the person's deductible
 * within a family deductible — resolved in two stages instead of one claim after another.
 *
 * <p>A <em>coupling</em> is a person state p and a state q shared by a family, both updated by the
 * same amount, {@code p' = p + a} and {@code q' = q + a}, with {@code a = min(x, max(0, P − p),
 * max(0, L − q))} for a step {@code x ≥ 0} (by the ranges) and limits P of the person and L of
 * the family. Each update alone is SATURATING ({@link StateFamilies}) with a step that reads the
 * other state, so the two read each other in a cycle. Let a*ᵢ be the person's saturating prefix
 * with the family ignored: {@code a*ᵢ = min(xᵢ, max(0, P − D*ᵢ))}, D*ᵢ the sum of a* over the
 * person's earlier claims from its start. Then the true amount is {@code aᵢ = min(a*ᵢ, max(0, L −
 * Fᵢ))}, where F is the family's saturating prefix of the steps a* from its start: until the
 * family limit bites every a equals a* (so every person's D* is its true state and F the family's
 * true state); at the claim where it bites a = L − F (or 0), and after it F ≥ L, so every later a
 * is 0 = min(a*, 0), whatever a* is. A start above a limit gives 0, as it should. So:
 * <ol>
 *   <li>stage 1: the person's state as SATURATING with step x and limit P (reading no state);
 *       its values before each claim are D*, not the person's state;
 *   <li>stage 2: the family's state as SATURATING with step a* — its own step evaluated with D*
 *       for p — and limit L, its values before each claim the family's true ones;
 * </ol>
 * and a evaluated with D* and F is the true amount. The person's state after the batch is its
 * start plus the sum of its true amounts (local on additive shares), not D*.
 *
 * <p>Membership is proven, as {@link StateFamilies} proves a family: each state's step, as a
 * function of the other state (the ops that read no state variables in their ranges), is proven
 * equal to {@code min(x, max(0, K − s))} with K the other state's limit, at every integer point
 * ({@link PiecewiseLinear}), and x ≥ 0 from the ranges. Because the person's values before each
 * claim are D*, nothing but the amount a may read p: every op that reads p is p's update, q's
 * update or within a's operands, and a's operands that read p are read by nothing else. A state
 * that restarts ({@code per policy_year}) or an update under a condition is not coupled.
 */
public final class CoupledStates {
  private CoupledStates() {}

  /**
   * Person state {@code person} and family state {@code family}, both updated by {@code applied}
   * (an op), coupled as in the class comment with the person's step {@code step} (x).
   */
  public record Coupling(int person, int family, FamilyTerm step, int applied) {}

  /** The couplings of {@code program} whose states have {@code families} ({@link StateFamilies#of}). */
  public static List<Coupling> of(Ir.Program program, Map<Integer, Family> families) {
    List<Op> ops = program.ops();
    BitSet[] reads = new BitSet[ops.size()];
    for (Op op : ops) {
      BitSet r = new BitSet();
      if (op.code() == Opcode.STATE) {
        r.set((int) op.imm());
      }
      for (int a : op.args()) {
        r.or(reads[a]);
      }
      reads[op.id()] = r;
    }
    ProvenRanges ranges = new ProvenRanges(ops);
    List<Coupling> out = new ArrayList<>();
    for (Ir.StateUpdate person : program.updates()) {
      for (Ir.StateUpdate family : program.updates()) {
        if (plain(person) && plain(family) && !person.shared() && family.shared()) {
          coupling(program, reads, ranges, families, person, family).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /**
   * {@code families} with each coupled person's state SATURATING with the step x and its own limit,
   * reading no state (stage 1); the family's keeps its step, which reads the person's.
   */
  public static Map<Integer, Family> decoupled(Map<Integer, Family> families, List<Coupling> couplings) {
    Map<Integer, Family> out = new HashMap<>(families);
    for (Coupling c : couplings) {
      Family f = families.get(c.person());
      out.put(c.person(), new Family(c.person(), Kind.SATURATING, c.step(), f.limit(), new BitSet()));
    }
    return out;
  }

  private static boolean plain(Ir.StateUpdate u) {
    return u.op() >= 0 && u.where() < 0 && !u.perPolicyYear() && !u.byItemCode();
  }

  private static Optional<Coupling> coupling(Ir.Program program, BitSet[] reads, ProvenRanges ranges,
      Map<Integer, Family> families, Ir.StateUpdate person, Ir.StateUpdate family) {
    List<Op> ops = program.ops();
    int p = person.stateIndex();
    int q = family.stateIndex();
    Family fp = families.get(p);
    Family fq = families.get(q);
    if (fp == null || fq == null || fp.kind() != Kind.SATURATING || fq.kind() != Kind.SATURATING || fp.restarts()
        || fq.restarts() || !fp.states().equals(only(q)) || !fq.states().equals(only(p))) {
      return Optional.empty();
    }
    int applied = increment(ops, person.op(), p);
    if (applied < 0 || applied != increment(ops, family.op(), q)
        || !readOnlyThrough(program, p, applied, person.op(), family.op())) {
      return Optional.empty();
    }
    Set<FamilyTerm> candidates = new LinkedHashSet<>();
    stateless(fp.step(), reads, candidates);
    stateless(fq.step(), reads, candidates);
    for (FamilyTerm x : candidates) {
      if (limits(ops, reads, ranges, fp.step(), q, x, fq.limit())
          && limits(ops, reads, ranges, fq.step(), p, x, fp.limit())) {
        return Optional.of(new Coupling(p, q, x, applied));
      }
    }
    return Optional.empty();
  }

  private static BitSet only(int s) {
    BitSet b = new BitSet();
    b.set(s);
    return b;
  }

  /** The op u adds to state s ({@code u = s + a} or {@code a + s}); −1 when u is not such a sum. */
  private static int increment(List<Op> ops, int u, int s) {
    Op op = ops.get(u);
    if (op.code() != Opcode.ADD) {
      return -1;
    }
    boolean left = isState(ops.get(op.a()), s);
    boolean right = isState(ops.get(op.b()), s);
    return left == right ? -1 : left ? op.b() : op.a();
  }

  private static boolean isState(Op op, int s) {
    return op.code() == Opcode.STATE && op.imm() == s;
  }

  /**
   * Whether every op that reads state p other than through {@code applied} is one of the two
   * updates or within {@code applied}'s operands, and no output, aggregate, condition or other
   * update reads such an op but {@code applied} itself.
   */
  private static boolean readOnlyThrough(Ir.Program program, int p, int applied, int personUpdate, int familyUpdate) {
    List<Op> ops = program.ops();
    BitSet cone = new BitSet();
    java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(List.of(applied));
    while (!todo.isEmpty()) {
      int id = todo.pop();
      if (!cone.get(id)) {
        cone.set(id);
        for (int a : ops.get(id).args()) {
          todo.push(a);
        }
      }
    }
    boolean[] direct = new boolean[ops.size()];
    for (Op op : ops) {
      boolean d = isState(op, p);
      for (int a : op.args()) {
        d |= a != applied && direct[a];
      }
      direct[op.id()] = d;
      if (d && !cone.get(op.id()) && op.id() != personUpdate && op.id() != familyUpdate) {
        return false;
      }
    }
    // what the program reads of its ops beside the updates: outputs, aggregates, conditions
    java.util.stream.IntStream roots = java.util.stream.IntStream.concat(
        program.bindings().stream().filter(b -> !b.kind().equals("let")).mapToInt(Ir.Binding::op),
        program.aggregates().stream().flatMapToInt(a -> java.util.stream.IntStream.of(a.value(), a.where(), a.key())));
    roots = java.util.stream.IntStream.concat(roots, program.updates().stream().flatMapToInt(u -> java.util.stream.IntStream
        .of(u.where(), u.op() == personUpdate || u.op() == familyUpdate ? -1 : u.op())));
    return roots.noneMatch(r -> r >= 0 && r != applied && direct[r]);
  }

  /** The subterms of {@code t} that read no state. */
  private static void stateless(FamilyTerm t, BitSet[] reads, Set<FamilyTerm> out) {
    if (t.ops().stream().allMatch(id -> reads[id].isEmpty())) {
      out.add(t);
      return;
    }
    for (FamilyTerm sub : new FamilyTerm[] {t.a(), t.b()}) {
      if (sub != null) {
        stateless(sub, reads, out);
      }
    }
  }

  /**
   * Whether {@code step}, as a function of state {@code s}, equals {@code min(x, max(0, limit − s))}
   * at every integer point of the ranges, with x ≥ 0.
   */
  private static boolean limits(List<Op> ops, BitSet[] reads, ProvenRanges ranges, FamilyTerm step, int s,
      FamilyTerm x, FamilyTerm limit) {
    if (!x.bounded()) {
      return false;
    }
    UpdateProof proof = new UpdateProof(ops, reads, ranges, s, -1);
    PiecewiseLinear g = proof.graph;
    try {
      int xs = proof.node(x);
      long[] bounds = g.bounds(xs);
      if (bounds == null || bounds[0] < 0) {
        return false;
      }
      int form = g.min(xs, g.max(g.constant(0), g.difference(proof.node(limit), proof.state)));
      return g.provenEqual(proof.linked(step), form);
    } catch (StateFamilies.NotPiecewise e) {
      return false;
    }
  }
}
