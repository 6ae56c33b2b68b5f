package org.cosettle.crypto.he.lookup;

/** The steps of the homomorphic table lookup, named by {@link org.cosettle.crypto.ot.ProtocolAbortException}. */
enum HeLookupStep {
  /** The table owner's keys and encrypted table. */
  SETUP,
  /** The index holder's packed, masked entries for one batch. */
  REPLY
}
