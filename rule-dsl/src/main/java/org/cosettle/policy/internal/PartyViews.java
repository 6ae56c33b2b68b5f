package org.cosettle.policy.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.eval.Aggregation;
import org.cosettle.policy.eval.ClaimBatch;
import org.cosettle.policy.eval.SettledClaim;

/**
 * Each party's view of a handshake batch: the same claims in the same layers, with only what that
 * party holds. Both views give the same layers, and so the same order of evaluation.
 */
public final class PartyViews {
  private PartyViews() {}

  /**
   * A party's record of a claim of an earlier batch, as a reversal is resolved against it: its
   * ids, the claim it reversed ("" for none), and the party's part of its outputs and increments.
   */
  public record Earlier(String claimId, String insuredId, String reverses, long[] outputs, long[] increments) {}

  private static List<SettledClaim> settled(List<Earlier> earlier) {
    return earlier.stream().map(e -> new SettledClaim(e.claimId(), e.insuredId(), e.reverses(), e.outputs(),
        e.increments())).toList();
  }

  /**
   * The insurer's view of a batch in handshake mode: only what both parties know (spec §1: the
   * claim ids and each claim's insured id, in file order) with the insurer's own records. The
   * layers, and so the order of evaluation, are those of the data holder's batch of the same
   * claims. Reading a claim field from this view is an error: the insurer computes only the
   * operations that read insured fields, private params and states.
   *
   * @throws EvaluationException naming the first claim whose insured id has no record
   */
  public static ClaimBatch insurerView(List<String> claimIds, List<String> insuredIds, InsuredFile insured)
      throws EvaluationException {
    return insurerView(claimIds, insuredIds, List.of(), insured);
  }

  /**
   * The insurer's view of a batch holding reversals: as {@link #insurerView(List, List,
   * InsuredFile)}, with {@code reverses}, per claim the id of the claim of the batch it reverses
   * ("" for none; the list may be empty when no claim is a reversal), public metadata in handshake
   * mode. The reversals are resolved as the plaintext evaluator resolves them.
   *
   * @throws EvaluationException naming the first claim whose insured id has no record, or whose
   *     reversal cannot be settled within the batch
   */
  public static ClaimBatch insurerView(List<String> claimIds, List<String> insuredIds, List<String> reverses,
      InsuredFile insured) throws EvaluationException {
    return insurerView(claimIds, insuredIds, reverses, insured, List.of(), null);
  }

  /**
   * As {@link #insurerView(List, List, List, InsuredFile)}, a reversal resolved within the batch
   * or against {@code earlier}, the insurer's records of earlier batches ({@code ledgerName} names
   * their file in errors).
   *
   * @throws EvaluationException naming the first claim whose insured id has no record, or whose
   *     reversal cannot be settled
   */
  public static ClaimBatch insurerView(List<String> claimIds, List<String> insuredIds, List<String> reverses,
      InsuredFile insured, List<Earlier> earlier, String ledgerName) throws EvaluationException {
    if (claimIds.size() != insuredIds.size() || !reverses.isEmpty() && reverses.size() != claimIds.size()) {
      throw new IllegalArgumentException(claimIds.size() + " claim ids but " + insuredIds.size() + " insured ids and "
          + reverses.size() + " reversal links");
    }
    List<Claim> placeholders = new ArrayList<>(claimIds.size());
    for (int c = 0; c < claimIds.size(); c++) {
      placeholders.add(new Claim(claimIds.get(c), insuredIds.get(c), "", null, 0, 0, 0, "", 0, null, 0, 0, 0, 0, 0,
          0, 0, 0, 0, 0, List.of(), org.cosettle.core.SettlementRoute.LOCAL, false, 0, 0,
          reverses.isEmpty() ? "" : reverses.get(c), c + 1));
    }
    ClaimBatch batch = ClaimBatch.withoutClaimFields(placeholders, insured);
    return earlier.isEmpty() ? checked(batch) : batch.withEarlier(settled(earlier), ledgerName);
  }

  /**
   * The data holder's view of a batch in handshake mode: its claims, with a placeholder record
   * (no fields, zero states) for each insured id, since the insurer keeps the records. Reading an
   * insured field or a state from this view gives the placeholder's zero: the data holder never
   * computes those operations. Its reversals are resolved within the batch, as the plaintext
   * evaluator resolves them.
   *
   * @throws EvaluationException naming the first claim whose reversal cannot be settled within the batch
   */
  public static ClaimBatch dataHolderView(List<Claim> claims, List<String> stateNames) throws EvaluationException {
    return dataHolderView(claims, stateNames, List.of(), null);
  }

  private static ClaimBatch checked(ClaimBatch batch) throws EvaluationException {
    batch.checkReversals();
    return batch;
  }

  /**
   * As {@link #dataHolderView(List, List)}, a reversal resolved within the batch or against {@code
   * earlier}, the data holder's records of earlier batches ({@code ledgerName} names their file in
   * errors).
   *
   * @throws EvaluationException naming the first claim whose reversal cannot be settled
   */
  public static ClaimBatch dataHolderView(List<Claim> claims, List<String> stateNames, List<Earlier> earlier,
      String ledgerName) throws EvaluationException {
    Set<String> ids = new LinkedHashSet<>();
    for (Claim c : claims) {
      ids.add(c.insuredId());
    }
    List<InsuredRecord> placeholders = new ArrayList<>(ids.size());
    for (String id : ids) {
      placeholders.add(new InsuredRecord(id, false, 0, new long[stateNames.size()]));
    }
    return ClaimBatch.of(claims, InsuredFile.of(stateNames, placeholders), settled(earlier), ledgerName);
  }

  /**
   * The groups of an aggregate {@code by claim.hospital_id}: the batch's hospital ids in code
   * point order, the order of its rows. The data holder names them to the insurer before the
   * secure aggregation.
   */
  public static List<String> hospitalGroups(List<Claim> claims) {
    return Aggregation.hospitalGroups(claims);
  }
}
