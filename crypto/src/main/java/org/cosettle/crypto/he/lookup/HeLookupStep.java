package org.cosettle.crypto.he.lookup;

/**
 * The steps of the homomorphic table lookup and of grouped sums, named by {@link
 * org.cosettle.crypto.ot.ProtocolAbortException}.
 */
enum HeLookupStep {
  /** The table owner's keys and encrypted table. */
  SETUP,
  /** The index holder's packed, masked entries for one batch (or the group holder's masked sums). */
  REPLY,
  /** The value holder's encrypted shares for one grouped sum. */
  VALUES
}
