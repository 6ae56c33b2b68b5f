package org.cosettle.mpc.engine;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.cosettle.crypto.bfv.BfvBackend;
import org.cosettle.crypto.bfv.BfvBackends;
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
  private volatile java.util.function.Consumer<SettlementState> listener = state -> { };
  private GrpcChannel session;
  /** This party's HE backend; null: the one {@link BfvBackends#select()} names. */
  private volatile BfvBackend heBackend;

  /** Chooses the backend now, so that a missing one fails before any session is opened. */
  final void selectHeBackend(String name) {
    heBackend = BfvBackends.select(name);
  }

  /** The hooks with this party's HE backend. */
  final HandshakeSettlement.Hooks withHeBackend(HandshakeSettlement.Hooks hooks) {
    return hooks.withHeBackend(heBackend);
  }

  /** Where this settlement stands. */
  public SettlementState state() {
    return state;
  }

  /** Runs {@code protocol} on {@code session}, then commits; the outcome only when both transcripts agree. */
  final O run(GrpcChannel session, Function<HandshakeSettlement.Phases, O> protocol) {
    O outcome = prepareWith(session, protocol);
    commit();
    return outcome;
  }

  /**
   * Runs {@code protocol} on {@code session} up to its results, without ending it: the outcome is
   * provisional until {@link #commit()}, which the caller reaches once it has put the results where
   * a crash cannot lose them (temporary files, an audit record).
   */
  final O prepareWith(GrpcChannel session, Function<HandshakeSettlement.Phases, O> protocol) {
    synchronized (this) {
      if (started) {
        throw new IllegalStateException("a settlement runs once; this one is " + state);
      }
      started = true;
    }
    this.session = Objects.requireNonNull(session, "session");
    return guarded(() -> protocol.apply(this::enter));
  }

  /**
   * Tells the peer this party is ready (its results are safe), waits for the peer to say the
   * same, and ends the session with both transcripts compared: {@code COMMITTED} when they agree.
   * A party that fails before this returns leaves the peer uncommitted too, unless the peer's own
   * commit already returned (a crash in that instant is what the audit log's {@code prepared}
   * event is for).
   *
   * @throws SettlementAbortedException when the peer is not ready, fails or disagrees
   */
  public final void commit() {
    if (state != SettlementState.ONLINE || session == null) {
      throw new IllegalStateException("commit follows a prepared settlement; this one is " + state);
    }
    guarded(() -> {
      SettlementMessages.requireReady(
          HandshakeSettlement.exchange(session, me(), SettlementMessages.ready(), SettlementMessages.READY_BYTES));
      session.finish();
      enter(SettlementState.COMMITTED);
      return null;
    });
  }

  /** The party this object plays (the exchange of ready messages has the data holder speak first). */
  abstract org.cosettle.core.Party me();

  private <T> T guarded(java.util.function.Supplier<T> step) {
    try {
      return step.get();
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
    listener.accept(next);
  }

  /**
   * Hears every state this settlement enters, on the settling thread (a progress display, say);
   * set it before settling. It must not throw or block.
   */
  public final void onStateChange(java.util.function.Consumer<SettlementState> listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
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
