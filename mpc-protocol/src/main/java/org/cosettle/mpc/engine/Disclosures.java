package org.cosettle.mpc.engine;

import java.util.Set;
import org.cosettle.core.Party;

/**
 * What one party's {@link ResultGate} reports, and the two places a test can plant a leak in it.
 * Production passes {@link #NONE} (the public entry points of {@link HandshakeSettlement} know no
 * other): it records nothing and changes nothing. Tests of the same package subclass it to record
 * every disclosure and to check the record against the manifest and against what was on the wire.
 *
 * <p>Reports come in the order things happen, on the party's own thread: {@link #resultsBegin}
 * once, after the secure evaluation (from then on every message either party sends belongs to a
 * disclosure or to the masked computation of an aggregate on shares), {@link #computing} before
 * each such computation, and {@link #disclosed} just before the messages of each disclosure.
 *
 * <p>The hooks exist so that the suite can prove its leak checks fail on a real leak (positive
 * controls); there is deliberately no setting, property or public method that reaches them.
 */
abstract class Disclosures {
  /** Records nothing, plants nothing: what every production run uses. */
  static final Disclosures NONE = new Disclosures() {};

  /** The secure evaluation is over; results and the masked computation of shared aggregates follow. */
  void resultsBegin() {}

  /** Aggregate {@code name} is about to be computed on shares: masked messages until its disclosure. */
  void computing(String name) {}

  /** {@code disclosure} is about to leave (or arrive at) this party: its messages follow. */
  void disclosed(Disclosure disclosure) {}

  /**
   * Planted-leak hook: the recipients the engine uses for a result the policy declares for
   * {@code declared} (both parties must plant the same leak, or the run stops out of step). The
   * gate records the recipients this returns, so the record shows the leak.
   */
  Set<Party> recipients(Disclosure.Kind kind, String name, Set<Party> declared) {
    return declared;
  }

  /**
   * Planted-leak hook: the recipients an opening actually goes to when the record says {@code
   * recorded}. Anything but {@code recorded} makes the record lie, as an opening that bypassed the
   * gate would; only the wire cross-check can see it.
   */
  Set<Party> onWire(Disclosure.Kind kind, String name, Set<Party> recorded) {
    return recorded;
  }

  /**
   * Planted-leak hook: whether the engine opens each state kept per item code to the insurer after
   * the batch as it opens the states kept per person (its increments per item row, which with the
   * rows' codes give the values per code), as a bug treating it as a per-person state would.
   */
  boolean opensStatesPerCode() {
    return false;
  }

  /**
   * Planted-leak hook: whether the engine opens the kept shares of each state kept per item code
   * to the insurer after the batch (each person's kept value per slot, which with the slots' codes
   * at the data holder are the values per code), as a bug opening them for the next batch would.
   */
  boolean opensKeptValues() {
    return false;
  }
}
