package org.cosettle.mpc.engine;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.cosettle.crypto.channel.ChannelException;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.mpc.transport.GrpcChannel;

/**
 * The lifecycle both roles share ({@link SettlementState}): one settlement per object, run on a
 * session the caller opened; the outcome is returned only once both transcripts agree, and any
 * failure ends as a {@link SettlementAbortedException} with the session aborted towards the peer.
 */
abstract class PartySettlement<O> {
  private volatile SettlementState state = SettlementState.CREATED;
  private final List<SettlementState> history = new java.util.concurrent.CopyOnWriteArrayList<>(
      List.of(SettlementState.CREATED));
  private boolean started;

  /** Where this settlement stands. */
  public SettlementState state() {
    return state;
  }

  /** Runs {@code protocol} on {@code session}, then ends the transcript; the outcome only when both agree. */
  final O run(GrpcChannel session, Function<HandshakeSettlement.Phases, O> protocol) {
    synchronized (this) {
      if (started) {
        throw new IllegalStateException("a settlement runs once; this one is " + state);
      }
      started = true;
    }
    Objects.requireNonNull(session, "session");
    try {
      O outcome = protocol.apply(this::enter);
      session.finish();
      enter(SettlementState.COMMITTED);
      return outcome;
    } catch (HandshakeSettlement.RefusedException e) {
      throw abort(session, SettlementAbortedException.Reason.REFUSED, e.refusals(), e);
    } catch (ProtocolAbortException e) {
      throw abort(session, SettlementAbortedException.Reason.PEER, List.of(), e);
    } catch (ChannelException e) {
      throw abort(session, SettlementAbortedException.Reason.TRANSPORT, List.of(), e);
    } catch (RuntimeException | Error e) {
      throw abort(session, SettlementAbortedException.Reason.LOCAL, List.of(), e);
    }
  }

  private void enter(SettlementState next) {
    state = next;
    history.add(next);
  }

  /** Every state this settlement entered, in order (tests). */
  List<SettlementState> history() {
    return List.copyOf(history);
  }

  private SettlementAbortedException abort(GrpcChannel session, SettlementAbortedException.Reason reason,
      List<org.cosettle.mpc.plan.Refusal> refusals, Throwable cause) {
    SettlementState at = state;
    enter(SettlementState.ABORTED);
    // our exceptions name steps and rules, never secrets; anything else only by its type
    String why = cause instanceof HandshakeSettlement.RefusedException || cause instanceof ProtocolAbortException
        || cause instanceof ChannelException ? cause.getMessage() : "the party failed: " + cause.getClass().getSimpleName();
    session.abort(why);
    return new SettlementAbortedException(reason, at, refusals, why, cause);
  }
}
