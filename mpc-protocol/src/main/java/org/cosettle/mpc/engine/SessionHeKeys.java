package org.cosettle.mpc.engine;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.cosettle.core.Party;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.he.lookup.HeKeyExchange;
import org.cosettle.crypto.he.lookup.HeKeySet;
import org.cosettle.crypto.he.lookup.HePublicKeys;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.plan.AggregateCosts;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.policy.ir.Ir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parties' HE keys in one session: the round at the session's start in which each party whose
 * keys the plan may use (the one that encrypts: the insurer for its private lookups and for the
 * aggregates grouped by the data holder's keys, the data holder for those grouped by the insurer's)
 * offers its kept key set by fingerprint, and the other answers whether its cache holds it ({@link
 * HeKeyExchange}); then the keys themselves, sent by the first HE step that needs them when the
 * peer lacks them. Both parties learn from the round whether each party's keys are cached, which
 * the planner's cost model takes ({@link AggregateCosts.Keys}). A party without a key store offers
 * none, and its HE steps make and send fresh keys as before.
 */
final class SessionHeKeys {
  /** Public facts only: fingerprints, whether cached. Never a key. */
  private static final Logger LOG = LoggerFactory.getLogger(SessionHeKeys.class);
  /** The session uses no HE keys of either party: no round. */
  static final SessionHeKeys NONE = new SessionHeKeys(null, Party.DATA_HOLDER, null, false, null, null, false, null);

  private final Channel channel;
  private final Party me;
  /** This party's kept keys, offered this session (null: none offered, fresh keys). */
  private final HeKeySet own;
  private final boolean ownCached;
  private boolean delivered;
  /** The fingerprint the peer offered (null: none). */
  private final byte[] peerFingerprint;
  private HePublicKeys peerKeys;
  private final boolean peerCached;
  private final HeKeyReuse reuse;

  private SessionHeKeys(Channel channel, Party me, HeKeySet own, boolean ownCached, byte[] peerFingerprint,
      HePublicKeys peerKeys, boolean peerCached, HeKeyReuse reuse) {
    this.channel = channel;
    this.me = me;
    this.own = own;
    this.ownCached = ownCached;
    this.peerFingerprint = peerFingerprint;
    this.peerKeys = peerKeys;
    this.peerCached = peerCached;
    this.reuse = reuse;
  }

  /**
   * Whether {@code plan} may use {@code encryptor}'s HE keys: the insurer's for a private lookup or
   * an aggregate on shares grouped by the data holder's plaintext key, the data holder's for one
   * grouped by the insurer's. Both parties derive it from the policy alone, so both run the same
   * round or none.
   */
  static boolean uses(Plan plan, Party encryptor) {
    if (!plan.refusals().isEmpty()) {
      return false;
    }
    if (encryptor == Party.INSURER && !plan.lookups().isEmpty()) {
      return true;
    }
    Ir.Label grouping = encryptor == Party.INSURER ? Ir.Label.DATA_HOLDER : Ir.Label.INSURER;
    for (Ir.AggregateStep step : plan.program().aggregates()) {
      if (plan.aggregateOwner(step) == null && step.keyKind() != Ir.KeyKind.NONE
          && step.keyLabel(plan::site) == grouping) {
        return true;
      }
    }
    return false;
  }

  /** The round for {@code plan}; {@link #NONE} when it uses no HE keys. */
  static SessionHeKeys round(Plan plan, Party me, HeKeyReuse reuse, Channel channel, Prg prg) {
    boolean mine = uses(plan, me);
    boolean theirs = uses(plan, other(me));
    return mine || theirs ? round(me, mine, theirs, reuse, channel, prg) : NONE;
  }

  /**
   * The round: each party whose keys the session may use ({@code mine}, {@code theirs}) offers
   * them, then each answers the other's offer. A store that cannot serve closes the channel.
   */
  static SessionHeKeys round(Party me, boolean mine, boolean theirs, HeKeyReuse reuse, Channel channel, Prg prg) {
    HeKeySet own = null;
    if (mine) {
      try {
        own = reuse.store() == null ? null : reuse.store().forSession(Instant.now(), prg);
      } catch (RuntimeException e) {
        channel.close();
        throw e;
      }
      HeKeyExchange.offer(channel, own == null ? null : own.publicKeys());
    }
    byte[] offered = theirs ? HeKeyExchange.receiveOffer(channel).orElse(null) : null;
    Optional<HePublicKeys> have = Optional.empty();
    if (offered != null) {
      have = reuse.cache() == null ? Optional.empty() : reuse.cache().lookUp(reuse.peerIdentity(), offered);
      HeKeyExchange.answer(channel, have.isPresent());
      LOG.info("{}: the peer's HE keys {} {}", me.displayName(), java.util.HexFormat.of().formatHex(offered),
          have.isPresent() ? "from the cache" : "not cached");
    }
    boolean ownCached = own != null && HeKeyExchange.receiveAnswer(channel);
    if (own != null) {
      LOG.info("{}: HE keys {} {}", me.displayName(), own.publicKeys().fingerprintHex(),
          ownCached ? "cached by the peer" : "to be sent if a step needs them");
    }
    return new SessionHeKeys(channel, me, own, ownCached, offered, have.orElse(null), have.isPresent(), reuse);
  }

  private static Party other(Party party) {
    return party == Party.INSURER ? Party.DATA_HOLDER : Party.INSURER;
  }

  /** Whether {@code encryptor}'s keys are kept across sessions (offered this session). */
  boolean kept(Party encryptor) {
    return encryptor == me ? own != null : peerFingerprint != null;
  }

  /** What the planner counts for {@code encryptor}'s keys this session. */
  AggregateCosts.Keys costState(Party encryptor) {
    boolean cached = encryptor == me ? ownCached : peerCached;
    return !kept(encryptor) ? AggregateCosts.Keys.FRESH : cached ? AggregateCosts.Keys.CACHED : AggregateCosts.Keys.KEPT;
  }

  /** This party's kept keys, sent first if the peer lacks them and they have not gone yet. */
  HeKeySet ownKeys() {
    if (own == null) {
      throw new IllegalStateException("no kept HE keys at this party");
    }
    if (!ownCached && !delivered) {
      HeKeyExchange.sendKeys(channel, own.publicKeys());
      delivered = true;
    }
    return own;
  }

  /**
   * The peer's public keys, from the cache or received now (checked against the fingerprint
   * offered, then cached; keys that do not match abort and nothing is written).
   */
  HePublicKeys peerKeys() {
    if (peerFingerprint == null) {
      throw new IllegalStateException("the peer offered no kept HE keys");
    }
    if (peerKeys == null) {
      HePublicKeys received = HeKeyExchange.receiveKeys(channel, peerFingerprint);
      if (reuse.cache() != null) {
        try {
          reuse.cache().store(reuse.peerIdentity(), received);
        } catch (IOException e) {
          LOG.warn("{}: the peer's HE keys could not be cached ({}); the next session fetches them again",
              me.displayName(), e.getMessage());
        }
      }
      peerKeys = received;
    }
    return peerKeys;
  }
}
