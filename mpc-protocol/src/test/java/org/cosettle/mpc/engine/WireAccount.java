package org.cosettle.mpc.engine;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.cosettle.core.Claim;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.proto.AggregateRows;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.internal.PartyViews;
import org.cosettle.policy.ir.Ir;

/**
 * Check 2 of {@link DisclosureCheck}: every message of a party's results phase is accounted for by
 * the disclosure its {@link ResultGate} recorded just before it, in number and in size. The sizes
 * come from the batch, not from the engine: {@code claims} values per output, {@code persons} per
 * state, three per group of an aggregate opened from shares (and one row per group sent).
 */
final class WireAccount {
  private final int claims;
  private final int persons;
  private final Map<String, Integer> groups;

  private WireAccount(int claims, int persons, Map<String, Integer> groups) {
    this.claims = claims;
    this.persons = persons;
    this.groups = groups;
  }

  /** The sizes of {@code policy}'s results on the batch {@code claims}. */
  static WireAccount of(CompiledPolicy policy, List<Claim> claims) {
    Map<String, Integer> groups = new HashMap<>();
    for (Ir.AggregateStep a : policy.aggregates()) {
      groups.put(a.name(), switch (a.keyKind()) {
        case NONE -> 1;
        case HOSPITAL -> PartyViews.hospitalGroups(claims).size();
        default -> a.groups().size();
      });
    }
    return new WireAccount(claims.size(), new HashSet<>(claims.stream().map(Claim::insuredId).toList()).size(), groups);
  }

  /**
   * What in {@code log}'s results phase no disclosure accounts for. A party that did not finish
   * may have stopped inside its last disclosure, which may then lack messages (never have more).
   */
  List<String> check(DisclosureLog log, boolean finished) {
    List<String> findings = new ArrayList<>();
    boolean results = false;
    // what the messages since belong to: a disclosure, an aggregate's computation, or (null) nothing
    DisclosureLog.Event opened = null;
    List<DisclosureLog.Message> messages = new ArrayList<>();
    for (DisclosureLog.Event e : log.events()) {
      if (e instanceof DisclosureLog.ResultsBegin) {
        results = true;
      } else if (e instanceof DisclosureLog.Message m) {
        if (results) {
          messages.add(m);
        }
      } else {
        if (!results) {
          findings.add("before the secure evaluation ended: " + e);
        }
        account(log.party, opened, messages, true, findings);
        opened = e;
        messages.clear();
      }
    }
    account(log.party, opened, messages, finished, findings);
    return findings;
  }

  private void account(Party me, DisclosureLog.Event opened, List<DisclosureLog.Message> messages, boolean complete,
      List<String> findings) {
    if (opened instanceof DisclosureLog.Computing) {
      return; // masked openings of a computation on shares: not results (see DisclosureCheck)
    }
    if (!(opened instanceof DisclosureLog.Disclosed disclosed)) {
      if (!messages.isEmpty()) {
        findings.add(messages.size() + " message(s) after the secure evaluation that no disclosure accounts for: "
            + describe(messages));
      }
      return;
    }
    Disclosure d = disclosed.disclosure();
    int wantSent = d.from() == me || (d.from() == null && d.to().contains(me.other())) ? 1 : 0;
    int wantReceived = d.from() == me.other() || (d.from() == null && d.to().contains(me)) ? 1 : 0;
    long sent = messages.stream().filter(DisclosureLog.Message::sent).count();
    long received = messages.size() - sent;
    if (sent > wantSent || received > wantReceived || complete && (sent < wantSent || received < wantReceived)) {
      findings.add(d + ": the " + me.displayName() + " sent " + sent + " and received " + received
          + " message(s) where it accounts for " + wantSent + " and " + wantReceived + ": " + describe(messages));
    }
    for (DisclosureLog.Message m : messages) {
      String wrong = wrongSize(d, m.bytes());
      if (wrong != null) {
        findings.add(d + ": " + wrong);
      }
    }
  }

  /** Why {@code message} is not a message of {@code d}; null when it fits. */
  private String wrongSize(Disclosure d, byte[] message) {
    if (d.kind() == Disclosure.Kind.AGGREGATE && d.from() != null) {
      int rows;
      try {
        rows = AggregateRows.parseFrom(message).getRowsCount();
      } catch (InvalidProtocolBufferException e) {
        return "a message that is not aggregate rows";
      }
      return rows == groups.get(d.name()) ? null : rows + " rows where the aggregate has " + groups.get(d.name())
          + " groups";
    }
    long values = switch (d.kind()) {
      case OUTPUT -> claims;
      case STATE -> persons;
      case AGGREGATE -> 3L * groups.get(d.name());
      case BOUND_VIOLATIONS -> 1;
    };
    return message.length == values * Long.BYTES ? null
        : "a message of " + message.length + " bytes where " + values * Long.BYTES + " were expected";
  }

  private static String describe(List<DisclosureLog.Message> messages) {
    return String.join(", ", messages.stream().map(m -> (m.sent() ? "sent " : "received ") + m.bytes().length
        + " bytes").toList());
  }
}
