package org.cosettle.crypto.he.lookup;

/**
 * The steps of the homomorphic table lookup and of grouped sums, named by {@link
 * org.cosettle.crypto.ot.ProtocolAbortException}.
 */
enum HeLookupStep {
  /** The key owner's offer of its keys by fingerprint, the peer's answer, the keys when the peer lacks them. */
  KEYS,
  /** The table owner's keys and encrypted table. */
  SETUP,
  /** The index holder's packed, masked entries for one batch (or the group holder's masked sums). */
  REPLY,
  /** The value holder's encrypted shares for one grouped sum. */
  VALUES
}
