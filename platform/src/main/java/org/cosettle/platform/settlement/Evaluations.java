package org.cosettle.platform.settlement;

import java.util.EnumMap;
import java.util.Map;
import org.cosettle.core.InsuredFile;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.ClaimLedger;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.PrivateValues;
import org.cosettle.policy.eval.ClaimBatch;

/** The evaluation strategies {@code platform} provides itself: rules-come-in mode. */
public final class Evaluations {
  private Evaluations() {}

  /**
   * Rules come in: the plaintext evaluator inside the data holder's domain, with the insurer's
   * records and private params deployed there, on the batch whose digest is {@code batchDigest}
   * (the SM3 of the claims file). Gives the results, the aggregates (when the policy has any) and,
   * when {@code writeStates}, the states after the batch.
   */
  public static Evaluation plaintext(CompiledPolicy policy, InsuredFile insured, long[] privateParams,
      boolean writeStates, String batchDigest) {
    return plaintext(policy, null, insured, privateParams, writeStates, batchDigest);
  }

  /**
   * As {@link #plaintext(CompiledPolicy, InsuredFile, long[], boolean, String)}, reusing {@code
   * prepared} (the batch as read, its columns built) when the evaluation is given exactly its
   * claims, i.e. consent left every claim in; a batch of the consented claims is built otherwise.
   */
  public static Evaluation plaintext(CompiledPolicy policy, ClaimBatch prepared, InsuredFile insured,
      long[] privateParams, boolean writeStates, String batchDigest) {
    return plaintext(policy, prepared, insured, PrivateValues.of(privateParams), writeStates, batchDigest);
  }

  /**
   * As {@link #plaintext(CompiledPolicy, ClaimBatch, InsuredFile, long[], boolean, String)} with
   * the insurer's private tables and code sets deployed too.
   */
  public static Evaluation plaintext(CompiledPolicy policy, ClaimBatch prepared, InsuredFile insured,
      PrivateValues privateValues, boolean writeStates, String batchDigest) {
    return plaintext(policy, prepared, insured, privateValues, writeStates, batchDigest, null);
  }

  /**
   * As {@link #plaintext(CompiledPolicy, ClaimBatch, InsuredFile, PrivateValues, boolean, String)},
   * writing the claim ledger after the batch ({@link SettlementFileKind#LEDGER}): {@code ledger}
   * (the records of earlier batches that {@code prepared}'s reversals were resolved against, or an
   * empty one) followed by a record of every claim settled; null writes none.
   */
  public static Evaluation plaintext(CompiledPolicy policy, ClaimBatch prepared, InsuredFile insured,
      PrivateValues privateValues, boolean writeStates, String batchDigest, ClaimLedger ledger) {
    return (claims, gate) -> {
      admit(gate, batchDigest);
      ClaimBatch batch = prepared == null ? ClaimBatch.of(claims, insured)
          : claims == prepared.claims() ? prepared : prepared.sameEarlier(claims);
      BatchResult result = Evaluator.evaluate(policy, batch, privateValues, Runtime.getRuntime().availableProcessors());
      Evaluated evaluated = of(policy, result, writeStates);
      if (ledger == null) {
        return evaluated;
      }
      Map<SettlementFileKind, String> files = new EnumMap<>(evaluated.files());
      files.put(SettlementFileKind.LEDGER, ledger.after(result).jsonl());
      return new Evaluated(evaluated.claims(), files, evaluated.outputs());
    };
  }

  /**
   * Names the batch to {@code gate}; when the gate refuses it, stops the evaluation (the service
   * then reports its own typed refusal).
   */
  public static void admit(Evaluation.Gate gate, String batchDigest) throws EvaluationException {
    String refusal = gate.admit(batchDigest);
    if (refusal != null) {
      throw new EvaluationException(refusal);
    }
  }

  /** The files and outputs of a whole {@link BatchResult} (every output is this party's). */
  public static Evaluated of(CompiledPolicy policy, BatchResult result, boolean writeStates) {
    Map<SettlementFileKind, String> files = new EnumMap<>(SettlementFileKind.class);
    files.put(SettlementFileKind.RESULTS, result.resultsCsv());
    if (writeStates) {
      files.put(SettlementFileKind.STATES, result.statesCsv());
    }
    if (!policy.aggregates().isEmpty()) {
      files.put(SettlementFileKind.AGGREGATES, result.aggregatesCsv());
    }
    long[][] outputs = new long[policy.outputs().size()][];
    for (int o = 0; o < outputs.length; o++) {
      outputs[o] = result.outputColumn(o);
    }
    return new Evaluated(result.claimCount(), files, outputs);
  }
}
