package org.cosettle.mpc.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.Party;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.ForwardingChannel;

/**
 * One party's record of a handshake run, for the leak checks ({@link DisclosureCheck}): what its
 * {@link ResultGate} reported, and, interleaved in the order it happened, every message its end of
 * the channel sent and received ({@link #wire}). Both kinds of event come from the party's own
 * thread, so the order is the order on the wire. Subclass it to plant a leak through the hooks of
 * {@link Disclosures}.
 */
class DisclosureLog extends Disclosures {
  /** Something that happened at the party. */
  sealed interface Event permits ResultsBegin, Computing, Disclosed, Message {}

  /** The secure evaluation ended; results follow. */
  record ResultsBegin() implements Event {}

  /** An aggregate's masked computation on shares begins. */
  record Computing(String aggregate) implements Event {}

  /** The gate reported a disclosure; its messages follow. */
  record Disclosed(Disclosure disclosure) implements Event {}

  /** A message this party sent or received. */
  record Message(boolean sent, byte[] bytes) implements Event {}

  final Party party;
  private final List<Event> events = new ArrayList<>();

  DisclosureLog(Party party) {
    this.party = party;
  }

  /** {@code inner}, with every message sent and received through it logged here. */
  Channel wire(Channel inner) {
    return new ForwardingChannel(inner) {
      @Override
      public void send(byte[] message) {
        events.add(new Message(true, message.clone()));
        delegate().send(message);
      }

      @Override
      public byte[] receive() {
        return received(delegate().receive());
      }

      @Override
      public byte[] receive(Duration timeout) {
        return received(delegate().receive(timeout));
      }

      private byte[] received(byte[] message) {
        events.add(new Message(false, message.clone()));
        return message;
      }
    };
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  /** The disclosures the gate reported, in order. */
  List<Disclosure> disclosures() {
    return events.stream().filter(Disclosed.class::isInstance).map(e -> ((Disclosed) e).disclosure()).toList();
  }

  @Override
  void resultsBegin() {
    events.add(new ResultsBegin());
  }

  @Override
  void computing(String name) {
    events.add(new Computing(name));
  }

  @Override
  void disclosed(Disclosure disclosure) {
    events.add(new Disclosed(disclosure));
  }
}
