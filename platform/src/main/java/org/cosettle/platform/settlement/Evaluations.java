package org.cosettle.platform.settlement;

import java.util.EnumMap;
import java.util.Map;
import org.cosettle.core.InsuredFile;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.Evaluator;

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
    return (claims, gate) -> {
      String refusal = gate.admit(batchDigest);
      if (refusal != null) {
        throw new EvaluationException(refusal);
      }
      return of(policy, Evaluator.evaluate(policy, claims, insured, privateParams), writeStates);
    };
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
