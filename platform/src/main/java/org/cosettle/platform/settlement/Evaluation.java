package org.cosettle.platform.settlement;

import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.policy.EvaluationException;

/**
 * How a {@link SettlementService} evaluates the consented claims: the plaintext evaluator
 * ({@link Evaluations#plaintext}) in rules-come-in mode, or this party's side of handshake mode,
 * wired in by the caller (so that {@code platform} and the two-party protocol never depend on each
 * other). A strategy returns only what this party may see and will write.
 *
 * <pre>{@code
 * Evaluation plaintext = Evaluations.plaintext(policy, insured, privateParams, true);
 * Evaluation handshake = claims -> Evaluated.ofResults(policy, claims, dataHolderOutputs(claims), null, aggregatesCsv);
 * }</pre>
 */
@FunctionalInterface
public interface Evaluation {
  /**
   * Evaluates {@code claims} (the consented claims, in file order).
   *
   * @throws EvaluationException when the batch cannot be settled (the service then writes and
   *     records nothing); a strategy may also throw its own runtime exception for a refusal
   */
  Evaluated evaluate(List<Claim> claims) throws EvaluationException;
}
