package org.cosettle.policy.internal;

import java.util.List;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.PrivateValues;
import org.cosettle.policy.eval.Aggregation;
import org.cosettle.policy.eval.ClaimBatch;
import org.cosettle.policy.eval.CodeTable;
import org.cosettle.policy.eval.Evaluation;
import org.cosettle.policy.ir.Ir;

/**
 * One party's plaintext share of a handshake: the values of the operations it can compute alone
 * (the data holder's over its claims, the insurer's over its records, private params and the
 * states it keeps), in file order of the claims, as the secure evaluator needs them. It is the
 * plaintext evaluator restricted to some operations, so every value agrees with a whole
 * evaluation by construction.
 *
 * <pre>{@code
 * LocalValues mine = LocalValues.evaluate(policy, batch, privateParams, compute, capture);
 * long[] eligible = mine.column(op);   // per claim, file order
 * }</pre>
 */
public final class LocalValues {
  private final CompiledPolicy policy;
  private final ClaimBatch batch;
  private final Evaluation.Run run;

  private LocalValues(CompiledPolicy policy, ClaimBatch batch, Evaluation.Run run) {
    this.policy = policy;
    this.batch = batch;
    this.run = run;
  }

  /**
   * Computes the operations marked in {@code compute} (their operands must be marked too) and
   * keeps the ones marked in {@code capture}. State updates whose op is computed
   * are chained from claim to claim as in a whole evaluation; the others leave their states as
   * they were. {@code privateParams} may be empty when no private param is computed.
   *
   * @throws EvaluationException when a computed value leaves 64 bits or a kept state its bound,
   *     naming the first such claim in file order
   */
  public static LocalValues evaluate(CompiledPolicy policy, ClaimBatch batch, long[] privateParams, boolean[] compute,
      boolean[] capture) throws EvaluationException {
    return evaluate(policy, batch, PrivateValues.of(privateParams), compute, capture);
  }

  /**
   * As {@link #evaluate(CompiledPolicy, ClaimBatch, long[], boolean[], boolean[])} with private
   * tables too (a party's share of a handshake never reads one; tools that evaluate every op do).
   */
  public static LocalValues evaluate(CompiledPolicy policy, ClaimBatch batch, PrivateValues values, boolean[] compute,
      boolean[] capture) throws EvaluationException {
    List<Ir.Op> ops = policy.program().ops();
    if (compute.length != ops.size() || capture.length != ops.size()) {
      throw new IllegalArgumentException("one flag per operation is needed");
    }
    for (Ir.Op op : ops) {
      if (compute[op.id()]) {
        for (int arg : op.args()) {
          if (!compute[arg]) {
            throw new IllegalArgumentException("op %" + op.id() + " is computed but its operand %" + arg + " is not");
          }
        }
      }
    }
    return new LocalValues(policy, batch, Evaluation.run(policy.program(), batch, values.params(),
        values.tables().toArray(new CodeTable[0]), compute, capture));
  }

  /**
   * The values of op {@code op} per claim in file order (an item-level op's per line item, laid
   * out as {@link #itemOffsets}); it must have been captured.
   */
  public long[] column(int op) {
    if (run.captured()[op] == null) {
      throw new IllegalArgumentException("op %" + op + " was not captured");
    }
    return run.captured()[op];
  }

  /** Claim {@code c}'s line items are {@code [itemOffsets()[c], itemOffsets()[c + 1])} of an item-level column. */
  public int[] itemOffsets() {
    return batch.itemOffsets();
  }

  /**
   * The rows of aggregate number {@code a} (groups, counts, totals, the minimum-cohort rule), as
   * the plaintext evaluator gives them; only for an aggregate whose value, filter and key were
   * all computed here.
   */
  public List<BatchResult.AggregateRow> aggregateRows(int a) throws EvaluationException {
    return Aggregation.rows(policy.program().aggregates().get(a), batch.claims(), run.aggregateValues()[a],
        run.aggregateGroups()[a]);
  }

  /**
   * What each claim added to each state, {@code [state][claim]} in file order (a reversal: its
   * target's increment negated); meaningful for the states whose updates were computed.
   */
  public long[][] increments() {
    return run.increments();
  }

  /** The states after the batch, {@code [state][record]}; meaningful for the states whose updates were computed. */
  public long[][] states() {
    return run.states();
  }
}
