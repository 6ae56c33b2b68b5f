package org.cosettle.mpc.plan;

import java.util.List;
import java.util.Objects;
import org.cosettle.policy.Position;

/**
 * Why handshake mode does not settle a batch, as a value: what kind of limit was met, where in
 * the policy (null when it is about the batch, not a construct), a sentence for a person, and the
 * claims it concerns when that is public metadata (claims whose insured person has no record at
 * the insurer). Refusals are decided before anything secret moves; a failure a party finds in its
 * own data keeps its details at that party (the peer learns only its kind).
 *
 * <pre>{@code
 * for (Refusal r : Planner.plan(policy).refusals()) {
 *   System.err.println(r);            // "4:12: a lookup of the claim's code in a private table ..."
 * }
 * }</pre>
 */
public record Refusal(Kind kind, Position position, String detail, List<String> claimIds) {
  /** The kinds of refusal. */
  public enum Kind {
    /**
     * A lookup in a private table or private code set whose declaration the plan was not given
     * (a plan of the program alone): the lookup cannot be laid out.
     */
    PRIVATE_LOOKUP,
    /** A rounding, division, comparison, membership or state-bound check wider than the share arithmetic does. */
    TOO_WIDE,
    /** An aggregate on shares could total more than 2^62 over the batch. */
    AGGREGATE_TOO_LARGE,
    /** An aggregate groups the insurer's values by hospital for the data holder alone. */
    HOSPITAL_GROUPING,
    /** The batch needs more correlated randomness than one session holds. */
    BATCH_TOO_LARGE,
    /** A claim's insured person has no record at the insurer. */
    NO_INSURED_RECORD,
    /** The data holder sent metadata the policy does not need. */
    UNEXPECTED_METADATA,
    /** A party's own plaintext part stopped (an overflow or a bound in its data); details stay with it. */
    LOCAL_EVALUATION_FAILED,
    /** A state kept on shares would leave the money bound; which claim stays secret. */
    STATE_OUT_OF_BOUNDS,
    /** A party's own rule refuses the batch, e.g. its audit log shows the batch settled already. */
    BATCH_REFUSED,
    /**
     * A state shared by a family ({@code by insured.family}) is updated in a way the family chain
     * does not run: states shared by two id fields, or a line-item value reading a chained state
     * (docs/protocol.md).
     */
    SHARED_STATE,
    /**
     * A family has more insured persons with claims in the batch than the family chain carries
     * (named by the family's first claim).
     */
    FAMILY_TOO_LARGE,
    /**
     * A state kept per line item code ({@code by item.code}) cannot be settled in handshake mode:
     * an insured person of the batch holds more codes than {@link Plan#ITEM_CODE_SLOTS}, or the
     * policy combines it with what its row-by-row run does not (a family chain, a restart per
     * policy year).
     */
    STATE_BY_ITEM_CODE,
    /**
     * A reversal the batch cannot settle: its target not an earlier claim of the batch (an earlier
     * batch's claim, or none), another person's claim, a reversal, or already reversed; the data
     * holder's detail is plaintext mode's error. Also a reversal under a state handshake mode does
     * not take back (shared by a family, kept per item code, per policy year but updated by one
     * party alone), or of a ledger record without the policy year its per-year states need.
     */
    REVERSAL
  }

  public Refusal {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
    claimIds = List.copyOf(claimIds);
  }

  /** A refusal that concerns no particular claims. */
  public Refusal(Kind kind, Position position, String detail) {
    this(kind, position, detail, List.of());
  }

  /** A refusal about the batch rather than a place in the policy. */
  public static Refusal ofBatch(Kind kind, String detail) {
    return new Refusal(kind, null, detail);
  }

  /** A refusal about a whole declaration on {@code line}. */
  public static Refusal atLine(Kind kind, int line, String detail) {
    return new Refusal(kind, new Position(line, 0), detail);
  }

  @Override
  public String toString() {
    if (position == null) {
      return detail;
    }
    return (position.column() == 0 ? "line " + position.line() : position.toString()) + ": " + detail;
  }
}
