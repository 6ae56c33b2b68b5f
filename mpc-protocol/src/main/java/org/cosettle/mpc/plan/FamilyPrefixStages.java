package org.cosettle.mpc.plan;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cosettle.policy.ir.CoupledStates;
import org.cosettle.policy.ir.FamilyTerm;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir.Opcode;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.ir.StateFamilies;

/**
 * Whether a plan with a state shared by a family on shares can run its states as prefixes instead
 * of the family chain (docs/protocol.md "States shared by a family"): every state on shares has a
 * proven family ({@link StateFamilies}) and the steps read each other in no cycle, and every state
 * shared by a family is a running total — additive, saturating, capped or floored, restarting on a
 * flag (declared {@code per policy_year}) or not — whose limit is the same for every claim of the
 * batch (constants and params only, no insured field, so one value per family whoever made the
 * claim), or a running maximum (the family's recorded policy year). Such a family state's values
 * before every claim are then a segmented prefix in the insurer's family order whose segment starts
 * are the insurer's plaintext bits, or those bits or the restart flag on shares; the per-person
 * states run as prefixes over each person's claims, as without a family. A person's deductible
 * within a family deductible, whose two states read each other, runs in two stages ({@link
 * CoupledStates}): the person's state first as if the family had no limit, then the family's.
 */
public final class FamilyPrefixStages {
  private FamilyPrefixStages() {}

  /**
   * The states on shares in the order they are resolved (each step reading only states before
   * it); empty when the plan runs no family chain or one of its states does not qualify.
   */
  static Optional<List<StateFamilies.Family>> of(Ir.Program program, boolean[] sharedStates) {
    if (Ir.hasItemCodeStates(program)) {
      return Optional.empty();
    }
    BitSet shared = new BitSet();
    BitSet family = new BitSet();
    for (int s = 0; s < sharedStates.length; s++) {
      shared.set(s, sharedStates[s]);
    }
    for (Ir.StateUpdate u : program.updates()) {
      if (u.shared() && u.op() >= 0 && sharedStates[u.stateIndex()]) {
        family.set(u.stateIndex());
      }
    }
    if (family.isEmpty()) {
      return Optional.empty();
    }
    Map<Integer, StateFamilies.Family> families = StateFamilies.of(program);
    families = CoupledStates.decoupled(families, couplings(program, families, sharedStates));
    Optional<List<StateFamilies.Family>> stages = StateFamilies.stages(families, shared);
    if (stages.isEmpty()) {
      return stages;
    }
    for (StateFamilies.Family f : stages.get()) {
      if (family.get(f.state()) && !qualifies(program.ops(), f)) {
        return Optional.empty();
      }
    }
    return stages;
  }

  /**
   * The couplings ({@link CoupledStates}) of a person state and a family state, both on shares,
   * that the stages resolve in two: the person's state first without the family's limit, then the
   * family's; the person's state after the batch the sum of the amounts.
   */
  static List<CoupledStates.Coupling> couplings(Ir.Program program, boolean[] sharedStates) {
    return Ir.hasItemCodeStates(program) ? List.of()
        : couplings(program, StateFamilies.of(program), sharedStates);
  }

  private static List<CoupledStates.Coupling> couplings(Ir.Program program, Map<Integer, StateFamilies.Family> families,
      boolean[] sharedStates) {
    return CoupledStates.of(program, families).stream()
        .filter(c -> sharedStates[c.person()] && sharedStates[c.family()]).toList();
  }

  /**
   * A family state's family: additive, saturating, capped or floored (restarting on a flag or not),
   * or a running maximum (the family's recorded policy year), with a limit of constants and params alone.
   */
  private static boolean qualifies(List<Op> ops, StateFamilies.Family f) {
    if (f.kind() == StateFamilies.Kind.CLAMPED || (f.kind() == StateFamilies.Kind.RUNNING_MAX && f.restarts())) {
      return false;
    }
    return f.limit() == null || sameForEveryClaim(ops, f.limit());
  }

  /** Whether {@code term} reads nothing but constants and params (public or private). */
  private static boolean sameForEveryClaim(List<Op> ops, FamilyTerm term) {
    ArrayDeque<Integer> todo = new ArrayDeque<>(term.ops());
    BitSet seen = new BitSet();
    while (!todo.isEmpty()) {
      int id = todo.pop();
      if (seen.get(id)) {
        continue;
      }
      seen.set(id);
      Op op = ops.get(id);
      if (op.args().length == 0 && op.code() != Opcode.CONST && op.code() != Opcode.PRIVATE_PARAM) {
        return false;
      }
      for (int a : op.args()) {
        todo.push(a);
      }
    }
    return true;
  }
}
