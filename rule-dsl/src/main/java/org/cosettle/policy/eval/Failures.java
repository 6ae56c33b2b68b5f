package org.cosettle.policy.eval;

import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.Decimals;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.Position;
import org.cosettle.policy.ir.Ir.Op;
import org.cosettle.policy.ir.Ir;

/** Names the claim and the declaration behind a failed evaluation. */
final class Failures {
  private Failures() {}

  /**
   * Re-evaluates claim by claim in file order (only the ops marked in {@code compute}, null:
   * all) and describes the first claim that fails.
   */
  static EvaluationException locate(Ir.Program program, ClaimBatch cols, long[][] initial, long[] privateParams,
      CodeTable[] tables, boolean[] compute) {
    List<Claim> claims = cols.claims();
    Engine engine = new Engine(program, cols, initial, privateParams, tables, compute, null);
    Engine.Worker worker = engine.new Worker();
    for (int c = 0; c < claims.size(); c++) {
      int p = cols.position[c];
      try {
        worker.run(p, p + 1);
      } catch (Engine.Failure f) {
        return describe(program, claims.get(c), f, worker);
      }
    }
    return new EvaluationException("evaluation failed but no claim fails on its own; please report this");
  }

  /** The failure {@code f} of claim {@code c}, which {@code w} has just run alone. */
  static EvaluationException describe(Ir.Program program, Claim c, Engine.Failure f, Engine.Worker w) {
    String where = "claim " + c.id() + " (line " + c.line() + "): ";
    if (f.stateIndex >= 0) {
      return new EvaluationException(where + "state '" + program.updates().get(f.stateIndex).name() + "' would become "
          + Decimals.formatMoney(w.reg[f.op.id()][0]) + ", outside ±1,000,000,000.00");
    }
    Position p = f.op.position();
    return new EvaluationException(where + "a value exceeds 64 bits in '" + declarationOf(program, f.op.id())
        + "' (policy line " + p.line() + ", column " + p.column() + ")");
  }

  /** The name of the first declaration whose computation uses op {@code target}. */
  private static String declarationOf(Ir.Program program, int target) {
    List<String> names = new ArrayList<>();
    List<Integer> roots = new ArrayList<>();
    for (Ir.Binding b : program.bindings()) {
      names.add(b.name());
      roots.add(b.op());
    }
    for (Ir.StateUpdate u : program.updates()) {
      names.add(u.name());
      roots.add(u.op());
    }
    for (Ir.AggregateStep a : program.aggregates()) {
      for (int op : new int[] {a.value(), a.where(), a.key()}) {
        names.add(a.name());
        roots.add(op);
      }
    }
    for (int i = 0; i < roots.size(); i++) {
      if (roots.get(i) >= 0 && uses(program.ops(), roots.get(i), target, new boolean[program.ops().size()])) {
        return names.get(i);
      }
    }
    return "?";
  }

  private static boolean uses(List<Op> ops, int root, int target, boolean[] visited) {
    if (root == target) {
      return true;
    }
    visited[root] = true;
    for (int a : ops.get(root).args()) {
      if (a >= target && !visited[a] && uses(ops, a, target, visited)) {
        return true;
      }
    }
    return false;
  }
}
