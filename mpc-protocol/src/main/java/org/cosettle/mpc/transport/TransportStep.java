package org.cosettle.mpc.transport;

/** Where a session stopped, as named by a {@link org.cosettle.crypto.ot.ProtocolAbortException}. */
enum TransportStep {
  /** Agreeing on the session: protocol, context, session id. */
  HELLO,
  /** Exchanging messages. */
  DATA,
  /** Comparing transcripts at the end. */
  FINISH,
  /** The peer aborted the session and said why. */
  PEER_ABORT
}
