package org.cosettle.mpc.engine;

import org.cosettle.mpc.transport.SessionHello;

/**
 * What one party lets a batch cost it. Each party offers its limits in its session hello, and
 * both hold the session to the smaller of each ({@link #agreedWith}): the data holder sends no
 * id of a batch with more claims than that, and both check the batch's metadata against it
 * before any pool is sized, so a peer cannot make this party allocate more than these allow. A
 * batch runs in slices of whole insured persons, each with correlated randomness of its own made
 * just before it runs, so the correlations are a limit per slice: both parties cut the slices to
 * a quarter of it (at most 2^24) and refuse a batch with a person whose claims alone need more
 * than it. A batch beyond the limits is refused ({@link
 * org.cosettle.mpc.plan.Refusal.Kind#BATCH_TOO_LARGE}) at both parties.
 *
 * @param maxClaims the most claims in one batch
 * @param maxCorrelations the most Beaver triples, AND triples, daBits and random OTs together in
 *     one slice of a batch (from a few bits to a few dozen bytes each in memory)
 */
public record SettlementLimits(int maxClaims, long maxCorrelations) {
  /** A million claims a batch, 2^26 correlations a slice (1.5 GiB if all were Beaver triples). */
  public static final SettlementLimits DEFAULTS = new SettlementLimits(1_000_000, 1L << 26);

  public SettlementLimits {
    if (maxClaims < 1 || maxCorrelations < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /** These limits as this party offers them in its hello. */
  public SessionHello.Limits offer() {
    return new SessionHello.Limits(maxClaims, maxCorrelations);
  }

  /** The limits of a session whose peer offered {@code peer} (null: none): the smaller of each. */
  public SettlementLimits agreedWith(SessionHello.Limits peer) {
    SessionHello.Limits both = offer().min(peer);
    return new SettlementLimits((int) both.maxClaims(), both.maxCorrelations());
  }
}
