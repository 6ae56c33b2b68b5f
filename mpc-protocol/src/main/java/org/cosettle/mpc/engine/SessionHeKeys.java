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
 * The insurer's HE keys in one session: the round at the session's start in which the insurer
 * offers its kept key set by fingerprint and the platform answers whether its cache holds it
 * ({@link HeKeyExchange}), and the keys themselves, sent by the first HE step that needs them when
 * the platform lacks them. Both parties learn from the round whether the keys are cached, which
 * the planner's cost model takes ({@link AggregateCosts.Keys}). Without kept keys (no store at the
 * insurer) the HE steps make and send fresh keys as before.
 */
final class SessionHeKeys {
  /** Public facts only: fingerprints, whether cached, file names. Never a key. */
  private static final Logger LOG = LoggerFactory.getLogger(SessionHeKeys.class);
  /** The session uses no HE of the insurer's keys: no round. */
  static final SessionHeKeys NONE = new SessionHeKeys(null, null, null, null, false, null, null);

  private final Channel channel;
  /** At the insurer with kept keys: the set. */
  private final HeKeySet own;
  /** At the platform when offered: the fingerprint. */
  private final byte[] fingerprint;
  private final HeKeyReuse reuse;
  private final boolean cached;
  private HePublicKeys peerKeys;
  private boolean delivered;
  private final Party me;

  private SessionHeKeys(Channel channel, Party me, HeKeySet own, byte[] fingerprint, boolean cached,
      HePublicKeys peerKeys, HeKeyReuse reuse) {
    this.channel = channel;
    this.me = me;
    this.own = own;
    this.fingerprint = fingerprint;
    this.cached = cached;
    this.peerKeys = peerKeys;
    this.reuse = reuse;
  }

  /**
   * Whether {@code plan} may use the insurer's HE keys: a private lookup, or an aggregate on shares
   * grouped by the platform's plaintext key (the insurer then encrypts). Both parties derive it
   * from the policy alone, so both run the round or neither.
   */
  static boolean mayUse(Plan plan) {
    if (!plan.refusals().isEmpty()) {
      return false;
    }
    if (!plan.lookups().isEmpty()) {
      return true;
    }
    for (Ir.AggregateStep step : plan.program().aggregates()) {
      if (plan.aggregateOwner(step) == null && step.keyKind() != Ir.KeyKind.NONE
          && step.keyLabel(plan::site) == Ir.Label.DATA_HOLDER) {
        return true;
      }
    }
    return false;
  }

  /** The round: the insurer offers, the platform answers. A store that cannot serve closes the channel. */
  static SessionHeKeys round(Party me, HeKeyReuse reuse, Channel channel, Prg prg) {
    if (me == Party.INSURER) {
      HeKeySet own;
      try {
        own = reuse.store() == null ? null : reuse.store().forSession(Instant.now(), prg);
      } catch (RuntimeException e) {
        channel.close();
        throw e;
      }
      HeKeyExchange.offer(channel, own == null ? null : own.publicKeys());
      boolean cached = own != null && HeKeyExchange.receiveAnswer(channel);
      if (own != null) {
        LOG.info("insurer: HE keys {} {}", own.publicKeys().fingerprintHex(), cached ? "cached by the peer"
            : "to be sent if a step needs them");
      }
      return new SessionHeKeys(channel, me, own, null, cached, null, reuse);
    }
    Optional<byte[]> offered = HeKeyExchange.receiveOffer(channel);
    if (offered.isEmpty()) {
      return new SessionHeKeys(channel, me, null, null, false, null, reuse);
    }
    Optional<HePublicKeys> have = reuse.cache() == null ? Optional.empty()
        : reuse.cache().lookUp(reuse.peerIdentity(), offered.get());
    HeKeyExchange.answer(channel, have.isPresent());
    LOG.info("data holder: the insurer's HE keys {} {}", java.util.HexFormat.of().formatHex(offered.get()),
        have.isPresent() ? "from the cache" : "not cached");
    return new SessionHeKeys(channel, me, null, offered.get(), have.isPresent(), have.orElse(null), reuse);
  }

  /** Whether the insurer's keys are kept across sessions (offered this session). */
  boolean kept() {
    return own != null || fingerprint != null;
  }

  /** What the planner counts for the insurer's keys this session. */
  AggregateCosts.Keys costState() {
    return !kept() ? AggregateCosts.Keys.FRESH : cached ? AggregateCosts.Keys.CACHED : AggregateCosts.Keys.KEPT;
  }

  /** At the insurer: its kept keys, sent first if the platform lacks them and they have not gone yet. */
  HeKeySet ownKeys() {
    if (own == null) {
      throw new IllegalStateException("no kept HE keys at this party");
    }
    if (!cached && !delivered) {
      HeKeyExchange.sendKeys(channel, own.publicKeys());
      delivered = true;
    }
    return own;
  }

  /**
   * At the platform: the insurer's public keys, from the cache or received now (checked against
   * the fingerprint offered, then cached; keys that do not match abort and nothing is written).
   */
  HePublicKeys peerKeys() {
    if (fingerprint == null) {
      throw new IllegalStateException("the peer offered no kept HE keys");
    }
    if (peerKeys == null) {
      HePublicKeys received = HeKeyExchange.receiveKeys(channel, fingerprint);
      if (reuse.cache() != null) {
        try {
          reuse.cache().store(reuse.peerIdentity(), received);
        } catch (IOException e) {
          LOG.warn("{}: the insurer's HE keys could not be cached ({}); the next session fetches them again",
              me.displayName(), e.getMessage());
        }
      }
      peerKeys = received;
    }
    return peerKeys;
  }
}
