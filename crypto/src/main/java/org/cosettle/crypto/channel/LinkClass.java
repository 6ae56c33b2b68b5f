package org.cosettle.crypto.channel;

/**
 * What lies between the two ends of a {@link Channel}, as each end declares it: what a protocol
 * may weigh when it trades CPU for bytes (silent OT saves bytes at a CPU cost, which pays only when
 * bytes cost time). Both parties must agree on it before they act on it; a protocol that chooses by
 * it checks that the peer declares the same class.
 */
public enum LinkClass {
  /** Both ends in one process (threads of one JVM): bytes cost a memory copy, CPU is what counts. */
  IN_PROCESS,
  /** A network link of unknown speed, from loopback to a wide-area path: bytes are worth saving. */
  NETWORK
}
