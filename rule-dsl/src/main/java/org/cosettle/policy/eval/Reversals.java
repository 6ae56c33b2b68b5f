package org.cosettle.policy.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Claim;
import org.cosettle.policy.EvaluationException;

/**
 * Which claims of a batch reverse which: each reversal's target, an earlier claim of the batch
 * (same insured person, so an earlier layer) or a record of an earlier batch. Resolved once when
 * the batch is prepared; every error names the reversal's line.
 */
final class Reversals {
  /**
   * {@code target[c]}: the file index of the claim that claim {@code c} reverses, or {@link #NONE} /
   * {@link #EARLIER}; empty when no claim is a reversal and no earlier records were given.
   */
  final int[] target;
  /** {@code earlier[c]}: the record of an earlier batch that claim {@code c} reverses, or null. */
  final SettledClaim[] earlier;
  final boolean any;
  /** Why the batch's reversals cannot be settled (the first claim in file order), or null. */
  final EvaluationException error;

  static final int NONE = -1;
  static final int EARLIER = -2;

  private Reversals(int[] target, SettledClaim[] earlier, boolean any, EvaluationException error) {
    this.target = target;
    this.earlier = earlier;
    this.any = any;
    this.error = error;
  }

  /** Stops an evaluation of a batch whose reversals cannot be settled. */
  void check() throws EvaluationException {
    if (error != null) {
      throw new EvaluationException(error.getMessage());
    }
  }

  /**
   * Resolves the reversals of {@code claims} (file order) against each other and against {@code
   * settled}, the records of earlier batches ({@code ledgerName} names them in errors, null when
   * none were given).
   *
   * <p>The first claim whose reversal cannot be settled (or whose id an earlier batch used) is
   * kept as {@link #error}, naming it.
   */
  static Reversals resolve(List<Claim> claims, List<SettledClaim> settled, String ledgerName) {
    boolean any = claims.stream().anyMatch(Claim::isReversal);
    if (!any && settled.isEmpty()) {
      // nothing to resolve: the engine looks at the targets only when some claim is a reversal
      return new Reversals(new int[0], new SettledClaim[0], false, null);
    }
    int[] target = new int[claims.size()];
    SettledClaim[] earlier = new SettledClaim[claims.size()];
    java.util.Arrays.fill(target, NONE);
    try {
      resolve(claims, settled, ledgerName, target, earlier);
      return new Reversals(target, earlier, any, null);
    } catch (EvaluationException e) {
      return new Reversals(target, earlier, any, e);
    }
  }

  private static void resolve(List<Claim> claims, List<SettledClaim> settled, String ledgerName, int[] target,
      SettledClaim[] earlier) throws EvaluationException {
    Map<String, SettledClaim> records = new HashMap<>();
    Map<String, String> reversedBy = new HashMap<>();
    for (SettledClaim s : settled) {
      records.put(s.claimId(), s);
      if (s.isReversal()) {
        reversedBy.put(s.reverses(), "claim " + s.claimId() + " of an earlier batch");
      }
    }
    Map<String, Integer> index = new HashMap<>();
    for (int c = 0; c < claims.size(); c++) {
      Claim claim = claims.get(c);
      if (records.containsKey(claim.id())) {
        throw error(claim, "id", "claim " + claim.id() + " was settled in an earlier batch (" + ledgerName + ")");
      }
      index.put(claim.id(), c);
      if (!claim.isReversal()) {
        continue;
      }
      String id = claim.reverses();
      Integer t = index.get(id);
      String insured;
      if (t != null && t < c) {
        Claim reversed = claims.get(t);
        if (reversed.isReversal()) {
          throw error(claim, "reverses", "claim " + id + " (line " + reversed.line()
              + ") is itself a reversal; a reversal cannot be reversed");
        }
        insured = reversed.insuredId();
        target[c] = t;
      } else if (records.containsKey(id)) {
        SettledClaim reversed = records.get(id);
        if (reversed.isReversal()) {
          throw error(claim, "reverses", "claim " + id + " of an earlier batch is itself a reversal; a reversal"
              + " cannot be reversed");
        }
        insured = reversed.insuredId();
        target[c] = EARLIER;
        earlier[c] = reversed;
      } else {
        throw error(claim, "reverses", "no claim " + id + " settled before this line, in this batch or "
            + (ledgerName == null ? "in an earlier one (give the earlier batches' claim ledger)" : "in " + ledgerName));
      }
      if (!insured.equals(claim.insuredId())) {
        throw error(claim, "reverses", "claim " + id + " is for insured " + insured + ", this reversal for "
            + claim.insuredId() + "; a reversal takes back a claim of its own insured person");
      }
      String before = reversedBy.putIfAbsent(id, "claim " + claim.id() + " (line " + claim.line() + ")");
      if (before != null) {
        throw error(claim, "reverses", "claim " + id + " is already reversed, by " + before);
      }
    }
  }

  private static EvaluationException error(Claim claim, String field, String message) {
    return new EvaluationException("claim " + claim.id() + " (line " + claim.line() + "): " + field + ": " + message);
  }
}
