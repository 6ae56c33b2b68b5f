package org.cosettle.crypto.ot;

/**
 * The peer sent something malformed (a point off the curve, a message of the wrong length) or
 * nothing in time, so the protocol stopped at {@link #step()}. The session that threw it is dead:
 * every later call on it fails, and no partial output was returned. The message names the step and
 * the rule broken, never secret values.
 */
public final class ProtocolAbortException extends RuntimeException {
  private final Enum<?> step;

  public ProtocolAbortException(Enum<?> step, String reason) {
    super(describe(step, reason));
    this.step = step;
  }

  public ProtocolAbortException(Enum<?> step, String reason, Throwable cause) {
    super(describe(step, reason), cause);
    this.step = step;
  }

  /** The step of the protocol at which the peer's fault was seen. */
  public Enum<?> step() {
    return step;
  }

  private static String describe(Enum<?> step, String reason) {
    return "aborted at " + step.getDeclaringClass().getSimpleName() + "." + step.name() + ": " + reason;
  }
}
