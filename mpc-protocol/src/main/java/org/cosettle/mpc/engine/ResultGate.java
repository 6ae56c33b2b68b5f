package org.cosettle.mpc.engine;

import java.util.Set;
import org.cosettle.core.Party;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.mpc.arith.ArithmeticSession;

/**
 * The one way a result leaves a party in handshake mode: every opening of an output, state,
 * aggregate or the bound-violation count, and every plaintext output or aggregate one party
 * computed alone and sends, passes here, and is reported to the party's {@link Disclosures}
 * with the recipients actually used, just before its messages go out. Keeping the report and
 * the opening in one method is what lets a test trust the record; a test's recording channel
 * checks the rest (that no message of the results phase bypassed this class).
 */
final class ResultGate {
  private final ArithmeticSession session;
  private final Channel channel;
  private final Party me;
  private final Disclosures disclosures;

  ResultGate(ArithmeticSession session, Channel channel, Party me, Disclosures disclosures) {
    this.session = session;
    this.channel = channel;
    this.me = me;
    this.disclosures = disclosures;
  }

  /** The secure evaluation is over: from here on, only results and shared aggregates' masked computation. */
  void resultsBegin() {
    disclosures.resultsBegin();
  }

  /** Aggregate {@code name} is computed on shares next (its masked messages are not results). */
  void computing(String name) {
    disclosures.computing(name);
  }

  /** Who receives a result the policy declares for {@code declared}: always {@code declared} in production. */
  Set<Party> recipients(Disclosure.Kind kind, String name, Set<Party> declared) {
    return disclosures.recipients(kind, name, declared);
  }

  /** Opens {@code shares} to the recipients of the result: the values there, null elsewhere. */
  long[] open(Disclosure.Kind kind, String name, long[] shares, Set<Party> declared) {
    Set<Party> to = recipients(kind, name, declared);
    disclosures.disclosed(Disclosure.opened(kind, name, to));
    return ShareHolders.openTo(session, shares, disclosures.onWire(kind, name, to));
  }

  /** Sends a result this party computed alone to the other party. */
  void send(Disclosure.Kind kind, String name, byte[] message) {
    disclosures.disclosed(Disclosure.sent(kind, name, me));
    channel.send(message);
  }

  /** Receives a result the other party computed alone, at most {@code maxBytes} long. */
  byte[] receive(Disclosure.Kind kind, String name, long maxBytes) {
    disclosures.disclosed(Disclosure.sent(kind, name, me.other()));
    return channel.receive(maxBytes);
  }
}
