package org.cosettle.mpc.engine;

import org.cosettle.core.InsuredFile;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.transport.GrpcChannel;
import org.cosettle.mpc.transport.SessionHello;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.PrivateValues;

/**
 * The insurer in one settlement of handshake mode: its insured records, private params and states
 * stay here; it gets the outputs and aggregates the policy addresses to it and its states after
 * the batch. The lifecycle is {@link DataHolder}'s: one batch per object, the outcome only after
 * both transcripts agree, every failure a {@link SettlementAbortedException}.
 *
 * <pre>{@code
 * Insurer insurer = Insurer.of(policy, policyDigest, insured, privateParams, SettlementLimits.DEFAULTS);
 * try (PeerSession peer = PeerSession.open(endpoint, me, platformCert, insurer.hello(), options, timeout, port -> {})) {
 *   HandshakeSettlement.InsurerOutcome mine = insurer.settle(peer.channel(), BatchCheck.NONE);
 * }
 * }</pre>
 */
public final class Insurer extends PartySettlement<HandshakeSettlement.InsurerOutcome> {
  private final CompiledPolicy policy;
  private final SessionHello hello;
  private final InsuredFile insured;
  private final PrivateValues values;
  private final SettlementLimits limits;
  private HeKeyReuse heKeys = HeKeyReuse.NONE;
  /** This party's ledger of shares of earlier batches; null: none. */
  private ShareLedger ledger;
  /** This party's kept shares of the states per item code of earlier batches; null: none. */
  private KeptShares kept;

  private Insurer(CompiledPolicy policy, SessionHello hello, InsuredFile insured, PrivateValues values,
      SettlementLimits limits) {
    this.policy = policy;
    this.hello = hello;
    this.insured = insured;
    this.values = values;
    this.limits = limits;
  }

  /** A settlement under {@code policy} (digest {@code policyDigest}) with the insurer's records and private params. */
  public static Insurer of(CompiledPolicy policy, String policyDigest, InsuredFile insured, long[] privateParams,
      SettlementLimits limits) {
    return new Insurer(policy, SessionHello.forPolicy(policy.name(), policy.version(), policyDigest)
        .withLimits(limits.offer()), insured, PrivateValues.of(privateParams), limits);
  }

  /** As {@link #of(CompiledPolicy, String, InsuredFile, long[], SettlementLimits)}, with private tables and code sets. */
  public static Insurer of(CompiledPolicy policy, String policyDigest, InsuredFile insured, PrivateValues values,
      SettlementLimits limits) {
    return new Insurer(policy, SessionHello.forPolicy(policy.name(), policy.version(), policyDigest)
        .withLimits(limits.offer()), insured, values, limits);
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
  public Insurer heBackend(String name) {
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
  public Insurer keepHeKeys(HeKeyReuse reuse) {
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
  public Insurer ledger(ShareLedger ledger) {
    this.ledger = ledger;
    return this;
  }

  /**
   * Reads the states kept per item code with {@code kept}, this party's kept shares written by the
   * settlement of the previous batch ({@link KeptShares}; unset: none yet). The outcome's kept
   * shares are those after this batch, to be written once the settlement committed. Call before
   * settling.
   */
  public Insurer kept(KeptShares kept) {
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
  public HandshakeSettlement.InsurerOutcome settle(GrpcChannel session, HandshakeSettlement.BatchCheck check) {
    HandshakeSettlement.InsurerOutcome outcome = prepare(session, check);
    commit();
    return outcome;
  }

  /**
   * Runs the settlement on {@code session} up to this party's results, with {@code check} (this
   * party's own rule on the batch, e.g. its audit log's refusal of a second settlement) asked
   * before anything is computed. The batch the data holder names is checked against the session's
   * limits (the smaller of this party's and the peer's, from the hellos) before any pool is sized,
   * whatever the peer offered. The results are provisional: put them in safety (temporary
   * files, an audit record), then {@link #commit()}; use them only once that returned.
   *
   * @throws SettlementAbortedException when the settlement ends without results
   * @throws IllegalStateException when this object settled (or tried) already
   */
  public HandshakeSettlement.InsurerOutcome prepare(GrpcChannel session, HandshakeSettlement.BatchCheck check) {
    return prepareWith(session, phases -> HandshakeSettlement.insurer(policy, insured, values, session, Prg.create(),
        withHeBackend(new HandshakeSettlement.Hooks(check, limits.agreedWith(session.peerLimits()), Disclosures.NONE,
            phases).withKeyReuse(heKeys)), ledger, kept));
  }

  @Override
  org.cosettle.core.Party me() {
    return org.cosettle.core.Party.INSURER;
  }
}
