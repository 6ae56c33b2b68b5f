/**
 * What only the secure engine of handshake mode (mpc-protocol, {@code org.cosettle.mpc}) needs
 * from the policy language: one party's plaintext share of an evaluation and each party's view
 * of a batch. Not part of the documented API; the architecture tests keep every other module
 * out of it.
 */
package org.cosettle.policy.internal;
