package org.cosettle.mpc.engine;

import java.util.List;
import org.cosettle.mpc.plan.Refusal;

/**
 * A party's settlement ended without results: why ({@link #reason()}), in which state it was
 * ({@link #state()}), and, for a refusal, the refusals both parties agreed on. The session is
 * aborted towards the peer; nothing was opened that the caller may use.
 */
public final class SettlementAbortedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a settlement ended. */
  public enum Reason {
    /** The batch cannot be settled in handshake mode; {@link #refusals()} says why. */
    REFUSED,
    /** The peer aborted the session, or sent something this party does not accept. */
    PEER,
    /** The connection failed or the peer fell silent beyond the timeout. */
    TRANSPORT,
    /** This party failed, or its caller stopped it. */
    LOCAL
  }

  private final Reason reason;
  private final SettlementState state;
  private final transient List<Refusal> refusals;

  SettlementAbortedException(Reason reason, SettlementState state, List<Refusal> refusals, String message,
      Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.state = state;
    this.refusals = List.copyOf(refusals);
  }

  public Reason reason() {
    return reason;
  }

  /** The state the settlement was in when it ended. */
  public SettlementState state() {
    return state;
  }

  /** For {@link Reason#REFUSED}: the refusals, this party's first; empty otherwise. */
  public List<Refusal> refusals() {
    return refusals;
  }
}
