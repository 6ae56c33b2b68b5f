package org.cosettle.mpc.engine;

/**
 * Where one party's settlement stands: {@code CREATED} → {@code AGREED} (both said the batch can
 * be settled) → {@code OFFLINE} (the correlated randomness is made) → {@code ONLINE} (the secure
 * evaluation and the openings) → {@code COMMITTED} (both transcripts agree; the results may be
 * used), or {@code ABORTED} from any state before {@code COMMITTED}, with a typed reason.
 */
public enum SettlementState {
  CREATED, AGREED, OFFLINE, ONLINE, COMMITTED, ABORTED
}
