package org.cosettle.policy.check;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.cosettle.core.Party;
import org.cosettle.policy.syntax.Ast;

/** The recipients of an output or aggregate ({@code to insurer, data_holder}; spec §5). */
final class Recipients {
  private Recipients() {}

  /** The parties named, or null after reporting an unknown or repeated one. */
  static Set<Party> check(Findings found, List<Ast.Party> parties) {
    Set<Party> named = EnumSet.noneOf(Party.class);
    boolean ok = true;
    for (Ast.Party p : parties) {
      Party party = Party.fromCplName(p.name()).orElse(null);
      if (party == null) {
        List<String> names = Arrays.stream(Party.values()).map(Party::cplName).toList();
        found.error(p.pos(), "unknown party '" + p.name() + "' (insurer or data_holder)" + Suggestions.suggest(p.name(), names));
        ok = false;
      } else if (!named.add(party)) {
        found.error(p.pos(), "party '" + p.name() + "' named twice");
        ok = false;
      }
    }
    return ok ? Collections.unmodifiableSet(named) : null;
  }
}
