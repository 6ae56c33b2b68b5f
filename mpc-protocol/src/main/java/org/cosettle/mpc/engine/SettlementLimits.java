package org.cosettle.mpc.engine;

/**
 * What one party lets a batch cost it, checked on the batch's metadata before any pool is sized:
 * a peer cannot make this party allocate more than these allow. A batch beyond them is refused
 * ({@link org.cosettle.mpc.plan.Refusal.Kind#BATCH_TOO_LARGE}) at both parties; split it.
 *
 * @param maxClaims the most claims in one batch
 * @param maxCorrelations the most Beaver triples, AND triples and daBits together (each a few
 *     dozen bytes in memory)
 */
public record SettlementLimits(int maxClaims, long maxCorrelations) {
  /** A million claims, 2^26 correlations (about 2 GiB of correlated randomness at most). */
  public static final SettlementLimits DEFAULTS = new SettlementLimits(1_000_000, 1L << 26);

  public SettlementLimits {
    if (maxClaims < 1 || maxCorrelations < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
