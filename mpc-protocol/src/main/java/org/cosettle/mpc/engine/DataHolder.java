package org.cosettle.mpc.engine;

import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.transport.GrpcChannel;
import org.cosettle.mpc.transport.SessionHello;
import org.cosettle.policy.CompiledPolicy;

/**
 * The data holder (the platform) in one settlement of handshake mode: its claims stay here, and
 * it gets only the outputs and aggregates the policy addresses to it. One object settles one
 * batch, on a session the caller opened ({@code PeerSession}, {@code HandshakeClient},
 * {@code HandshakeServer.listen}) with {@link #hello()}; {@link #settle} returns only after both
 * transcripts agree, and every failure reaches the caller as a {@link SettlementAbortedException}.
 *
 * <pre>{@code
 * DataHolder platform = DataHolder.of(policy, policyDigest, claims, SettlementLimits.DEFAULTS);
 * try (PeerSession peer = PeerSession.open(endpoint, me, insurerCert, platform.hello(), options, timeout, port -> {})) {
 *   HandshakeSettlement.DataHolderOutcome mine = platform.settle(peer.channel(), BatchCheck.NONE);
 * } catch (SettlementAbortedException e) {
 *   // e.reason(), e.state(), e.refusals(); nothing to write
 * }
 * }</pre>
 */
public final class DataHolder extends PartySettlement<HandshakeSettlement.DataHolderOutcome> {
  private final CompiledPolicy policy;
  private final SessionHello hello;
  private final List<Claim> claims;
  private final SettlementLimits limits;
  private HeKeyReuse heKeys = HeKeyReuse.NONE;
  /** This party's ledger of shares of earlier batches; null: none. */
  private ShareLedger ledger;
  /** This party's kept shares of the states per item code of earlier batches; null: none. */
  private KeptShares kept;

  private DataHolder(CompiledPolicy policy, SessionHello hello, List<Claim> claims, SettlementLimits limits) {
    this.policy = policy;
    this.hello = hello;
    this.claims = List.copyOf(claims);
    this.limits = limits;
  }

  /** A settlement of {@code claims} under {@code policy}, whose digest (SM3 of its canonical text) is {@code policyDigest}. */
  public static DataHolder of(CompiledPolicy policy, String policyDigest, List<Claim> claims, SettlementLimits limits) {
    return new DataHolder(policy, SessionHello.forPolicy(policy.name(), policy.version(), policyDigest)
        .withLimits(limits.offer()), claims, limits);
  }

  /**
   * Runs this party's homomorphic encryption (the private lookups and grouped sums) with its
   * polynomial arithmetic on the named BFV backend: {@code java}, or {@code seal} with
   * {@code cosettle-crypto-seal} on the class path (docs/crypto-bfv.md). The results are
   * bit-identical, so the peer may choose another. Unset: the one {@code -Dcosettle.he.backend}
   * names, else {@code java}.
   *
   * @throws org.cosettle.crypto.bfv.BfvBackendUnavailableException when there is no such backend
   *     or its native library does not load
   */
  public DataHolder heBackend(String name) {
    selectHeBackend(name);
    return this;
  }

  /**
   * What both parties must agree on before any data flows (the policy's name, version and
   * digest), with this party's limits.
   */
  public SessionHello hello() {
    return hello;
  }

  /**
   * Keeps HE keys across sessions with the same peer as {@code reuse} says (this party's key
   * store, its cache of the peer's public keys; docs/deployment.md); {@link HeKeyReuse#NONE},
   * the default, makes fresh keys every session. Call before settling.
   */
  public DataHolder keepHeKeys(HeKeyReuse reuse) {
    if (reuse == null) {
      throw new IllegalArgumentException("a key reuse setting is required (HeKeyReuse.NONE for none)");
    }
    this.heKeys = reuse;
    return this;
  }

  /**
   * Keeps this party's ledger of shares ({@link ShareLedger}): reversals of claims of earlier
   * batches are settled from {@code ledger}, written by the settlements of those batches ({@link
   * ShareLedger#empty} for none yet), and the outcome's ledger is it followed by this batch's
   * claims. Unset, the outcome has no ledger. Call before settling.
   */
  public DataHolder ledger(ShareLedger ledger) {
    this.ledger = ledger;
    return this;
  }

  /**
   * Reads the states kept per item code with {@code kept}, this party's kept shares written by the
   * settlement of the previous batch ({@link KeptShares}; unset: none yet). The outcome's kept
   * shares are those after this batch, to be written once the settlement committed. Call before
   * settling.
   */
  public DataHolder kept(KeptShares kept) {
    this.kept = kept;
    return this;
  }

  /**
   * Settles the batch on {@code session} and commits: {@link #prepare} then {@link #commit()}, for
   * a caller with nothing to put in safety between the two.
   *
   * @throws SettlementAbortedException when the settlement ends without results
   * @throws IllegalStateException when this object settled (or tried) already
   */
  public HandshakeSettlement.DataHolderOutcome settle(GrpcChannel session, HandshakeSettlement.BatchCheck check) {
    HandshakeSettlement.DataHolderOutcome outcome = prepare(session, check);
    commit();
    return outcome;
  }

  /**
   * Runs the settlement on {@code session} up to this party's results, with {@code check} (this
   * party's own rule on the batch, e.g. its audit log's refusal of a second settlement) asked
   * before anything is computed. A batch with more claims than the session's limits allow (the
   * smaller of this party's and the peer's, from the hellos) is refused at both parties before
   * any claim id is sent. The results are provisional: put them in safety (temporary
   * files, an audit record), then {@link #commit()}; use them only once that returned.
   *
   * @throws SettlementAbortedException when the settlement ends without results
   * @throws IllegalStateException when this object settled (or tried) already
   */
  public HandshakeSettlement.DataHolderOutcome prepare(GrpcChannel session, HandshakeSettlement.BatchCheck check) {
    return prepareWith(session, phases -> {
      SettlementLimits agreed = limits.agreedWith(session.peerLimits());
      if (claims.size() > agreed.maxClaims()) {
        // no id leaves for a batch the session's limits do not allow: only its size, and both refuse it
        session.send(SettlementMessages.tooManyClaims(claims.size()));
        throw new HandshakeSettlement.RefusedException(List.of(SettlementMessages.tooManyClaimsRefusal(claims.size())));
      }
      return HandshakeSettlement.dataHolder(policy, claims, session, Prg.create(),
          withHeBackend(new HandshakeSettlement.Hooks(check, agreed, Disclosures.NONE, phases).withKeyReuse(heKeys)),
          ledger, kept);
    });
  }

  @Override
  org.cosettle.core.Party me() {
    return org.cosettle.core.Party.DATA_HOLDER;
  }
}
