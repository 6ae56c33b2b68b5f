package org.cosettle.mpc.arith;

/**
 * An online step needs more correlated randomness than the {@link TriplePool} holds. Thrown before
 * anything is sent, so both parties (whose pools hold the same counts) fail at the same step and
 * the session stays usable once the pools are refilled. The message names counts only.
 */
final class TriplePoolExhaustedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  TriplePoolExhaustedException(String kind, long needed, long left) {
    super("the triple pool holds " + left + " " + kind + ", " + needed + " are needed: fill it in the offline phase");
  }
}
