package org.cosettle.policy;

import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.policy.eval.ClaimBatch;
import org.cosettle.policy.eval.CodeTable;
import org.cosettle.policy.eval.Evaluation;
import org.cosettle.policy.eval.Explainer;

/**
 * The plaintext evaluator: claims in file order, each insured person's states chained from
 * claim to claim, then the aggregates with their groups and the minimum-cohort rule.
 *
 * <pre>{@code
 * CompiledPolicy policy = Policies.compile(new Source("p.cpl", text)).policy();
 * BatchResult r = Evaluator.evaluate(policy, claims, insured, privateParams);
 * }</pre>
 *
 * <p>The batch is evaluated in columns (by {@code org.cosettle.policy.eval}). Claims of
 * different insured persons are independent, so they are split across threads by insured
 * person; the claims of one insured run in file order, the k-th of them in the k-th layer. The
 * result does not depend on the number of threads.
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * Evaluates a batch with one thread per available processor. Every claim's {@code insuredId}
   * must have a record in {@code insured}, whose state columns are the policy's states in
   * declaration order.
   *
   * @throws EvaluationException naming the claim, when a claim has no insured record, a value
   *     leaves 64 bits or a state its bound, or the private params do not fit the policy
   */
  public static BatchResult evaluate(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      long[] privateParams) throws EvaluationException {
    return evaluate(policy, claims, insured, privateParams, Runtime.getRuntime().availableProcessors());
  }

  /** As {@link #evaluate(CompiledPolicy, List, InsuredFile, long[])} on at most {@code threads} threads. */
  public static BatchResult evaluate(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      long[] privateParams, int threads) throws EvaluationException {
    return evaluate(policy, ClaimBatch.of(claims, insured), privateParams, threads);
  }

  /** Evaluates a prepared batch (its columns are reused by later evaluations). */
  public static BatchResult evaluate(CompiledPolicy policy, ClaimBatch batch, long[] privateParams)
      throws EvaluationException {
    return evaluate(policy, batch, privateParams, Runtime.getRuntime().availableProcessors());
  }

  /** Evaluates a prepared batch on at most {@code threads} threads. */
  public static BatchResult evaluate(CompiledPolicy policy, ClaimBatch batch, long[] privateParams, int threads)
      throws EvaluationException {
    return evaluate(policy, batch, PrivateValues.of(privateParams), threads);
  }

  /** As {@link #evaluate(CompiledPolicy, List, InsuredFile, long[])} with private tables too. */
  public static BatchResult evaluate(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      PrivateValues privateValues) throws EvaluationException {
    return evaluate(policy, ClaimBatch.of(claims, insured), privateValues, Runtime.getRuntime().availableProcessors());
  }

  /** Evaluates a prepared batch on at most {@code threads} threads, with private params and tables. */
  public static BatchResult evaluate(CompiledPolicy policy, ClaimBatch batch, PrivateValues privateValues, int threads)
      throws EvaluationException {
    checkParams(policy, privateValues);
    Evaluation.Outcome outcome = Evaluation.evaluate(policy.program(), batch, privateValues.params(),
        privateValues.tables().toArray(new CodeTable[0]), threads);
    return new BatchResult(policy, batch.claims(), outcome.outputs(), outcome.insuredAfter(), outcome.states(),
        outcome.aggregates(), outcome.increments(), outcome.incrementsByCode());
  }

  /**
   * Explains one claim of a batch: the claims of the same insured person before it are
   * evaluated first (in file order) so that it sees the states it would see in {@link #evaluate}.
   *
   * @throws EvaluationException when no claim has id {@code claimId}, or evaluation fails
   */
  public static Explanation explain(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      long[] privateParams, String claimId) throws EvaluationException {
    return explain(policy, claims, insured, PrivateValues.of(privateParams), claimId);
  }

  /** As {@link #explain(CompiledPolicy, List, InsuredFile, long[], String)} with private tables too. */
  public static Explanation explain(CompiledPolicy policy, List<Claim> claims, InsuredFile insured,
      PrivateValues privateValues, String claimId) throws EvaluationException {
    checkParams(policy, privateValues);
    return Explainer.explain(policy.program(), claims, insured, privateValues.params(),
        privateValues.tables().toArray(new CodeTable[0]), claimId);
  }

  private static void checkParams(CompiledPolicy policy, PrivateValues values) throws EvaluationException {
    if (values.params().length != policy.privateParams().size()) {
      throw new EvaluationException("the policy has " + policy.privateParams().size()
          + " private params, " + values.params().length + " values were given");
    }
    if (values.tables().size() != policy.privateTables().size()) {
      throw new EvaluationException("the policy has " + policy.privateTables().size()
          + " private tables and code sets, " + values.tables().size() + " were given");
    }
    for (CompiledPolicy.PrivateTable t : policy.privateTables()) {
      CodeTable given = values.tables().get(t.index());
      if (given.isCodeSet() != t.codeSet() || !t.codeSet() && given.size() > t.size()) {
        throw new EvaluationException("the values given for '" + t.name() + "' do not fit its declaration ("
            + t.describe() + ")");
      }
    }
  }
}
