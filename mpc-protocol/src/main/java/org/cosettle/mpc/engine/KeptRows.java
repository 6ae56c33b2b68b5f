package org.cosettle.mpc.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.eval.ClaimBatch;
import org.cosettle.policy.internal.LocalValues;
import org.cosettle.policy.ir.Ir;
import org.cosettle.policy.ir.Ir.Label;

/**
 * The data holder's knowledge of which item rows can change a state kept per item code: a row
 * whose update filter ({@code where}) is false adds 0 whatever the insurer's values, so its code
 * needs no kept slot ({@link KeptShares}). Known only when every updated state's filter reads the
 * data holder's own or public values; a filter that reads the insurer's values (a private set or
 * table) leaves every real row able to change the state.
 */
final class KeptRows {
  private KeptRows() {}

  /**
   * Per claim of {@code batch} (file order) and item (file order), whether the item's row can
   * change some state of {@code plan} kept per item code that it updates; null when every item
   * can (a state updated with no filter, or with one the data holder cannot compute alone), or
   * when the data holder's own evaluation of the filters fails (the run reports that failure).
   */
  static boolean[][] changing(CompiledPolicy policy, Plan plan, ClaimBatch batch) {
    if (batch == null) {
      return null;
    }
    Ir.Program program = plan.program();
    boolean[] compute = new boolean[program.ops().size()];
    boolean any = false;
    for (Ir.StateUpdate u : ItemCodeStates.keyed(program)) {
      if (u.op() < 0) {
        continue;
      }
      if (u.where() < 0 || !ownCone(plan, u.where(), compute)) {
        return null;
      }
      any = true;
    }
    if (!any) {
      return null;
    }
    boolean[] capture = new boolean[compute.length];
    for (Ir.StateUpdate u : ItemCodeStates.keyed(program)) {
      if (u.op() >= 0) {
        capture[u.where()] = true;
      }
    }
    LocalValues local;
    try {
      local = LocalValues.evaluate(policy, batch, new long[0], compute, capture);
    } catch (EvaluationException e) {
      return null;
    }
    int[] offsets = local.itemOffsets();
    int claims = batch.claims().size();
    boolean[][] out = new boolean[claims][];
    for (int c = 0; c < claims; c++) {
      out[c] = new boolean[offsets[c + 1] - offsets[c]];
    }
    for (Ir.StateUpdate u : ItemCodeStates.keyed(program)) {
      if (u.op() < 0) {
        continue;
      }
      long[] where = local.column(u.where());
      boolean perItem = program.ops().get(u.where()).level() == Ir.Level.ITEM;
      for (int c = 0; c < claims; c++) {
        for (int i = 0; i < out[c].length; i++) {
          out[c][i] |= (perItem ? where[offsets[c] + i] : where[c]) != 0;
        }
      }
    }
    return out;
  }

  /**
   * Marks in {@code compute} op {@code id} and every op it reads; false when one of them is not
   * the data holder's own or public (the filter reads the insurer's values).
   */
  private static boolean ownCone(Plan plan, int id, boolean[] compute) {
    Deque<Integer> todo = new ArrayDeque<>();
    todo.push(id);
    while (!todo.isEmpty()) {
      int op = todo.pop();
      if (compute[op]) {
        continue;
      }
      Label site = plan.site(op);
      if (site != Label.PUBLIC && site != Label.DATA_HOLDER) {
        return false;
      }
      compute[op] = true;
      for (int arg : plan.program().ops().get(op).args()) {
        todo.push(arg);
      }
    }
    return true;
  }
}
