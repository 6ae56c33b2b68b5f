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
 * <p>Before it computes anything, a strategy names the batch to the {@link Gate} (its digest: of
 * the claims file, or of the metadata both parties of a session see), which says whether this
 * batch may be settled with this policy; a handshake strategy learns the batch from its peer and
 * tells the peer the gate's answer, so a refusal stops both sides.
 *
 * <pre>{@code
 * Evaluation plaintext = Evaluations.plaintext(policy, insured, privateParams, true, claimsFileSm3);
 * }</pre>
 */
@FunctionalInterface
public interface Evaluation {
  /**
   * Evaluates {@code claims} (the consented claims, in file order; empty at a party that learns
   * the batch from its peer).
   *
   * @throws EvaluationException when the batch cannot be settled (the service then writes and
   *     records nothing); a strategy may also throw its own runtime exception for a refusal
   */
  Evaluated evaluate(List<Claim> claims, Gate gate) throws EvaluationException;

  /** Whether a batch may be settled: asked exactly once per evaluation, before anything is computed. */
  @FunctionalInterface
  interface Gate {
    /**
     * Names the batch about to be settled; returns null when it may be settled, else why not
     * (one line, naming the earlier settlement).
     */
    String admit(String batchDigest);
  }
}
