package org.cosettle.mpc.engine;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.cosettle.core.Party;

/**
 * One result leaving its shares or its party in handshake mode: what it is ({@link #kind} and the
 * declaration's {@link #name}), who sends it in plaintext ({@link #from}: the party that computed
 * it alone; null when it is opened from shares) and who learns it ({@link #to}). Both parties
 * record the same disclosure: the sender and the receiver of a plaintext value alike, and both
 * holders of the shares of an opening. The masked openings inside products, AND gates and
 * bit conversions are not disclosures: their values are uniform whatever the inputs.
 */
record Disclosure(Kind kind, String name, Party from, Set<Party> to) {
  /** What a disclosed result is. */
  enum Kind {
    /** A declared output, one value per claim. */
    OUTPUT,
    /** A declared aggregate: per group its withheld flag, count and total. */
    AGGREGATE,
    /** A state kept on shares after the batch, one value per insured person. */
    STATE,
    /** Whether any state kept on shares left the money bound: one bit, opened to both before any result. */
    BOUND_VIOLATIONS;

    /** The name a policy or the docs use for it, lower case. */
    String display() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }

  Disclosure {
    to = to.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(to));
  }

  /** Opened from shares to {@code to}. */
  static Disclosure opened(Kind kind, String name, Set<Party> to) {
    return new Disclosure(kind, name, null, to);
  }

  /** Sent in plaintext by {@code from}, who computed it alone, to the other party. */
  static Disclosure sent(Kind kind, String name, Party from) {
    return new Disclosure(kind, name, from, EnumSet.of(from.other()));
  }

  @Override
  public String toString() {
    String what = kind == Kind.BOUND_VIOLATIONS ? kind.display() : kind.display() + " " + name;
    String whom = to.isEmpty() ? "nobody" : String.join(" and ", to.stream().map(Party::cplName).toList());
    return what + (from == null ? " opened to " : " sent by the " + from.displayName() + " to ") + whom;
  }
}
