package org.cosettle.policy.eval;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.Explanation;
import org.cosettle.policy.Type;
import org.cosettle.policy.ir.Ir;

/**
 * One claim's computation, declaration by declaration ({@code cosettle explain}). Public for
 * {@code org.cosettle.policy.Evaluator}; not API.
 */
public final class Explainer {
  private Explainer() {}

  /**
   * Explains one claim of a batch: the claims of the same insured person before it (of every
   * person, when a state is shared by a family) are evaluated first (in file order) so that it
   * sees the states a whole evaluation gives it.
   *
   * @throws EvaluationException when no claim has id {@code claimId}, or evaluation fails
   */
  public static Explanation explain(Ir.Program program, List<Claim> claims, InsuredFile insured,
      long[] privateParams, CodeTable[] tables, String claimId) throws EvaluationException {
    int target = -1;
    for (int i = 0; i < claims.size() && target < 0; i++) {
      if (claims.get(i).id().equals(claimId)) {
        target = i;
      }
    }
    if (target < 0) {
      throw new EvaluationException("no claim with id \"" + claimId + "\" in the batch");
    }
    if (claims.get(target).isReversal()) {
      throw new EvaluationException("claim " + claimId + " is a reversal of claim " + claims.get(target).reverses()
          + ": the policy is not evaluated on it (it pays back that claim's outputs and takes back its state"
          + " increments); explain claim " + claims.get(target).reverses() + " instead");
    }
    ClaimBatch cols = Evaluation.layered(program, ClaimBatch.of(claims, insured));
    // a state shared by a family depends on the other members' claims before this one
    boolean shared = Ir.updatesSharedStates(program);
    Engine engine = new Engine(program, cols, Evaluation.initialStates(program, insured), privateParams, tables);
    Engine.Worker worker = engine.new Worker();
    List<String> stateNames = Evaluation.stateNames(program);
    int who = cols.insured[cols.position[target]];
    List<Explanation.Entry> before = new ArrayList<>();
    java.util.Map<String, String> byCodeBefore = new java.util.LinkedHashMap<>();
    for (int c = 0; c <= target; c++) {
      int p = cols.position[c];
      if (cols.insured[p] != who && !shared) {
        continue;
      }
      if (c == target) {
        for (int s = 0; s < engine.states.length; s++) {
          if (program.updates().get(s).byItemCode()) {
            // kept per item code: one value per code, shown as the insured file's cell
            byCodeBefore.put(stateNames.get(s), insured.states().get(s).formatByCode(new java.util.TreeMap<>(
                engine.byCode.get(s).get(who))));
            continue;
          }
          before.add(new Explanation.Entry("state", stateNames.get(s), stateType(program, s), engine.stateValue(s, who), 0));
        }
      }
      try {
        worker.run(p, p + 1);
      } catch (Engine.Failure f) {
        throw Failures.describe(program, claims.get(c), f, worker);
      }
    }
    record Traced(int line, Explanation.Entry entry) {}
    List<Traced> traced = new ArrayList<>();
    for (Ir.Binding b : program.bindings()) {
      traced.add(new Traced(b.line(), new Explanation.Entry(b.kind(), b.name(), b.type(), worker.reg[b.op()][0], b.line())));
    }
    for (Ir.StateUpdate u : program.updates()) {
      if (u.op() >= 0 && !u.byItemCode()) {
        traced.add(new Traced(u.line(), new Explanation.Entry("update", u.name(), stateType(program, u.stateIndex()),
            worker.reg[u.op()][0], u.line())));
      }
    }
    traced.sort((a, b) -> Integer.compare(a.line(), b.line()));
    Claim c = claims.get(target);
    return new Explanation(c.id(), c.line(), before, traced.stream().map(Traced::entry).toList(), byCodeBefore);
  }

  /** State {@code s}'s type (money, int or bool): its update's, else that of a read of it; money if neither. */
  private static Type stateType(Ir.Program program, int s) {
    Ir.StateUpdate u = program.updates().get(s);
    if (u.op() >= 0) {
      return program.ops().get(u.op()).type();
    }
    return program.ops().stream().filter(o -> o.code() == Ir.Opcode.STATE && o.imm() == s).map(Ir.Op::type)
        .findFirst().orElse(Type.MONEY);
  }
}
